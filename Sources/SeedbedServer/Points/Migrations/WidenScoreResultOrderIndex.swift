import Fluent
import SQLKit

/// 积分结果查询 lists a run's scores in (cohort, rank) order inside the reader's scope. The order's index held only
/// (run_id, cohort, rank), so PostgreSQL walked it and fetched every heap row — each with its breakdown — to test
/// the region or zone: 8,450 rows and 28 ms for the first page of a county at 1 M, more for every later page. With
/// the scope columns in the index the test is made on index entries (1.6 ms); it replaces the old index, so a
/// scoring run still writes four.
struct WidenScoreResultOrderIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "score_results_run_order_scope").on(ScoreResult.schema)
            .column("run_id").column("cohort").column("rank").column("region_code").column("zone_id").run()
        try await sql.drop(index: "score_results_run_cohort").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "score_results_run_cohort").on(ScoreResult.schema)
            .column("run_id").column("cohort").column("rank").run()
        try await sql.drop(index: "score_results_run_order_scope").run()
    }
}
