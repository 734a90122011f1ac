import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// 积分结果查询 of an enterprise: its scores in every published run, newest first.
struct MyScoreList: ListDefinition {
    struct Filter: Sendable {}

    static let id = "my-scores"
    let title = "积分结果查询"
    let roles = Access.enterprise.roles

    var columns: [ListColumn<ScoreListRow>] {
        [
            ListColumn("年度", width: 8) { row, _ in .integer(row.score.year) },
            ListColumn("积分方案", width: 40) { row, _ in .link(row.runTitle, href: "/my/scores/\(row.score.id)") },
            ListColumn("比较组", width: 30) { row, _ in .text(row.cohortLabel) },
            ListColumn("总分", width: 10) { row, _ in .decimal(row.score.total, format: .money) },
            ListColumn("组内排名", width: 12) { row, _ in .text("\(row.score.rank) / \(row.score.cohort_size)") },
            ListColumn("榜单", width: 10) { row, _ in row.listName.map { .badge($0, tone: "success") } ?? .text("未上榜") },
            ListColumn("达到分数线", width: 10) { row, _ in .text(row.score.meets_line ? "是" : "否") },
            ListColumn("发布时间", width: 20) { row, _ in row.publishedAt.map { .dateTime($0) } ?? .empty },
        ]
    }

    func filter(from query: [String: String]) -> Filter { Filter() }
    func queryItems(_ filter: Filter) -> [(String, String)] { [] }

    private func published(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
        builder.join(SQLAlias(SQLIdentifier(ScoringRun.schema), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                     on: SQLColumn("run_id", table: "r"), .equal, SQLColumn("id", table: "s"))
            .where(SQLColumn("status", table: "s"), .equal, SQLBind(RunStatus.published))
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        return try await published(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier(ScoreResult.schema), as: SQLIdentifier("r")))
            .where(ScopeFilter(scope, table: "r"))).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws
        -> [ScoreListRow]
    {
        guard let sql = db as? any SQLDatabase else { return [] }
        let scores = try await published(StoredScores.select(sql, scope: scope))
            .orderBy(SQLColumn("year", table: "r"), SQLDirection.descending)
            .orderBy(SQLColumn("id", table: "r"), SQLDirection.descending)
            .limit(limit).offset(offset).all(decoding: ScoreRow.self)
        var summaries: [Int: RunSummary] = [:]
        var rows: [ScoreListRow] = []
        for score in scores {
            if summaries[score.run_id] == nil, let run = try await ScoringRun.find(score.run_id, on: db) {
                summaries[score.run_id] = try await RunSummary.load(run, on: db)
            }
            guard let summary = summaries[score.run_id] else { continue }
            rows.append(ScoreListRow(score: score, listName: summary.listName(score.list_index),
                                     cohortLabel: summary.cohortLabel(score.cohort), runTitle: summary.title,
                                     publishedAt: summary.run.publishedAt))
        }
        return rows
    }
}
