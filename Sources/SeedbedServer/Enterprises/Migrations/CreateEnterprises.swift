import Fluent
import SeedbedDomain
import SQLKit
import Vapor

struct CreateEnterprises: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Enterprise.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("uscc", .string, .required)
            .field("name", .string, .required)
            .field("region_code", .string, .required)
            .field("zone_id", .int, .references(Organization.schema, .id))
            .field("incubator_id", .int, .references(Organization.schema, .id))
            .field("industry_code", .string)
            .field("tech_field", .int)
            .field("registered_on", .string)
            .field("status", .string, .required)
            .field("contact_name", .string)
            .field("contact_phone", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "uscc")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "enterprises_region").on(Enterprise.schema).column("region_code").run()
        try await sql.create(index: "enterprises_zone").on(Enterprise.schema).column("zone_id").run()
        try await sql.create(index: "enterprises_incubator").on(Enterprise.schema).column("incubator_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Enterprise.schema).delete()
    }
}
