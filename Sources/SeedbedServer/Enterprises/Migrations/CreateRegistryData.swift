import Fluent
import SeedbedDomain
import SQLKit
import Vapor

struct CreateRegistryData: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RegistryData.schema)
            .field(.id, .int, .identifier(auto: true))
            .enterpriseScopeColumns()
            .field("content", .string, .required)
            .field("imported_at", .datetime, .required)
            .unique(on: "enterprise_id")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "registry_data_region").on(RegistryData.schema).column("region_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RegistryData.schema).delete()
    }
}
