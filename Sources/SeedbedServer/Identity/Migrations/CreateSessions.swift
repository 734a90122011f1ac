import Fluent
import SQLKit
import Vapor

struct CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserSession.schema)
            .field(.id, .string, .identifier(auto: false))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("ip", .string)
            .field("user_agent", .string)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "sessions_user").on(UserSession.schema).column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserSession.schema).delete()
    }
}
