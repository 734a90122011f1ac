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
            try await forEachRow(postgres, text, bindings) { row in body(PostgresColumns(row: row.makeRandomAccess())) }
            return
        }
        try await sql.execute(sql: query.select) { row in body(SQLColumns(row: row, names: columns)) }
    }

    /// Streams the rows of `text` on one of `postgres`'s connections.
    ///
    /// The callback form, as SQLKit reads: rows are handed over on the connection's event loop as they arrive. The
    /// async row sequence (back-pressure) hit PostgresNIO 1.33's RowStreamStateMachine precondition
    /// ("channelReadComplete … waitingForDemand") under a snapshot build at 100 k enterprises and took the whole
    /// server down; a crash loses every connection, a busy loop only delays one.
    ///
    /// `serial` runs it without parallel workers or JIT compilation, for a caller that already reads in parts at
    /// once: on two cores, two parts of a national fact read took 2.1 s in psql with PostgreSQL's defaults (a
    /// gather of workers per part, and a compilation each) and 1.6 s without. The settings are `SET LOCAL` in a
    /// transaction of the read's own, so the pooled connection goes back as it was.
    static func forEachRow(_ postgres: any PostgresDatabase, _ text: String, _ bindings: PostgresBindings,
                           serial: Bool = false, _ body: @escaping @Sendable (PostgresRow) -> Void) async throws {
        let logger = postgres.logger
        try await postgres.withConnection { connection in
            // Sent when called: inside the transaction when `serial`.
            let read: @Sendable () -> EventLoopFuture<Void> = {
                connection.query(PostgresQuery(unsafeSQL: text, binds: bindings), logger: logger, body).map { _ in }
            }
            guard serial else { return read() }
            return connection.simpleQuery("BEGIN")
                .flatMap { _ in connection.simpleQuery("SET LOCAL max_parallel_workers_per_gather = 0") }
                .flatMap { _ in connection.simpleQuery("SET LOCAL jit = off") }
                .flatMap { _ in read() }
                .flatMap { connection.simpleQuery("COMMIT").map { _ in } }
                .flatMapError { error in
                    // The read's error is the one to report, whether or not the rollback goes through.
                    connection.simpleQuery("ROLLBACK").flatMapThrowing { _ in throw error }.flatMapErrorThrowing { _ in throw error }
                }
        }.get()
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
        guard let cell = cell(index), cell.bytes != nil else { return nil }
        return cell.binaryInt8 ?? ((try? cell.decode(Int?.self)) ?? nil)
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

extension PostgresCell {
    /// A binary `int8` cell's value read straight from its bytes (big-endian, as the protocol sends it); nil for
    /// NULL or a cell of another type or format.
    var binaryInt8: Int? {
        guard format == .binary, dataType == .int8, let bytes, bytes.readableBytes == 8,
              let value = bytes.getInteger(at: bytes.readerIndex, endianness: .big, as: Int64.self)
        else { return nil }
        return Int(value)
    }
}
