import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// One version of a digital-assessment questionnaire: its category, version number, status and the
/// `Questionnaire` definition as JSON. A draft is edited by an administrator and published; enterprises starting
/// an attempt get the newest published version of their category, and an attempt keeps the version it answered.
final class QuestionnaireRecord: Model, @unchecked Sendable {
    static let schema = "questionnaires"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    /// `QuestionnaireCategory` raw value.
    @Field(key: "category") var category: QuestionnaireCategory
    @Field(key: "version") var version: Int
    /// `QuestionnaireStatus` raw value.
    @Field(key: "status") var status: QuestionnaireStatus
    @Field(key: "title") var title: String
    /// The `Questionnaire` as JSON.
    @Field(key: "definition") var definitionJSON: String
    @OptionalField(key: "created_by") var createdBy: Int?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "published_at") var publishedAt: Date?

    init() {}


    /// The stored definition; nil when it no longer decodes (never written so: every save validates).
    var definition: Questionnaire? {
        try? JSONDecoder().decode(Questionnaire.self, from: Data(definitionJSON.utf8))
    }
}

/// Where a questionnaire version is; stored as its raw value in `questionnaires.status`.
enum QuestionnaireStatus: String, Codable, Sendable, CaseIterable {
    case draft, published, superseded

    var label: String {
        switch self {
        case .draft: "草稿"
        case .published: "已发布"
        case .superseded: "已被新版本取代"
        }
    }
}
