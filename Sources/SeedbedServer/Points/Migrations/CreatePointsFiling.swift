import Fluent
import SeedbedDomain
import SQLKit
import Vapor

struct CreatePointsFiling: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PointsPeriod.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("year", .int, .required)
            .field("kind", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("owner_org_id", .int)
            .field("closed", .bool, .required)
            .field("created_by", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(ExpressListEntry.schema)
            .field(.id, .int, .identifier(auto: true))
            .enterpriseScopeColumns()
            .field("added_by", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "enterprise_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ExpressListEntry.schema).delete()
        try await database.schema(PointsPeriod.schema).delete()
    }
}
