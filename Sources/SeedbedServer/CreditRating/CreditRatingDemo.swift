import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// Demo 知识价值信用评级: every demo enterprise rated for the three report years the demo has approved facts for
/// (`DemoFilings.reportYears`: the three years before this one), computed from those facts by the default scheme
/// exactly as 重新评级 would. Runs once (skipped when ratings exist).
enum CreditRatingDemo {
    static func load(_ app: Application) async throws {
        guard let sql = app.db as? any SQLDatabase else { return }
        let existing = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(CreditRatings.schema).first(decodingColumn: "n", as: Int.self) ?? 0
        guard existing == 0 else { return }
        let now = app.clock.now()
        for year in DemoFilings.reportYears(now: now) {
            _ = try await CreditRatings.compute(year: year, scope: .all, on: app.db, now: now)
        }
    }
}
