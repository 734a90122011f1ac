import Fluent
import SeedbedDomain
import SQLKit
import Vapor

struct CreateDigitalAssessments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DigitalAssessmentRecord.schema)
            .field(.id, .int, .identifier(auto: true))
            .enterpriseScopeColumns()
            .field("category", .string, .required)
            .field("questionnaire_id", .int, .required, .references(QuestionnaireRecord.schema, .id))
            .field("questionnaire_version", .int, .required)
            .field("answers", .string, .required)
            .field("status", .string, .required)
            .field("score", .double, .required)
            .field("level", .int)
            .field("section_points", .string)
            .field("created_by", .int, .required)
            .field("started_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("completed_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DigitalAssessmentRecord.schema).delete()
    }
}
