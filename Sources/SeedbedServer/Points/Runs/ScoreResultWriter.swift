import FluentPostgresDriver
import Foundation
import SQLKit

/// Writes a run's results 1,000 rows per statement inside the caller's transaction.
///
/// SQLite (and any other database) gets a SQLKit multi-row INSERT, numbers as literals — they are computed here,
/// never typed by anyone — so a row binds only its region, stage and breakdown. PostgreSQL spends most of such a
/// statement analysing fourteen thousand literals, so there the same rows go as one array per column and
/// `INSERT … SELECT FROM unnest(…)`: the statement is the same whatever its length.
struct ScoreResultWriter {
    struct Row: Sendable {
        let enterpriseID: Int
        let regionCode: String
        let zoneID: Int?
        let incubatorID: Int?
        let cohort: Int
        let stage: String?
        let total: Double
        let rank: Int
        let cohortSize: Int
        let listIndex: Int
        let meetsLine: Bool
        let breakdown: Data
    }

    static let rowsPerStatement = 1000
    static let columns = ["run_id", "enterprise_id", "region_code", "zone_id", "incubator_id", "year", "cohort", "stage",
                          "total", "rank", "cohort_size", "list_index", "meets_line", "breakdown"]

    let db: any Database
    let runID: Int
    let year: Int
    private var rows: [Row] = []

    init(db: any Database, runID: Int, year: Int) {
        self.db = db
        self.runID = runID
        self.year = year
        rows.reserveCapacity(Self.rowsPerStatement)
    }

    mutating func append(_ row: Row) async throws {
        rows.append(row)
        if rows.count >= Self.rowsPerStatement { try await flush() }
    }

    mutating func flush() async throws {
        guard !rows.isEmpty else { return }
        if let postgres = db as? any PostgresDatabase {
            try await Self.insertArrays(rows, runID: runID, year: year, on: postgres)
        } else if let sql = db as? any SQLDatabase {
            try await Self.insertValues(rows, runID: runID, year: year, on: sql)
        }
        rows.removeAll(keepingCapacity: true)
    }

    private static func literal(_ value: Int?) -> SQLLiteral {
        value.map { .numeric(String($0)) } ?? .null
    }

    /// A finite double as its shortest round-trip text, which the database reads back to the same value.
    private static func literal(_ value: Double) -> SQLLiteral {
        value.isFinite ? .numeric(String(value)) : .null
    }

    private static func insertValues(_ rows: [Row], runID: Int, year: Int, on sql: any SQLDatabase) async throws {
        let run = SQLLiteral.numeric(String(runID))
        let yearLiteral = SQLLiteral.numeric(String(year))
        let values: [[any SQLExpression]] = rows.map { row in
            [
                run, SQLLiteral.numeric(String(row.enterpriseID)), SQLBind(row.regionCode), literal(row.zoneID),
                literal(row.incubatorID), yearLiteral, SQLLiteral.numeric(String(row.cohort)), SQLBind(row.stage),
                literal(row.total), SQLLiteral.numeric(String(row.rank)), SQLLiteral.numeric(String(row.cohortSize)),
                SQLLiteral.numeric(String(row.listIndex)), SQLLiteral.boolean(row.meetsLine), SQLBind(row.breakdown),
            ]
        }
        guard let first = values.first else { return }
        try await sql.insert(into: ScoreResult.schema).columns(columns).values(first).rows(values.dropFirst()).run()
    }

    private static func insertArrays(_ rows: [Row], runID: Int, year: Int, on postgres: any PostgresDatabase) async throws {
        // Arrays cannot hold a typed null here: −1 and "" stand for none and NULLIF turns them back.
        var binds = PostgresBindings(capacity: 12)
        binds.append(rows.map(\.enterpriseID))
        binds.append(rows.map(\.regionCode))
        binds.append(rows.map { $0.zoneID ?? -1 })
        binds.append(rows.map { $0.incubatorID ?? -1 })
        binds.append(rows.map(\.cohort))
        binds.append(rows.map { $0.stage ?? "" })
        binds.append(rows.map(\.total))
        binds.append(rows.map(\.rank))
        binds.append(rows.map(\.cohortSize))
        binds.append(rows.map(\.listIndex))
        binds.append(rows.map(\.meetsLine))
        binds.append(rows.map { ByteBuffer(bytes: $0.breakdown) })
        let text = """
            INSERT INTO \(ScoreResult.schema) (\(columns.joined(separator: ", ")))
            SELECT \(runID), u.e, u.r, NULLIF(u.z, -1), NULLIF(u.i, -1), \(year), u.c, NULLIF(u.s, ''), u.t, u.k, u.n, u.l,
                u.m, u.b
            FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[],
                        $7::float8[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bool[], $12::bytea[])
                AS u(e, r, z, i, c, s, t, k, n, l, m, b)
            """
        let query = PostgresQuery(unsafeSQL: text, binds: binds)
        let logger = postgres.logger
        try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                for try await _ in try await connection.query(query, logger: logger) {}
            }
        }.get()
    }
}
