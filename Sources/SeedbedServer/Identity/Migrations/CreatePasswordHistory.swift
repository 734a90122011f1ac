import Fluent
import SeedbedDomain
import SQLKit
import Vapor

struct CreatePasswordHistory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PasswordHistoryEntry.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("password_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "password_history_user").on(PasswordHistoryEntry.schema).column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PasswordHistoryEntry.schema).delete()
    }
}
