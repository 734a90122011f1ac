/// An attempt's answers: for each question id, the chosen option ids (one for single-choice kinds).
public struct AssessmentAnswers: Sendable, Codable, Hashable {
    public var choices: [String: [String]]

    public init(_ choices: [String: [String]] = [:]) {
        self.choices = choices
    }

    public func chosen(_ questionID: String) -> [String] { choices[questionID] ?? [] }

    /// Sets the chosen options of one question (an empty list clears it).
    public mutating func set(_ questionID: String, _ optionIDs: [String]) {
        choices[questionID] = optionIDs.isEmpty ? nil : optionIDs
    }

    /// These answers with the ones of `other` replacing them question by question.
    public func merging(_ other: AssessmentAnswers, questions: [String]) -> AssessmentAnswers {
        var merged = self
        for id in questions { merged.set(id, other.chosen(id)) }
        return merged
    }
}
