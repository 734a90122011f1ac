import FluentPostgresDriver
import Foundation
import SQLKit

/// Writes a run's results inside the caller's transaction.
///
/// SQLite (and any other database) gets a SQLKit multi-row INSERT of 1,000 rows, numbers as literals — they are
/// computed here, never typed by anyone — so a row binds only its region, stage and (empty) breakdown. PostgreSQL
/// gets the rows by `COPY … FROM STDIN` (`BulkWriter`): no statement to parse or plan, the rows stream as text.
/// The breakdowns go separately, in chunks (`ScoreBreakdowns`).
/// `ScoringComputation.ResultRows` sends a whole slot range as one COPY; this writer's `append` sends one per
/// 1,000 rows.
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
        /// Where its breakdown is in the run's chunks (`ScoreBreakdowns`); the row's own `breakdown` stays empty.
        let position: Int
    }

    static let rowsPerStatement = 1000
    static let columns = ["run_id", "enterprise_id", "region_code", "zone_id", "incubator_id", "year", "cohort", "stage",
                          "total", "rank", "cohort_size", "list_index", "meets_line", "breakdown", "breakdown_position"]

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
        if let postgres = BulkWriter.postgres(db) {
            let (runID, year) = (self.runID, self.year)
            try await BulkWriter.copy(rows, into: ScoreResult.schema, columns: Self.copyColumns, on: postgres) { row, out in
                try Self.encode(row, runID: runID, year: year, into: &out)
            }
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
                SQLLiteral.numeric(String(row.listIndex)), SQLLiteral.boolean(row.meetsLine), SQLBind(Data()),
                SQLLiteral.numeric(String(row.position)),
            ]
        }
        guard let first = values.first else { return }
        try await sql.insert(into: ScoreResult.schema).columns(columns).values(first).rows(values.dropFirst()).run()
    }

    /// `columns` with their kinds, for COPY.
    static let copyColumns: [CopyColumn] = [
        .integer("run_id"), .integer("enterprise_id"), .text("region_code"), .integer("zone_id"),
        .integer("incubator_id"), .integer("year"), .integer("cohort"), .text("stage"), .double("total"),
        .integer("rank"), .integer("cohort_size"), .integer("list_index"), .boolean("meets_line"), .bytes("breakdown"),
        .integer("breakdown_position"),
    ]

    /// One result in `copyColumns` order.
    static func encode(_ row: Row, runID: Int, year: Int, into out: inout CopyRowEncoder) throws {
        try out.integer(runID)
        try out.integer(row.enterpriseID)
        try out.text(row.regionCode)
        try out.integer(row.zoneID)
        try out.integer(row.incubatorID)
        try out.integer(year)
        try out.integer(row.cohort)
        try out.text(row.stage)
        try out.double(row.total)
        try out.integer(row.rank)
        try out.integer(row.cohortSize)
        try out.integer(row.listIndex)
        try out.boolean(row.meetsLine)
        try out.bytes(Data())
        try out.integer(row.position)
    }
}
