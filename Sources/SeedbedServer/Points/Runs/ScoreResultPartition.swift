import Fluent
import NIOConcurrencyHelpers
import SQLKit

/// A run's results on PostgreSQL: a partition of `score_results` of their own (`PartitionScoreResults`), filled
/// before it has an index and attached only when complete, so nobody ever reads half a run.
enum ScoreResultPartition {
    static let idIndex = "score_results_id"

    /// The indexes of `score_results` and of every partition, by name and columns. A partition's must have the
    /// parent's definitions: attaching it then adopts them instead of building them again.
    /// A partition names its copy `<partition>_<short>`, within PostgreSQL's 63 characters for any run id.
    static let indexes: [(name: String, short: String, columns: [String])] = [
        (idIndex, "id", ["id"]),
        ("score_results_enterprise", "enterprise", ["enterprise_id"]),
        ("score_results_run_order_scope", "order_scope", ["run_id", "cohort", "rank", "region_code", "zone_id"]),
        ("score_results_run_region", "region", ["run_id", "region_code"]),
    ]

    /// One of `indexes` (or a partition's copy of it) on `table`.
    static func createIndex(_ name: String, on table: String, columns: [String], _ sql: any SQLDatabase) async throws {
        try await sql.raw("""
            CREATE INDEX \(ident: name) ON \(ident: table) (\(SQLList(columns.map { SQLIdentifier($0) })))
            """).run()
    }

    /// The partition holding run `runID`'s results.
    static func table(runID: Int) -> String { "score_results_run_\(runID)" }

    /// Replaces run `runID`'s results by the rows `write` puts into the table it is given (`parts` connections at
    /// once, each with a range of the `count` rows, in a transaction of its own) while `alongside` writes what else
    /// the run stores (its breakdown chunks), then attaches the table as the run's partition and runs `finish` in
    /// the same transaction as the attachment.
    ///
    /// Results the run had are removed first: its partition (a computation run again), any row of it the default
    /// partition holds, and its breakdown chunks. A failure drops the half-filled table and the chunks written;
    /// the run keeps no results, as before.
    static func replace(runID: Int, count: Int, parts: Int, on db: any Database,
                        write: @escaping @Sendable (Range<Int>, String, any Database) async throws -> Void,
                        alongside: (@Sendable (any Database) async throws -> Void)? = nil,
                        finish: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws
    {
        guard let sql = db as? any SQLDatabase else { return }
        let (upper, overflow) = runID.addingReportingOverflow(1)
        guard runID > 0, !overflow else { throw AppError.notFound("积分计算批次不存在") }
        let table = table(runID: runID)
        try await sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
        try await sql.delete(from: ScoreResult.schema).where("run_id", .equal, runID).run()
        try await ScoreBreakdowns.delete(runID: runID, on: sql)
        try await sql.raw("CREATE TABLE \(ident: table) (LIKE \(ident: ScoreResult.schema) INCLUDING DEFAULTS)").run()
        do {
            let parts = max(1, min(parts, count))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for part in 0..<parts {
                    let range = (count * part / parts)..<(count * (part + 1) / parts)
                    group.addTask {
                        try await db.withConnection { connection in
                            try await connection.transaction { transaction in try await write(range, table, transaction) }
                        }
                    }
                }
                if let alongside { group.addTask { try await alongside(db) } }
                try await group.waitForAll()
            }
            // Each index in one sorted pass, two at once (as the rows were written), the widest first so the two
            // finish together, each with room to sort in memory: at PostgreSQL's default 64 MB a national run's
            // index sorts spill to disk (1.9 s of index builds at 256 MB against 2.4 s at the default, in psql).
            let queue = IndexQueue(indexes.sorted { $0.columns.count > $1.columns.count })
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        while let (_, short, columns) = queue.next() {
                            try await db.transaction { transaction in
                                guard let sql = transaction as? any SQLDatabase else { return }
                                try await sql.raw("SET LOCAL maintenance_work_mem = '256MB'").run()
                                try await createIndex(table + "_" + short, on: table, columns: columns, sql)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            // Statistics now, so the first 积分结果查询 on the run is planned on its real regions and cohorts.
            try await sql.raw("ANALYZE \(ident: table)").run()
            try await db.transaction { transaction in
                guard let sql = transaction as? any SQLDatabase else { return }
                try await sql.raw("""
                    ALTER TABLE \(ident: ScoreResult.schema) ATTACH PARTITION \(ident: table) \
                    FOR VALUES FROM (\(literal: runID)) TO (\(literal: upper))
                    """).run()
                try await finish(sql)
            }
        } catch {
            try? await sql.raw("DROP TABLE IF EXISTS \(ident: table)").run()
            try? await ScoreBreakdowns.delete(runID: runID, on: sql)
            throw error
        }
    }
}

/// Work handed out one item at a time to whichever worker asks first.
private final class IndexQueue: Sendable {
    private let items: NIOLockedValueBox<ArraySlice<(name: String, short: String, columns: [String])>>

    init(_ items: [(name: String, short: String, columns: [String])]) {
        self.items = NIOLockedValueBox(items[...])
    }

    func next() -> (name: String, short: String, columns: [String])? {
        items.withLockedValue { $0.popFirst() }
    }
}
