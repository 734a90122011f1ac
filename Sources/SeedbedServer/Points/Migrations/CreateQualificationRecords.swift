import Fluent
import SeedbedDomain
import SQLKit
import Vapor

struct CreateQualificationRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(QualificationRecord.schema)
            .field(.id, .int, .identifier(auto: true))
            .enterpriseScopeColumns()
            .field("slot", .string, .required)
            .field("indicator", .string, .required)
            .field("number", .string, .required)
            .field("number_key", .string, .required)
            .field("title", .string, .required)
            .field("dated_on", .string, .required)
            .field("created_by", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "enterprise_id", "slot", "indicator", "number_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(QualificationRecord.schema).delete()
    }
}
