import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// One result row read by column position, as the fact loader needs it: numbers, integers and text.
protocol ColumnRow {
    /// The number in column `index`, NaN when null or not a number.
    func double(_ index: Int) -> Double
    func int(_ index: Int) -> Int?
    func string(_ index: Int) -> String?
    /// A moment (`.datetime` column), nil when null.
    func date(_ index: Int) -> Date?
}

/// Streams the rows of a select straight from the driver (SQLite rows or PostgreSQL cells), skipping SQLKit's
/// per-cell `Decodable` path: loading a million enterprises' facts is tens of millions of cells, and that path
/// costs several times the reading itself. Other databases fall back to SQLKit rows. `columns` names the
/// selected columns in order.
enum ColumnRows {
    static func forEach(_ sql: any SQLDatabase, _ query: SQLSelectBuilder, columns: [String],
                        _ body: @escaping @Sendable (any ColumnRow) -> Void) async throws {
        let (text, binds) = sql.serialize(query.select)
        if let sqlite = sql as? any SQLiteDatabase, let values = sqliteBinds(binds) {
            // The connection's own query calls back on its thread for every row; the database-level one would hop
            // each row to the event loop.
            try await sqlite.withConnection { connection in
                try await connection.query(text, values) { row in body(SQLiteColumns(row: row, names: columns)) }
            }
            return
        }
        if let postgres = sql as? any PostgresDatabase, let bindings = postgresBinds(binds) {
            let logger = postgres.logger
            // The callback form, as SQLKit reads: rows are handed over on the connection's event loop as they
            // arrive. The async row sequence (back-pressure) hit PostgresNIO 1.33's RowStreamStateMachine
            // precondition ("channelReadComplete … waitingForDemand") under a snapshot build at 100 k enterprises
            // and took the whole server down; a crash loses every connection, a busy loop only delays one.
            try await postgres.withConnection { connection in
                connection.query(PostgresQuery(unsafeSQL: text, binds: bindings), logger: logger) { row in
                    body(PostgresColumns(row: row.makeRandomAccess()))
                }.map { _ in }
            }.get()
            return
        }
        try await sql.execute(sql: query.select) { row in body(SQLColumns(row: row, names: columns)) }
    }

    private static func sqliteBinds(_ binds: [any Encodable & Sendable]) -> [SQLiteData]? {
        var values: [SQLiteData] = []
        for bind in binds {
            switch bind {
            case let value as Int: values.append(.integer(value))
            case let value as String: values.append(.text(value))
            case let value as Double: values.append(.float(value))
            case let value as any RawRepresentable:
                guard let raw = value.rawValue as? String else { return nil }
                values.append(.text(raw))
            default: return nil
            }
        }
        return values
    }

    static func postgresBinds(_ binds: [any Encodable & Sendable]) -> PostgresBindings? {
        var bindings = PostgresBindings()
        for bind in binds {
            switch bind {
            case let value as Int: bindings.append(value)
            case let value as String: bindings.append(value)
            case let value as Double: bindings.append(value)
            case let value as any RawRepresentable:
                guard let raw = value.rawValue as? String else { return nil }
                bindings.append(raw)
            default: return nil
            }
        }
        return bindings
    }
}

private struct SQLiteColumns: ColumnRow {
    let row: SQLiteRow
    let names: [String]

    private func data(_ index: Int) -> SQLiteData? { names.indices.contains(index) ? row.column(names[index]) : nil }

    func double(_ index: Int) -> Double {
        switch data(index) {
        case .float(let value): value
        case .integer(let value): Double(value)
        default: .nan
        }
    }

    func int(_ index: Int) -> Int? {
        switch data(index) {
        case .integer(let value): value
        case .float(let value) where value == value.rounded() && abs(value) < 1e15: Int(value)
        default: nil
        }
    }

    func string(_ index: Int) -> String? {
        if case .text(let value) = data(index) { return value }
        return nil
    }

    func date(_ index: Int) -> Date? { data(index).flatMap { Date(sqliteData: $0) } }
}

private struct PostgresColumns: ColumnRow {
    let row: PostgresRandomAccessRow

    private func cell(_ index: Int) -> PostgresCell? { index >= 0 && index < row.count ? row[index] : nil }

    /// Binary float8 and int8 cells are read straight from their bytes (big-endian, as the protocol sends them);
    /// anything else goes through PostgresNIO's decoding.
    func double(_ index: Int) -> Double {
        guard let cell = cell(index), let bytes = cell.bytes else { return .nan }
        if cell.format == .binary, cell.dataType == .float8, bytes.readableBytes == 8,
           let bits = bytes.getInteger(at: bytes.readerIndex, endianness: .big, as: UInt64.self)
        {
            return Double(bitPattern: bits)
        }
        return ((try? cell.decode(Double?.self)) ?? nil) ?? .nan
    }

    func int(_ index: Int) -> Int? {
        guard let cell = cell(index), let bytes = cell.bytes else { return nil }
        if cell.format == .binary, cell.dataType == .int8, bytes.readableBytes == 8,
           let value = bytes.getInteger(at: bytes.readerIndex, endianness: .big, as: Int64.self)
        {
            return Int(value)
        }
        return (try? cell.decode(Int?.self)) ?? nil
    }

    func string(_ index: Int) -> String? {
        guard let cell = cell(index) else { return nil }
        return (try? cell.decode(String?.self)) ?? nil
    }

    func date(_ index: Int) -> Date? {
        guard let cell = cell(index) else { return nil }
        return (try? cell.decode(Date?.self)) ?? nil
    }
}

private struct SQLColumns: ColumnRow {
    let row: any SQLRow
    let names: [String]

    private func name(_ index: Int) -> String { names.indices.contains(index) ? names[index] : "" }

    func double(_ index: Int) -> Double { ((try? row.decode(column: name(index), as: Double?.self)) ?? nil) ?? .nan }
    func int(_ index: Int) -> Int? { (try? row.decode(column: name(index), as: Int?.self)) ?? nil }
    func string(_ index: Int) -> String? { (try? row.decode(column: name(index), as: String?.self)) ?? nil }
    func date(_ index: Int) -> Date? { (try? row.decode(column: name(index), as: Date?.self)) ?? nil }
}
