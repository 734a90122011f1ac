/// One section of a questionnaire — one step of the enterprise's form. Its questions' raw points are scaled to the
/// section's `weight` (its share of the 100 points): points = weight × raw ÷ raw maximum. A section whose raw
/// maximum equals its weight (基础 50 out of 50) scores its raw points; the 16 经营 scenarios graded 一级–四级 are
/// thereby averaged into the 经营 weight.
public struct QuestionnaireSection: Sendable, Codable, Hashable {
    public var id: String
    public var dimension: AssessmentDimension
    public var title: String
    public var weight: Double
    public var note: String?
    public var questions: [AssessmentQuestion]

    public init(_ id: String, dimension: AssessmentDimension, title: String, weight: Double, note: String? = nil,
                questions: [AssessmentQuestion]) {
        self.id = id
        self.dimension = dimension
        self.title = title
        self.weight = weight
        self.note = note
        self.questions = questions
    }

    /// The raw points all questions can score together.
    public var rawMaximum: Double { questions.map(\.maximum).reduce(0, +) }

    /// The section's points for the answers, scaled to its weight.
    public func points(_ answers: AssessmentAnswers) -> Double {
        let raw = questions.map { $0.points(for: answers.chosen($0.id)) }.reduce(0, +)
        let maximum = rawMaximum
        guard maximum > 0 else { return 0 }
        return weight * min(max(raw, 0), maximum) / maximum
    }
}
