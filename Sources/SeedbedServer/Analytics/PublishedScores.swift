import Fluent
import Foundation
import SeedbedDomain
import SQLKit

/// The latest published score of every enterprise, read from the points feature's tables. This is the one place
/// the analytics touch them: when no run is published it returns
/// nothing and the overview shows every enterprise as 未评分.
struct PublishedScores: Sendable {
    struct Score: Sendable {
        let total: Float
        /// The result's list (榜单) as the run's scheme names it, nil when on none.
        let listName: String?
        let stage: String?
    }

    /// Enterprise id → its score from the latest published run that scored it.
    let byEnterprise: [Int32: Score]
    /// The lists of the latest published run's scheme, best first, and that scheme's name; nil without runs.
    let lists: (names: [String], scheme: String)?
    /// Changes whenever a run is published or withdrawn: part of what a node compares to decide to rebuild.
    let fingerprint: String

    /// A cheap summary of the published runs (count and latest publication).
    static func fingerprint(on sql: any SQLDatabase) async throws -> String {
        let row = try await sql.select()
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .column(SQLFunction("MAX", args: SQLColumn("id")), as: "last")
            .from(ScoringRun.schema).where("status", .equal, RunStatus.published).first()
        let count = (try? row?.decode(column: "n", as: Int.self)) ?? 0
        let last = (try? row?.decode(column: "last", as: Int?.self)) ?? nil
        return "\(count):\(last ?? 0)"
    }

    static func load(on sql: any SQLDatabase) async throws -> PublishedScores {
        // Read first, like the data version: a run published while this loads makes the result look old, never new.
        // Without published runs it is still the database's fingerprint ("0:0"), or every check would rebuild.
        let fingerprint = try await fingerprint(on: sql)
        struct Run: Decodable {
            let id: Int
            let scheme_content: String
        }
        let runs = try await sql.select().columns("id", "scheme_content").from(ScoringRun.schema)
            .where("status", .equal, RunStatus.published)
            .orderBy("year").orderBy("published_at").orderBy("id").all(decoding: Run.self)
        guard let latest = runs.last else {
            return PublishedScores(byEnterprise: [:], lists: nil, fingerprint: fingerprint)
        }
        var names: [Int: [String]] = [:]
        var latestLists: (names: [String], scheme: String)?
        for run in runs {
            guard let scheme = try? InnovationScheme.decode(from: Data(run.scheme_content.utf8)) else { continue }
            names[run.id] = scheme.tiers.lists.map(\.name)
            if run.id == latest.id { latestLists = (scheme.tiers.lists.map(\.name), scheme.name) }
        }
        let order = Dictionary(uniqueKeysWithValues: runs.enumerated().map { ($1.id, $0) })
        let listNames = names
        // Results stream row by row (a run may score a million enterprises), read by column position
        // (`ColumnRows`); a later run's result wins.
        let best = Sink([Int32: (order: Int, score: Score)]())
        let columns = ["enterprise_id", "total", "list_index", "stage", "run_id"]
        let query = sql.select()
            .columns(columns.map { SQLColumn($0, table: "r") })
            .from(SQLAlias(SQLIdentifier(ScoreResult.schema), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier(ScoringRun.schema), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                  on: SQLColumn("run_id", table: "r"), .equal, SQLColumn("id", table: "s"))
            .where(SQLColumn("status", table: "s"), .equal, SQLBind(RunStatus.published.rawValue))
        try await ColumnRows.forEach(sql, query, columns: columns) { row in
            let total = row.double(1)
            guard let enterprise = row.int(0), let run = row.int(4), let rank = order[run], total.isFinite else { return }
            let key = Int32(clamping: enterprise)
            let list = row.int(2).flatMap { index in
                listNames[run].flatMap { index >= 0 && index < $0.count ? $0[index] : nil }
            }
            let score = Score(total: Float(total), listName: list, stage: row.string(3))
            best.update { best in
                if let existing = best[key], existing.order > rank { return }
                best[key] = (rank, score)
            }
        }
        return PublishedScores(byEnterprise: best.state.mapValues(\.score), lists: latestLists,
                               fingerprint: fingerprint)
    }
}
