import Fluent
import Foundation
import SQLKit

/// 账号变更: the e-mail outbox (邮件记录), the e-mailed codes and the manual requests.
struct CreateAccountChanges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(EmailMessage.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("address", .string, .required)
            .field("purpose", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("code_hash", .string)
            .create()
        try await database.schema(AccountChangeCode.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("phone_enc", .string, .required)
            .field("phone", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("tries", .int, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(AccountChangeRequest.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("enterprise_id", .int, .required)
            .field("region_code", .string, .required)
            .field("zone_id", .int)
            .field("incubator_id", .int)
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("phone_enc", .string, .required)
            .field("phone", .string, .required)
            .field("file_id", .int, .required)
            .field("status", .string, .required)
            .field("reason", .string)
            .field("created_at", .datetime, .required)
            .field("decided_by", .int)
            .field("decided_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "account_change_codes_user").on(AccountChangeCode.schema)
            .column("user_id").column("created_at").run()
        try await sql.create(index: "account_change_requests_status").on(AccountChangeRequest.schema)
            .column("status").column("created_at").run()
        try await sql.create(index: "account_change_requests_enterprise").on(AccountChangeRequest.schema)
            .column("enterprise_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccountChangeRequest.schema).delete()
        try await database.schema(AccountChangeCode.schema).delete()
        try await database.schema(EmailMessage.schema).delete()
    }
}
