import Fluent
import SQLKit
import Vapor

struct CreateSMSOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SMSMessage.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("phone", .string, .required)
            .field("purpose", .string, .required)
            .field("content", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SMSMessage.schema).delete()
    }
}
