import Fluent
import Foundation
import SQLKit

/// The counters `RateLimiter` keeps: one row per subject, times as seconds since 1970 so both databases compare
/// them the same way in SQL.
struct CreateRateLimits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RateLimiter.schema)
            .field("subject", .string, .required)
            .field("hits", .int, .required)
            .field("window_start", .double, .required)
            .field("locked_until", .double)
            .unique(on: "subject")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RateLimiter.schema).delete()
    }
}
