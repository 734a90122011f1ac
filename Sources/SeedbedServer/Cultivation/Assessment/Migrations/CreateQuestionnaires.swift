import Fluent
import SeedbedDomain
import SQLKit
import Vapor

struct CreateQuestionnaires: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(QuestionnaireRecord.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("category", .string, .required)
            .field("version", .int, .required)
            .field("status", .string, .required)
            .field("title", .string, .required)
            .field("definition", .string, .required)
            .field("created_by", .int)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("published_at", .datetime)
            .unique(on: "category", "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(QuestionnaireRecord.schema).delete()
    }
}
