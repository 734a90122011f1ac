import Fluent
import SQLKit
import Vapor

struct CreateLoginAttempts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LoginAttempt.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("account", .string, .required)
            .field("ip", .string, .required)
            .field("user_agent", .string)
            .field("success", .bool, .required)
            .field("reason", .string, .required)
            .field("at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "login_attempts_account_at").on(LoginAttempt.schema).column("account").column("at").run()
        try await sql.create(index: "login_attempts_ip_at").on(LoginAttempt.schema).column("ip").column("at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginAttempt.schema).delete()
    }
}
