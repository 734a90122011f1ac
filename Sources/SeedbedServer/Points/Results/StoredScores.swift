import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// One stored score with its enterprise, as lists and detail pages read it.
struct ScoreRow: Sendable, Decodable {
    let id: Int
    let run_id: Int
    let enterprise_id: Int
    let name: String
    let uscc: String
    let region_code: String
    let zone_id: Int?
    let year: Int
    let cohort: Int
    let stage: String?
    let total: Double
    let rank: Int
    let cohort_size: Int
    let list_index: Int
    let meets_line: Bool
}

/// A run as lists and pages show it: its scheme (for list names and indicators) and cohort labels.
struct RunSummary: Sendable {
    let run: ScoringRun
    let id: Int
    let scheme: InnovationScheme?
    let keys: [CohortKey]
    let names: CohortNames

    static func load(_ run: ScoringRun, on db: any Database) async throws -> RunSummary {
        let decoded = RunContents.shared.decoded(run)
        return RunSummary(run: run, id: run.id ?? 0, scheme: decoded.scheme, keys: decoded.keys,
                          names: try await CohortNames.load(decoded.keys, on: db))
    }

    func listName(_ index: Int) -> String? {
        guard let lists = scheme?.tiers.lists, lists.indices.contains(index) else { return nil }
        return lists[index].name
    }

    func cohortLabel(_ cohort: Int) -> String { names.label(keys, cohort) }

    /// From the scheme `load` read.
    var title: String { "\(run.year) 年度 · \(scheme?.name ?? "积分方案")（\(run.scopeLabel)）" }
}

/// Reads stored scores: always through the data scope (DESIGN.md §3), and only from runs the reader may see.
enum StoredScores {
    static let columns: [String] = ["id", "run_id", "enterprise_id", "region_code", "zone_id", "year", "cohort", "stage",
                                    "total", "rank", "cohort_size", "list_index", "meets_line"]

    /// The select of score rows with their enterprise's name and code, scoped.
    static func select(_ sql: any SQLDatabase, scope: DataScope) -> SQLSelectBuilder {
        var builder = sql.select()
        for column in columns { builder = builder.column(SQLColumn(column, table: "r")) }
        return builder
            .column(SQLColumn("name", table: "e")).column(SQLColumn("uscc", table: "e"))
            .from(SQLAlias(SQLIdentifier(ScoreResult.schema), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
                  on: SQLColumn("enterprise_id", table: "r"), .equal, SQLColumn("id", table: "e"))
            .where(ScopeFilter(scope, table: "r"))
    }

    /// One score in scope with its breakdown, or nil.
    static func find(_ id: Int, scope: DataScope, on db: any Database) async throws -> (ScoreRow, Data)? {
        guard let sql = db as? any SQLDatabase,
              let row = try await select(sql, scope: scope).columns(ScoreBreakdowns.columns)
                .where(SQLColumn("id", table: "r"), .equal, SQLBind(id)).first()
        else { return nil }
        let score = try row.decode(model: ScoreRow.self)
        let lines = try await ScoreBreakdowns.resolve([ScoreBreakdowns.reference(row, runID: score.run_id)], on: sql)
        return (score, lines.first ?? Data())
    }

    /// The runs whose scores `user` may read, newest first (published ones, and those the user manages).
    static func visibleRuns(for user: CurrentUser, on db: any Database) async throws -> [ScoringRun] {
        let access = PointsAccess(user)
        return try await ScoringRun.query(on: db).sort(\.$id, .descending).limit(500).all().filter(access.sees)
    }

    /// The cohorts of a run that hold a score inside `scope` (one data-scope filter, as every score read), or
    /// nil when the scope is unlimited and every cohort does. A county's 比较组 choices are its own cohorts,
    /// not the hundreds of the whole country.
    static func cohorts(runID: Int, scope: DataScope, on db: any Database) async throws -> Set<Int>? {
        if case .all = scope { return nil }
        guard let sql = db as? any SQLDatabase else { return [] }
        let rows = try await sql.select().distinct().column(SQLColumn("cohort", table: "r"))
            .from(SQLAlias(SQLIdentifier(ScoreResult.schema), as: SQLIdentifier("r")))
            .where(SQLColumn("run_id", table: "r"), .equal, SQLBind(runID))
            .where(ScopeFilter(scope, table: "r"))
            .all()
        return Set(rows.compactMap { try? $0.decode(column: "cohort", as: Int.self) })
    }

    /// Of `runs`, those a reader in `scope` has something to look at: runs over every enterprise (national), the
    /// reader's own, and a zone's run only when it scored an enterprise inside the scope — another zone's run
    /// is no choice for a county elsewhere. A zone's run is small, so asking for one row of it is cheap.
    static func runsInScope(_ runs: [ScoringRun], user: CurrentUser, on db: any Database) async throws -> [ScoringRun] {
        if case .all = user.scope { return runs }
        guard let sql = db as? any SQLDatabase else { return [] }
        let access = PointsAccess(user)
        var kept: [ScoringRun] = []
        for run in runs {
            guard let owner = run.ownerOrgID, !access.manages(owner: owner) else { kept.append(run); continue }
            guard let runID = run.id else { continue }
            let any = try await sql.select().column(SQLColumn("id", table: "r"))
                .from(SQLAlias(SQLIdentifier(ScoreResult.schema), as: SQLIdentifier("r")))
                .where(SQLColumn("run_id", table: "r"), .equal, SQLBind(runID))
                .where(ScopeFilter(user.scope, table: "r"))
                .limit(1).first()
            if any != nil { kept.append(run) }
        }
        return kept
    }

    /// The published runs, newest first.
    static func publishedRuns(on db: any Database) async throws -> [ScoringRun] {
        try await ScoringRun.query(on: db).filter(\.$status == RunStatus.published)
            .sort(\.$id, .descending).all()
    }

    /// The display lines of a stored breakdown, in scheme order.
    static func lines(_ data: Data, scheme: InnovationScheme, stage: DevelopmentStage?) -> [IndicatorBreakdown] {
        let stored = BreakdownCodec.decode(data)
        return scheme.indicators.enumerated().map { index, indicator in
            let line = stored.indices.contains(index) ? stored[index] : BreakdownCodec.Line(value: nil, percentile: nil, points: 0)
            let weight = stage.map { indicator.weight(in: $0) } ?? 0
            let methodValue = line.percentile ?? (weight > 0 ? abs(line.points) / weight : 0)
            return IndicatorBreakdown(indicatorID: indicator.id, name: indicator.name, group: indicator.group,
                                      fact: indicator.fact, value: line.value, percentile: line.percentile,
                                      methodValue: methodValue, weight: weight, points: line.points)
        }
    }

    /// The published distribution of one cohort of a run, rebuilt from the stored breakdowns: each percentile
    /// indicator's present values sorted, and the totals. It is an aggregate over the whole cohort, read without
    /// the reader's scope on purpose — estimates and "what would raise my score" place one enterprise among its
    /// peers, and only the peers' distribution (never a peer's row) reaches the page.
    static func distribution(runID: Int, cohort: Int, scheme: InnovationScheme, on db: any Database) async throws
        -> CohortDistribution
    {
        guard let sql = db as? any SQLDatabase else { throw AppError.notFound() }
        let rows = try await sql.select().column(SQLColumn("total", table: "r")).columns(ScoreBreakdowns.columns)
            .from(SQLAlias(SQLIdentifier(ScoreResult.schema), as: SQLIdentifier("r")))
            .where(SQLColumn("run_id", table: "r"), .equal, SQLBind(runID))
            .where(SQLColumn("cohort", table: "r"), .equal, SQLBind(cohort)).all()
        let breakdowns = try await ScoreBreakdowns.resolve(try rows.map { try ScoreBreakdowns.reference($0, runID: runID) },
                                                           on: sql)
        let percentile = scheme.indicators.map { $0.method == .percentile }
        var columns = [[Double]](repeating: [], count: scheme.indicators.count)
        var totals: [Double] = []
        totals.reserveCapacity(rows.count)
        for (row, breakdown) in zip(rows, breakdowns) {
            totals.append(try row.decode(column: "total", as: Double.self))
            let lines = BreakdownCodec.decode(breakdown)
            for (index, line) in lines.enumerated() where index < columns.count && percentile[index] {
                if let value = line.value { columns[index].append(value) }
            }
        }
        return CohortDistribution(scheme: scheme, cohort: cohort, sortedColumns: columns.map { $0.sorted() },
                                  sortedTotals: totals.sorted(by: >))
    }

    /// "What would raise my score" for a stored result.
    static func improvements(_ row: ScoreRow, breakdown: Data, scheme: InnovationScheme, on db: any Database)
        async throws -> [ScoreImprovement]
    {
        guard let stage = row.stage.map(DevelopmentStage.init(rawValue:)), scheme.stages.contains(stage) else { return [] }
        let distribution = try await distribution(runID: row.run_id, cohort: row.cohort, scheme: scheme, on: db)
        let values = BreakdownCodec.decode(breakdown).map { $0.value ?? .nan }
        return (try? distribution.improvements(memberValues: values, stage: stage, limit: 5)) ?? []
    }
}
