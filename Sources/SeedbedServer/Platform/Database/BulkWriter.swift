import FluentKit
import FluentPostgresDriver
import Foundation
import NIOCore
import TextFormatting

/// A column written by `BulkWriter`: its name and the kind of value it takes, which decides how a value is
/// spelled in COPY's text format. The encoder checks each value against it, so a row that drifts from its column
/// list fails with a clear error instead of loading shifted columns.
struct CopyColumn: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case integer, double, text, boolean, timestamp, bytes
    }

    let name: String
    let kind: Kind

    static func integer(_ name: String) -> CopyColumn { CopyColumn(name: name, kind: .integer) }
    static func double(_ name: String) -> CopyColumn { CopyColumn(name: name, kind: .double) }
    static func text(_ name: String) -> CopyColumn { CopyColumn(name: name, kind: .text) }
    static func boolean(_ name: String) -> CopyColumn { CopyColumn(name: name, kind: .boolean) }
    static func timestamp(_ name: String) -> CopyColumn { CopyColumn(name: name, kind: .timestamp) }
    static func bytes(_ name: String) -> CopyColumn { CopyColumn(name: name, kind: .bytes) }
}

/// Encodes rows in PostgreSQL's COPY text format (tab between columns, newline after a row, `\N` for NULL) into
/// a buffer. Text is escaped as the format requires — backslash, tab, newline and carriage return as `\\`, `\t`,
/// `\n`, `\r` — so any string arrives as it was; a string holding NUL, which PostgreSQL cannot store in text,
/// is refused with an error naming the column and row. Numbers are written in their shortest round-trip form,
/// timestamps in UTC to the microsecond (as PostgresNIO's binary encoding truncates them), bytes as `\\x…` hex.
struct CopyRowEncoder {
    let columns: [CopyColumn]
    private(set) var buffer: ByteBuffer
    private var column = 0
    /// Rows completed so far (for error messages and counts).
    private(set) var rows = 0

    init(columns: [CopyColumn], capacity: Int = 1 << 16) {
        self.columns = columns
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Hands the encoded bytes over and starts an empty buffer.
    mutating func take() -> ByteBuffer {
        let full = buffer
        buffer = ByteBufferAllocator().buffer(capacity: max(full.capacity, 1 << 16))
        return full
    }

    private mutating func next(_ kind: CopyColumn.Kind) throws {
        guard column < columns.count else {
            throw AppError.invalid("批量写入第 \(rows + 1) 行的值多于 \(columns.count) 列", code: "bulk_row_too_long")
        }
        guard columns[column].kind == kind else {
            throw AppError.invalid("批量写入第 \(rows + 1) 行的列「\(columns[column].name)」类型不符", code: "bulk_column_kind")
        }
        if column > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
        column += 1
    }

    private mutating func null() { buffer.writeStaticString("\\N") }

    mutating func integer(_ value: Int?) throws {
        try next(.integer)
        guard let value else { return null() }
        buffer.writeString(String(value))
    }

    /// A double; NaN and infinities are written as NULL (no column holds them).
    mutating func double(_ value: Double?) throws {
        try next(.double)
        guard let value, value.isFinite else { return null() }
        buffer.writeString(value.description)
    }

    mutating func boolean(_ value: Bool?) throws {
        try next(.boolean)
        guard let value else { return null() }
        buffer.writeInteger(UInt8(ascii: value ? "t" : "f"))
    }

    mutating func text(_ value: String?) throws {
        try next(.text)
        guard let value else { return null() }
        let utf8 = value.utf8
        // Most values need no escaping: one scan, one copy.
        if !utf8.contains(where: { $0 < 0x0E || $0 == UInt8(ascii: "\\") }) {
            buffer.writeString(value)
            return
        }
        if utf8.contains(0) {
            throw AppError.invalid("批量写入第 \(rows + 1) 行的列「\(columns[column - 1].name)」含有空字符（\\0），数据库不能保存",
                                   code: "bulk_nul_character")
        }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(utf8.count + 8)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\\"): escaped += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\t"): escaped += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "\n"): escaped += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): escaped += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            default: escaped.append(byte)
            }
        }
        buffer.writeBytes(escaped)
    }

    /// A moment as `timestamptz` text in UTC, to the microsecond.
    mutating func timestamp(_ value: Date?) throws {
        try next(.timestamp)
        guard let value else { return null() }
        // Microseconds since 2000-01-01 truncated like PostgresNIO's binary Date encoding, so both paths store
        // the same instant.
        let micros = Int64(value.timeIntervalSince(Self.postgresEpoch) * 1_000_000)
        let sinceEpoch = micros + 946_684_800_000_000
        let (secondsTotal, fraction) = sinceEpoch.quotientAndRemainder(dividingBy: 1_000_000)
        var seconds = Int(secondsTotal)
        var micro = Int(fraction)
        if micro < 0 {
            micro += 1_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let date = CivilCalendar.date(days)
        var text = CivilCalendar.isoText(year: date.year, month: date.month, day: date.day)
        text += " " + CivilCalendar.padded(secondOfDay / 3600, 2) + ":" + CivilCalendar.padded(secondOfDay / 60 % 60, 2)
            + ":" + CivilCalendar.padded(secondOfDay % 60, 2) + "." + CivilCalendar.padded(micro, 6) + "+00"
        buffer.writeString(text)
    }

    /// Bytes as `bytea` hex input; its backslash is escaped for COPY.
    mutating func bytes(_ value: Data?) throws {
        try next(.bytes)
        guard let value else { return null() }
        buffer.writeStaticString("\\\\x")
        // Spelled from the raw bytes straight into the buffer: `Data`'s own iterator, and then a generic spelling
        // through an intermediate array, each took a tenth of a scoring run's CPU while its results were stored.
        let length = value.count * 2
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { out in
            value.withUnsafeBytes { HexText.spell($0, into: UnsafeMutableRawBufferPointer(rebasing: out.prefix(length))) }
        }
    }

    /// Ends a row; every column must have had its value.
    mutating func endRow() throws {
        guard column == columns.count else {
            throw AppError.invalid("批量写入第 \(rows + 1) 行只有 \(column) 列，应为 \(columns.count) 列", code: "bulk_row_too_short")
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
        column = 0
        rows += 1
    }

    private static let postgresEpoch = Date(timeIntervalSince1970: 946_684_800)
}

/// Bulk writes on PostgreSQL: rows stream into a table with one `COPY … FROM STDIN`, on the connection of the
/// given database — inside the caller's transaction when it is one. The demo loader, the fact table's bulk insert
/// and a scoring run's results write through here; SQLite keeps its multi-row INSERTs (one writer, no COPY).
enum BulkWriter {
    /// Bytes gathered before they go to the server.
    static let flushBytes = 1 << 20

    /// The PostgreSQL database behind `db`, nil for any other.
    static func postgres(_ db: any Database) -> (any PostgresDatabase)? {
        db as? any PostgresDatabase
    }

    /// Copies `rows` into `table`; `encode` writes one row's values in `columns` order. Returns the rows written.
    @discardableResult
    static func copy<Rows: Sequence & Sendable>(
        _ rows: Rows, into table: String, columns: [CopyColumn], on postgres: any PostgresDatabase,
        encode: @escaping @Sendable (Rows.Element, inout CopyRowEncoder) throws -> Void
    ) async throws -> Int {
        let logger = postgres.logger
        let names = columns.map(\.name)
        return try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                var encoder = CopyRowEncoder(columns: columns)
                try await connection.copyFrom(table: table, columns: names, logger: logger) { writer in
                    for row in rows {
                        try encode(row, &encoder)
                        try encoder.endRow()
                        if encoder.buffer.readableBytes >= flushBytes { try await writer.write(encoder.take()) }
                    }
                    if encoder.buffer.readableBytes > 0 { try await writer.write(encoder.take()) }
                }
                return encoder.rows
            }
        }.get()
    }
}
