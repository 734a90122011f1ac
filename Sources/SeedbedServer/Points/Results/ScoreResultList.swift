import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// A score row with what its run says about it: the list's name and the cohort's label.
struct ScoreListRow: Sendable {
    let score: ScoreRow
    let listName: String?
    let cohortLabel: String
    let runTitle: String
    let publishedAt: Date?
}

/// 积分结果查询 and 优秀企业榜单 for government: the scores of one run within the reader's scope, filtered by list,
/// cohort, line and name. Only runs the reader may see (published, or their own before publication) give rows.
struct ScoreResultList: ListDefinition {
    struct Filter: Sendable {
        var run: Int?
        /// "" every score, "listed" on any list, "0"… one list, "line" meeting the absolute line.
        var list: String
        var cohort: Int?
        var q: String
    }

    static let id = "scores"
    var title = "积分结果查询"
    let roles = Access.government.roles
    var access: PointsAccess?
    /// The node's list totals and their clock, when the list answers a request (`prepared(on:)`).
    var counts: ListCounts?
    var countMaxAge: TimeInterval = 0
    var clock: AppClock?
    /// The run and its summary as this list instance read them: a page asks for the run three times (the page,
    /// its count, its rows) and an export once per batch, and a national run's row carries its scheme, cohort keys
    /// and statistics (160 KB of JSON at 1 M).
    private(set) var memo = RunMemo()

    func configured(for user: CurrentUser) -> ScoreResultList {
        var list = self
        list.access = PointsAccess(user)
        list.memo = RunMemo()
        return list
    }

    /// A run's scores do not change once written, so a scope's total (a `COUNT(*)` over a city's 300 000 scores,
    /// 0.4 s at 1 M) is kept a minute rather than the enterprise list's two seconds.
    func prepared(on app: Application) async throws -> ScoreResultList {
        var list = self
        list.counts = app.listCounts
        list.countMaxAge = Self.countMaxAge(app)
        list.clock = app.clock
        return list
    }

    /// How long a run's totals and cohorts in a scope are kept on a node: 30 × the overview's check interval (a
    /// minute by default; never in tests, whose interval is 0).
    static func countMaxAge(_ app: Application) -> TimeInterval { app.config.overview.checkInterval * 30 }

    var columns: [ListColumn<ScoreListRow>] {
        [
            ListColumn(EnterpriseRecordForm.name, width: 34) { row, _ in .link(row.score.name, href: "/points/results/\(row.score.id)") },
            ListColumn(EnterpriseRecordForm.uscc, width: 22) { row, _ in .text(row.score.uscc) },
            ListColumn("所属地区", width: 24) { row, _ in .text(RegionNames.name(row.score.region_code)) },
            ListColumn("比较组", width: 30) { row, _ in .text(row.cohortLabel) },
            ListColumn("总分", width: 10) { row, _ in .decimal(row.score.total, format: .money) },
            ListColumn("组内排名", width: 12) { row, _ in .text("\(row.score.rank) / \(row.score.cohort_size)") },
            ListColumn("榜单", width: 10) { row, _ in row.listName.map { .badge($0, tone: "success") } ?? .text("未上榜") },
            ListColumn("达到分数线", width: 10) { row, _ in .text(row.score.meets_line ? "是" : "否") },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(run: query["run"].flatMap { Int($0) }, list: queryText(query, "list", max: 10),
               cohort: query["cohort"].flatMap { Int($0) }, q: queryText(query, "q"))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("run", filter.run.map(String.init) ?? ""), ("list", filter.list), ("cohort", filter.cohort.map(String.init) ?? ""),
         ("q", filter.q)].filter { !$0.1.isEmpty }
    }

    /// The run when the reader may see it.
    func run(_ filter: Filter, on db: any Database) async throws -> ScoringRun? {
        guard let access, let id = filter.run, let run = try await memo.run(id, on: db), access.sees(run) else {
            return nil
        }
        return run
    }

    private func filtered(_ builder: SQLSelectBuilder, _ filter: Filter, runID: Int) -> SQLSelectBuilder {
        var builder = builder.where(SQLColumn("run_id", table: "r"), .equal, SQLBind(runID))
        switch filter.list {
        case "": break
        case "listed": builder = builder.where(SQLColumn("list_index", table: "r"), .greaterThanOrEqual, SQLBind(0))
        case "line": builder = builder.where(SQLColumn("meets_line", table: "r"), .equal, SQLBind(true))
        default:
            builder = builder.where(SQLColumn("list_index", table: "r"), .equal, SQLBind(Int(filter.list) ?? -2))
        }
        if let cohort = filter.cohort { builder = builder.where(SQLColumn("cohort", table: "r"), .equal, SQLBind(cohort)) }
        if !filter.q.isEmpty {
            builder = builder.where(SQLGroupExpression(SQLBinaryExpression(
                Like(column: SQLColumn("name", table: "e"), pattern: "%" + Like.escape(filter.q) + "%"), .or,
                Like(column: SQLColumn("uscc", table: "e"), pattern: Like.escape(filter.q) + "%"))))
        }
        return builder
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase, let run = try await run(filter, on: db), let runID = run.id else { return 0 }
        let exact: @Sendable () async throws -> Int = {
            let builder = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(SQLAlias(SQLIdentifier(ScoreResult.schema), as: SQLIdentifier("r")))
                .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
                      on: SQLColumn("enterprise_id", table: "r"), .equal, SQLColumn("id", table: "e"))
                .where(ScopeFilter(scope, table: "r"))
            return try await filtered(builder, filter, runID: runID).first(decodingColumn: "n", as: Int.self) ?? 0
        }
        guard let counts, let clock else { return try await exact() }
        let key = Self.id + "|" + String(runID) + "|" + scope.description + "|" + URLQuery.encode(queryItems(filter))
        return try await counts.total(key, maxAge: countMaxAge, now: clock.now(), exact)
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws
        -> [ScoreListRow]
    {
        guard let sql = db as? any SQLDatabase, let run = try await run(filter, on: db), let runID = run.id else { return [] }
        let summary = try await memo.summary(of: run, on: db)
        let scores = try await filtered(StoredScores.select(sql, scope: scope), filter, runID: runID)
            .orderBy(SQLColumn("cohort", table: "r")).orderBy(SQLColumn("rank", table: "r")).orderBy(SQLColumn("id", table: "r"))
            .limit(limit).offset(offset).all(decoding: ScoreRow.self)
        let title = summary.title
        return scores.map { score in
            ScoreListRow(score: score, listName: summary.listName(score.list_index), cohortLabel: summary.cohortLabel(score.cohort),
                         runTitle: title, publishedAt: run.publishedAt)
        }
    }
}

/// The runs and run summaries one list instance has read (`ScoreResultList.memo`).
final class RunMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var runs: [Int: ScoringRun] = [:]
    private var summaries: [Int: RunSummary] = [:]

    /// Runs the caller already read (the page's choice of runs), so asking for one of them reads nothing.
    func keep(_ read: [ScoringRun]) {
        lock.withLock {
            for run in read { if let id = run.id { runs[id] = run } }
        }
    }

    func run(_ id: Int, on db: any Database) async throws -> ScoringRun? {
        if let kept = lock.withLock({ runs[id] }) { return kept }
        guard let run = try await ScoringRun.find(id, on: db) else { return nil }
        lock.withLock { runs[id] = run }
        return run
    }

    func summary(of run: ScoringRun, on db: any Database) async throws -> RunSummary {
        guard let id = run.id else { return try await RunSummary.load(run, on: db) }
        if let kept = lock.withLock({ summaries[id] }) { return kept }
        let summary = try await RunSummary.load(run, on: db)
        lock.withLock { summaries[id] = summary }
        return summary
    }
}
