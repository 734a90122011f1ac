import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// One attempt of an enterprise at the digital-level self-assessment (数字化水平评测): the questionnaire version it
/// answers, its answers as JSON, and once 提交 the score and level. Every attempt is kept (history); the latest
/// completed one counts. Carries the enterprise's place, so the one data-scope filter reads it as every
/// enterprise-bound table.
final class DigitalAssessmentRecord: Model, @unchecked Sendable {
    static let schema = "digital_assessments"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "region_code") var regionCode: String
    @OptionalField(key: "zone_id") var zoneID: Int?
    @OptionalField(key: "incubator_id") var incubatorID: Int?
    /// `QuestionnaireCategory` raw value.
    @Field(key: "category") var category: QuestionnaireCategory
    @Field(key: "questionnaire_id") var questionnaireID: Int
    @Field(key: "questionnaire_version") var questionnaireVersion: Int
    /// `AssessmentAnswers` as JSON.
    @Field(key: "answers") var answersJSON: String
    /// `AssessmentStatus` raw value.
    @Field(key: "status") var status: AssessmentStatus
    @Field(key: "score") var score: Double
    /// 1–4 once completed at or above 20 points; nil while a draft or below 一级.
    @OptionalField(key: "level") var level: Int?
    /// Points per section, as JSON `[sectionID: points]`, written on completion.
    @OptionalField(key: "section_points") var sectionPointsJSON: String?
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "started_at") var startedAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "completed_at") var completedAt: Date?

    init() {}


    var scopeSubject: ScopeSubject {
        ScopeSubject(enterpriseID: enterpriseID, regionCode: regionCode, zoneID: zoneID, incubatorID: incubatorID)
    }

    var answers: AssessmentAnswers {
        (try? JSONDecoder().decode(AssessmentAnswers.self, from: Data(answersJSON.utf8))) ?? AssessmentAnswers()
    }

    var sectionPoints: [String: Double] {
        guard let json = sectionPointsJSON else { return [:] }
        return (try? JSONDecoder().decode([String: Double].self, from: Data(json.utf8))) ?? [:]
    }
}

/// Where an attempt is; stored as its raw value in `digital_assessments.status`.
enum AssessmentStatus: String, Codable, Sendable, CaseIterable {
    case draft, completed

    var label: String {
        switch self {
        case .draft: "填写中"
        case .completed: "已完成"
        }
    }
}
