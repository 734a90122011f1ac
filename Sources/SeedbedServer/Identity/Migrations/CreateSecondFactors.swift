import Fluent
import SQLKit
import Vapor

struct CreateSecondFactors: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserSecondFactor.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("secret_sealed", .string, .required)
            .field("confirmed_at", .datetime)
            .field("last_used_step", .int64)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
        try await database.schema(UserRecoveryCode.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "user_recovery_codes_user").on(UserRecoveryCode.schema).column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserRecoveryCode.schema).delete()
        try await database.schema(UserSecondFactor.schema).delete()
    }
}
