import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// Demo 知识价值信用评级: every demo enterprise rated for the three report years the demo has approved facts for
/// (`DemoFilings.reportYears`: the three years before this one), computed from those facts by the default scheme
/// exactly as 重新评级 would. Runs once (skipped when ratings exist). On PostgreSQL the years are rated at once, each
/// in its own transaction on its own connection, so the server's cores share the writing; SQLite has one writer.
enum CreditRatingDemo {
    static func load(_ app: Application) async throws {
        guard let sql = app.db as? any SQLDatabase else { return }
        let existing = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(CreditRatings.schema).first(decodingColumn: "n", as: Int.self) ?? 0
        guard existing == 0 else { return }
        let now = app.clock.now()
        let years = DemoFilings.reportYears(now: now)
        guard sql.dialect.name == "postgresql" else {
            for year in years {
                _ = try await CreditRatings.compute(year: year, scope: .all, on: app.db, now: now)
            }
            return
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for year in years {
                // `app.db` per year: each handle is bound to the next event loop, where its rows are decoded, so the
                // years' reads spread over the cores instead of queueing on one loop.
                let db = app.db
                group.addTask { _ = try await CreditRatings.compute(year: year, scope: .all, on: db, now: now) }
            }
            try await group.waitForAll()
        }
    }
}
