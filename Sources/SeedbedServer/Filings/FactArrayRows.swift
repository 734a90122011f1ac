import FluentPostgresDriver
import Foundation
import NIOCore
import SQLKit

/// PostgreSQL rows of `(enterprise_id, year, float8[])`: a year of one enterprise's facts as one array cell.
///
/// A national scoring run reads two million fact rows of two dozen numbers. Read as columns, each number is a cell
/// PostgresNIO hands over on its own (a random-access row built per row, a cell with its column name per number),
/// and that, not the database, bounded the read. As one array per row the three cells are decoded in one pass and
/// the numbers are read straight from the array's bytes (`Float8Array`).
enum FactArrayRows {
    /// Runs `query` (its selected columns must be `enterprise_id`, `year` and one `float8[]`) on `postgres` and hands
    /// each row over on the connection's event loop (`ColumnRows.forEachRow`, `serial` as there). Rows with a null
    /// id or year are skipped.
    static func forEach(_ postgres: any PostgresDatabase, _ sql: any SQLDatabase, _ query: SQLSelectBuilder,
                        serial: Bool = false,
                        _ body: @escaping @Sendable (_ id: Int, _ year: Int, _ facts: Float8Array) -> Void) async throws {
        let (text, binds) = sql.serialize(query.select)
        guard let bindings = ColumnRows.postgresBinds(binds) else {
            throw AppError.invalid("事实数据查询含有无法传给数据库的参数", code: "fact_query_binds")
        }
        try await ColumnRows.forEachRow(postgres, text, bindings, serial: serial) { row in
            // The cells in order, read from their bytes (PostgresNIO's generic decoding resolved type metadata at run
            // time for every cell).
            var cells = row.makeIterator()
            guard let id = cells.next()?.binaryInt8, let year = cells.next()?.binaryInt8, let array = cells.next()
            else { return }
            body(id, year, Float8Array(bytes: array.bytes))
        }
    }
}

/// A `float8[]` cell in PostgreSQL's binary array format: dimensions, a null flag, the element type, then per
/// element its length (-1 for NULL) and eight big-endian bytes. Only a one-dimensional array of `float8` is read;
/// anything else, or bytes cut short, reads as no numbers rather than trapping.
struct Float8Array {
    let bytes: ByteBuffer?

    /// The `float8` type's object id.
    private static let float8OID: UInt32 = 701

    /// Calls `body` with each element's position and value, NaN for NULL, in order.
    func forEach(_ body: (_ position: Int, _ value: Double) -> Void) {
        guard let bytes else { return }
        bytes.withUnsafeReadableBytes { raw in
            func int32(_ offset: Int) -> Int32? {
                guard offset >= 0, offset <= raw.count - 4 else { return nil }
                return Int32(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self))
            }
            // Header: ndim, has-null flag, element type; then (size, lower bound) per dimension.
            guard let dimensions = int32(0), dimensions == 1, let type = int32(8), UInt32(bitPattern: type) == Self.float8OID,
                  let size = int32(12), size >= 0
            else { return }
            var offset = 20
            for position in 0..<Int(size) {
                guard let length = int32(offset) else { return }
                offset += 4
                if length < 0 {
                    body(position, .nan)
                    continue
                }
                guard length == 8, offset <= raw.count - 8 else { return }
                body(position, Double(bitPattern: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))))
                offset += 8
            }
        }
    }
}
