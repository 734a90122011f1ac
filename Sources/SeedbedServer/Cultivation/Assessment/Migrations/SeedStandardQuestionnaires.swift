import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// Stores the three standard questionnaires (`StandardQuestionnaires`) as published version 1 of their category,
/// unless that category already has a version 1.
struct SeedStandardQuestionnaires: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let now = Date()
        for questionnaire in StandardQuestionnaires.all {
            let existing = try await QuestionnaireRecord.query(on: database)
                .filter(\.$category == questionnaire.category).filter(\.$version == 1).first()
            guard existing == nil else { continue }
            let row = QuestionnaireRecord()
            row.category = questionnaire.category
            row.version = 1
            row.status = QuestionnaireStatus.published
            row.title = questionnaire.title
            row.definitionJSON = questionnaire.prettyJSON
            row.createdBy = nil
            row.createdAt = now
            row.updatedAt = now
            row.publishedAt = now
            try await row.create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await QuestionnaireRecord.query(on: database).filter(\.$version == 1).filter(\.$createdBy == nil).delete()
    }
}
