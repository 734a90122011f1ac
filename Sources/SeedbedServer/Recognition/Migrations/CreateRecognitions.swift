import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// The `recognitions` table: scope columns copied from the enterprise like every enterprise-bound table.
struct CreateRecognitions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Recognitions.schema)
            .field(.id, .int, .identifier(auto: true))
            .enterpriseScopeColumns()
            .field("kind", .string, .required)
            .field("certificate_no", .string, .required)
            .field("issued_on", .string, .required)
            .field("valid_until", .string, .required)
            .field("source", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "kind", "certificate_no")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "recognitions_enterprise").on(Recognitions.schema).column("enterprise_id").run()
        try await sql.create(index: "recognitions_region").on(Recognitions.schema).column("region_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Recognitions.schema).delete()
    }
}
