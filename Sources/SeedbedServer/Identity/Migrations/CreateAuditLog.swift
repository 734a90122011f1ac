import Fluent
import SQLKit
import Vapor

struct CreateAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("at", .datetime, .required)
            .field("user_id", .int)
            .field("account", .string)
            .field("organization", .string)
            .field("ip", .string)
            .field("action", .string, .required)
            .field("target_type", .string)
            .field("target_id", .string)
            .field("outcome", .string, .required)
            .field("detail", .string)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "audit_log_at").on(AuditEntry.schema).column("at").run()
        try await sql.create(index: "audit_log_account").on(AuditEntry.schema).column("account").run()
        try await sql.create(index: "audit_log_action").on(AuditEntry.schema).column("action").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema).delete()
    }
}
