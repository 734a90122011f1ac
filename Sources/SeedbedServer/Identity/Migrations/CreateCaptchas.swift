import Fluent
import SQLKit
import Vapor

struct CreateCaptchas: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CaptchaChallenge.schema)
            .field(.id, .string, .identifier(auto: false))
            .field("answer", .string, .required)
            .field("expires_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaptchaChallenge.schema).delete()
    }
}
