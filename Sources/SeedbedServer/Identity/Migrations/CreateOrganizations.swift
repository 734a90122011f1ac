import Fluent
import SeedbedDomain
import SQLKit
import Vapor

struct CreateOrganizations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Organization.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("region_code", .string)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "organizations_kind_region").on(Organization.schema)
            .column("kind").column("region_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Organization.schema).delete()
    }
}
