import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// Review decisions carry the reviewer's client address.
struct AddReviewDecisionIP: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReviewDecisionRecord.schema).field("ip", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReviewDecisionRecord.schema).deleteField("ip").update()
    }
}
