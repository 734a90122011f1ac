import Fluent
import SeedbedDomain
import SQLKit
import Vapor

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("account", .string, .required)
            .field("name", .string, .required)
            .field("phone", .string)
            .field("email", .string)
            .field("role", .string, .required)
            .field("organization_id", .int, .references(Organization.schema, .id))
            .field("enterprise_id", .int, .references(Enterprise.schema, .id))
            .field("password_hash", .string, .required)
            .field("must_change_password", .bool, .required)
            .field("password_changed_at", .datetime, .required)
            .field("active", .bool, .required)
            .field("last_login_at", .datetime)
            .field("is_demo", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "account")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "users_organization").on(User.schema).column("organization_id").run()
        try await sql.create(index: "users_enterprise").on(User.schema).column("enterprise_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).delete()
    }
}
