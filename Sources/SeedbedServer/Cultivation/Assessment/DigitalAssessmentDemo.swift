import Fluent
import SeedbedDomain
import Vapor

/// Demo 数字化水平评测: the showcase enterprise (the `ent-demo` account's) with two completed attempts (二级, then the
/// latest 三级 that counts), a dozen other enterprises completed at every level, and one open draft. Loaded once:
/// nothing is added when any attempt exists.
enum DigitalAssessmentDemo {
    static func load(_ app: Application) async throws {
        let db = app.db
        guard try await DigitalAssessmentRecord.query(on: db).count() == 0 else { return }
        let now = app.clock.now()
        let showcase = try await Enterprise.query(on: db).filter(\.$name == DemoEnterpriseGenerator.showcaseName)
            .sort(\.$id).first()
        let others = try await Enterprise.query(on: db).filter(\.$status == .active).sort(\.$id).limit(14).all()
            .filter { $0.id != showcase?.id }
        let day: TimeInterval = 86_400
        if let showcase {
            try await attempt(showcase, share: 0.5, completed: true, at: now - 200 * day, on: db)
            try await attempt(showcase, share: 0.72, completed: true, at: now - 20 * day, on: db)
        }
        // Shares giving 未达一级 up to 四级, in turn.
        let shares = [0.95, 0.72, 0.5, 0.3, 0.1, 0.85, 0.62, 0.45, 0.35, 0.75, 0.55, 0.25]
        for (index, enterprise) in others.prefix(shares.count).enumerated() {
            try await attempt(enterprise, share: shares[index], completed: true, at: now - Double(10 + index * 7) * day, on: db)
        }
        if let draft = others.dropFirst(shares.count).first {
            try await attempt(draft, share: 0.6, completed: false, at: now - 2 * day, on: db)
        }
    }

    /// Answers in which each question's option sits at `share` of the way from its worst to its best; a draft
    /// answers its first two steps only.
    static func answers(_ questionnaire: Questionnaire, share: Double, completed: Bool) -> AssessmentAnswers {
        var answers = AssessmentAnswers()
        let sections = completed ? questionnaire.sections : Array(questionnaire.sections.prefix(2))
        for question in sections.flatMap(\.questions) {
            let ranked = question.options.sorted { $0.points < $1.points }
            guard !ranked.isEmpty else { continue }
            if question.kind == .multiple {
                let positive = ranked.filter { $0.points > 0 }.reversed()
                let count = max(1, Int((Double(positive.count) * share).rounded()))
                answers.set(question.id, Array(positive.prefix(count)).map(\.id))
            } else {
                let index = min(ranked.count - 1, max(0, Int((Double(ranked.count - 1) * share).rounded())))
                answers.set(question.id, [ranked[index].id])
            }
        }
        return answers
    }

    static func attempt(_ enterprise: Enterprise, share: Double, completed: Bool, at date: Date, on db: any Database) async throws {
        guard let enterpriseID = enterprise.id else { return }
        let category = QuestionnaireCategory(industry: enterprise.industryCode)
        guard let (row, questionnaire) = try await DigitalAssessmentService.published(category, on: db), let questionnaireID = row.id
        else { return }
        let answers = Self.answers(questionnaire, share: share, completed: completed)
        let score = questionnaire.score(answers)
        let attempt = DigitalAssessmentRecord()
        attempt.enterpriseID = enterpriseID
        attempt.regionCode = enterprise.regionCode
        attempt.zoneID = enterprise.zoneID
        attempt.incubatorID = enterprise.incubatorID
        attempt.category = category
        attempt.questionnaireID = questionnaireID
        attempt.questionnaireVersion = row.version
        attempt.answersJSON = try DigitalAssessmentService.encode(answers)
        attempt.status = completed ? AssessmentStatus.completed : .draft
        attempt.score = completed ? score.total : 0
        attempt.level = completed ? score.level : nil
        attempt.sectionPointsJSON = completed
            ? try DigitalAssessmentService.encode(Dictionary(score.sections.map { ($0.id, $0.points) }, uniquingKeysWith: { a, _ in a }))
            : nil
        attempt.createdBy = 0
        attempt.startedAt = date - 3_600
        attempt.updatedAt = date
        attempt.completedAt = completed ? date : nil
        try await attempt.create(on: db)
    }
}
