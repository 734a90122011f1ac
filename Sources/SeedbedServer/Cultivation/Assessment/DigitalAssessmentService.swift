import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// Starting, saving and completing an enterprise's attempts. Every write checks the attempt belongs to the
/// enterprise and is still a draft; a completed attempt is never changed again.
struct DigitalAssessmentService {
    let db: any Database
    let now: Date

    /// The newest published questionnaire of a category.
    static func published(_ category: QuestionnaireCategory, on db: any Database) async throws
        -> (record: QuestionnaireRecord, questionnaire: Questionnaire)?
    {
        let rows = try await QuestionnaireRecord.query(on: db).filter(\.$category == category)
            .filter(\.$status == QuestionnaireStatus.published).sort(\.$version, .descending).all()
        for row in rows { if let definition = row.definition { return (row, definition) } }
        return nil
    }

    /// The questionnaire an attempt answers (the version it started with).
    func questionnaire(of attempt: DigitalAssessmentRecord) async throws -> Questionnaire {
        guard let row = try await QuestionnaireRecord.find(attempt.questionnaireID, on: db), let definition = row.definition
        else { throw AppError.notFound("评测问卷不存在") }
        return definition
    }

    /// The enterprise's open draft, if any.
    func draft(enterpriseID: Int) async throws -> DigitalAssessmentRecord? {
        try await DigitalAssessmentRecord.query(on: db).filter(\.$enterpriseID == enterpriseID)
            .filter(\.$status == AssessmentStatus.draft).sort(\.$id, .descending).first()
    }

    /// Every attempt of the enterprise, newest first.
    func history(enterpriseID: Int) async throws -> [DigitalAssessmentRecord] {
        try await DigitalAssessmentRecord.query(on: db).filter(\.$enterpriseID == enterpriseID)
            .sort(\.$startedAt, .descending).sort(\.$id, .descending).all()
    }

    /// The open draft, or a new one on the newest published questionnaire of the enterprise's category.
    func start(enterprise: Enterprise, by userID: Int) async throws -> DigitalAssessmentRecord {
        guard let enterpriseID = enterprise.id else { throw AppError.notFound() }
        if let open = try await draft(enterpriseID: enterpriseID) { return open }
        let category = QuestionnaireCategory(industry: enterprise.industryCode)
        guard let (row, _) = try await Self.published(category, on: db), let questionnaireID = row.id else {
            throw AppError.notFound("“\(category.label)”评测表尚未发布，请联系平台管理员")
        }
        let attempt = DigitalAssessmentRecord()
        attempt.enterpriseID = enterpriseID
        attempt.regionCode = enterprise.regionCode
        attempt.zoneID = enterprise.zoneID
        attempt.incubatorID = enterprise.incubatorID
        attempt.category = category
        attempt.questionnaireID = questionnaireID
        attempt.questionnaireVersion = row.version
        attempt.answersJSON = "{\"choices\":{}}"
        attempt.status = AssessmentStatus.draft
        attempt.score = 0
        attempt.level = nil
        attempt.createdBy = userID
        attempt.startedAt = now
        attempt.updatedAt = now
        try await attempt.create(on: db)
        return attempt
    }

    /// Keeps the posted answers of the given questions (the step's), cleaned to what the questionnaire knows.
    func save(_ attempt: DigitalAssessmentRecord, posted: AssessmentAnswers, questions: [String],
              questionnaire: Questionnaire) async throws {
        guard attempt.status == .draft else { throw AppError.conflict("该次评测已完成，不能再修改") }
        let merged = questionnaire.sanitize(attempt.answers.merging(posted, questions: questions))
        attempt.answersJSON = try Self.encode(merged)
        attempt.updatedAt = now
        try await attempt.save(on: db)
    }

    /// 提交: scores the draft; the missing answers when it is incomplete (nothing changes then).
    func complete(_ attempt: DigitalAssessmentRecord, questionnaire: Questionnaire) async throws -> AssessmentScore {
        guard attempt.status == .draft else { throw AppError.conflict("该次评测已完成，不能再修改") }
        let score = questionnaire.score(attempt.answers)
        guard score.isComplete else { return score }
        attempt.status = AssessmentStatus.completed
        attempt.score = score.total
        attempt.level = score.level
        attempt.sectionPointsJSON = try Self.encode(Dictionary(score.sections.map { ($0.id, $0.points) },
                                                               uniquingKeysWith: { first, _ in first }))
        attempt.completedAt = now
        attempt.updatedAt = now
        try await attempt.save(on: db)
        return score
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
