import Fluent
import Plot
import SeedbedDomain
import SQLKit
import Vapor

struct CreateProducts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(EnterpriseProduct.schema)
            .field(.id, .int, .identifier(auto: true))
            .enterpriseScopeColumns()
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("content", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "products_enterprise").on(EnterpriseProduct.schema).column("enterprise_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EnterpriseProduct.schema).delete()
    }
}
