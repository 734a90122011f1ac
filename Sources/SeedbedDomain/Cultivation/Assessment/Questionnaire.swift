import Foundation

/// A digital-assessment questionnaire as data (RULES.md §9): its category, version, title and sections, each a
/// step of the enterprise's form. Administrators edit it as JSON; `problems()` says in Chinese what is wrong with
/// a definition before it may be stored, and `score(_:)` turns answers into points and a level.
public struct Questionnaire: Sendable, Codable, Hashable {
    public var category: QuestionnaireCategory
    public var version: Int
    public var title: String
    /// How the form is scored, as the enterprise's page explains it (e.g. the 经营 default).
    public var note: String?
    public var sections: [QuestionnaireSection]

    public init(category: QuestionnaireCategory, version: Int, title: String, note: String? = nil,
                sections: [QuestionnaireSection]) {
        self.category = category
        self.version = version
        self.title = title
        self.note = note
        self.sections = sections
    }

    /// The points of a perfect attempt: the section weights together.
    public var maximum: Double { sections.map(\.weight).reduce(0, +) }

    public var questionCount: Int { sections.map(\.questions.count).reduce(0, +) }

    /// Everything wrong with the definition, in Chinese; empty when it may be stored and published.
    public func problems() -> [String] {
        var problems: [String] = []
        if title.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("问卷标题不能为空") }
        if version < 1 { problems.append("版本号必须为正整数") }
        if sections.isEmpty { problems.append("问卷至少需要一个部分") }
        var sectionIDs = Set<String>()
        var questionIDs = Set<String>()
        for (index, section) in sections.enumerated() {
            let name = "第\(index + 1)部分“\(section.title)”"
            if section.id.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("\(name)缺少编号") }
            if !sectionIDs.insert(section.id).inserted { problems.append("部分编号重复：\(section.id)") }
            if section.title.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("第\(index + 1)部分缺少标题") }
            if !(section.weight > 0) || !section.weight.isFinite { problems.append("\(name)的分值必须大于0") }
            if section.questions.isEmpty { problems.append("\(name)没有题目") }
            for question in section.questions {
                let q = "题目“\(question.text)”"
                if question.id.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("\(name)中\(q)缺少编号") }
                if !questionIDs.insert(question.id).inserted { problems.append("题目编号重复：\(question.id)") }
                if question.text.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("\(name)中有题目缺少题干") }
                if question.options.count < 2 { problems.append("\(q)至少需要两个选项") }
                var optionIDs = Set<String>()
                for option in question.options {
                    if !optionIDs.insert(option.id).inserted { problems.append("\(q)的选项编号重复：\(option.id)") }
                    if option.id.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("\(q)有选项缺少编号") }
                    if option.points < 0 { problems.append("\(q)的选项“\(option.text)”分值为负数") }
                    if !option.points.isFinite { problems.append("\(q)的选项“\(option.text)”分值无效") }
                }
                if let cap = question.maxPoints, !(cap > 0) || !cap.isFinite { problems.append("\(q)的最高分必须大于0") }
            }
            if !section.questions.isEmpty, !(section.rawMaximum > 0) { problems.append("\(name)的题目最高得分合计为0") }
        }
        let total = maximum
        if !sections.isEmpty, abs(total - 100) > 0.001 {
            problems.append("各部分分值合计为\(Self.format(total))分，应为100分")
        }
        return problems
    }

    /// The answers scored: each section's points scaled to its weight, the total rounded to 0.01, and the required
    /// questions left unanswered (in step order). Options not in the question are ignored; a single-choice kind
    /// counts its first chosen option only.
    public func score(_ answers: AssessmentAnswers) -> AssessmentScore {
        var scores: [SectionScore] = []
        var missing: [MissingAnswer] = []
        for (index, section) in sections.enumerated() {
            let points = section.points(answers)
            scores.append(SectionScore(id: section.id, title: section.title, dimension: section.dimension,
                                       points: (points * 100).rounded() / 100, maximum: section.weight))
            for question in section.questions where question.required {
                let valid = answers.chosen(question.id).filter { id in question.options.contains { $0.id == id } }
                if valid.isEmpty {
                    missing.append(MissingAnswer(sectionID: section.id, sectionTitle: section.title, step: index + 1,
                                                 questionID: question.id, questionText: question.text))
                }
            }
        }
        let total = sections.map { $0.points(answers) }.reduce(0, +)
        return AssessmentScore(total: (total * 100).rounded() / 100, sections: scores, missing: missing)
    }

    /// The answers that pick every question's best option(s).
    public var bestAnswers: AssessmentAnswers {
        var answers = AssessmentAnswers()
        for question in sections.flatMap(\.questions) { answers.set(question.id, question.bestChoice) }
        return answers
    }

    /// Keeps only what the questionnaire knows: known question ids, known option ids, one option for single kinds.
    public func sanitize(_ answers: AssessmentAnswers) -> AssessmentAnswers {
        var clean = AssessmentAnswers()
        for question in sections.flatMap(\.questions) {
            var ids = answers.chosen(question.id).filter { id in question.options.contains { $0.id == id } }
            var seen = Set<String>()
            ids = ids.filter { seen.insert($0).inserted }
            if question.kind != .multiple { ids = Array(ids.prefix(1)) }
            clean.set(question.id, ids)
        }
        return clean
    }

    /// `12`, `12.5`.
    public static func format(_ points: Double) -> String {
        let rounded = (points * 100).rounded() / 100
        guard rounded.isFinite, abs(rounded) < 1e12 else { return "—" }
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.2f", rounded).replacingOccurrences(of: #"0$"#, with: "", options: .regularExpression)
    }

    /// Decodes a definition typed by an administrator; a Chinese message when it is not a questionnaire at all.
    public static func decode(json: String) -> Result<Questionnaire, QuestionnaireDecodingError> {
        guard let data = json.data(using: .utf8), !json.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return .failure(QuestionnaireDecodingError(message: "问卷定义不能为空"))
        }
        do {
            return .success(try JSONDecoder().decode(Questionnaire.self, from: data))
        } catch {
            return .failure(QuestionnaireDecodingError(message: "问卷定义不是有效的JSON问卷格式，请检查括号、引号和字段名"))
        }
    }

    /// The definition as indented JSON, for the administrator's textarea.
    public var prettyJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
