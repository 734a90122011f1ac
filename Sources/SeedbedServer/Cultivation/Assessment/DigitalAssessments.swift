import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// The latest completed digital-level self-assessment of an enterprise, as other features read it: the filing
/// workflow (`FilingEnterprise.hasDigitalAssessment`) and the 专精特新 application (`SpecializedSMEInputs.digitalLevel`).
struct DigitalAssessmentResult: Sendable, Hashable {
    let id: Int
    /// 1–4, or nil below 一级 (under 20 points).
    let level: Int?
    let score: Double
    let completedOn: LocalDate
    let category: QuestionnaireCategory
    let questionnaireVersion: Int

    /// 二级（52分）.
    var label: String { DigitalLevel.label(level) + "（" + Questionnaire.format(score) + "分）" }
}

enum DigitalAssessments {
    /// The enterprise's latest COMPLETED assessment (the one that counts), or nil when it has none.
    static func latest(enterpriseID: Int, on db: any Database) async throws -> DigitalAssessmentResult? {
        let row = try await DigitalAssessmentRecord.query(on: db)
            .filter(\.$enterpriseID == enterpriseID)
            .filter(\.$status == AssessmentStatus.completed)
            .sort(\.$completedAt, .descending).sort(\.$id, .descending)
            .first()
        guard let row, let id = row.id, let completedAt = row.completedAt else { return nil }
        return DigitalAssessmentResult(id: id, level: row.level, score: row.score,
                                       completedOn: LocalDate(chinaTimeOf: completedAt), category: row.category,
                                       questionnaireVersion: row.questionnaireVersion)
    }
}
