/// A questionnaire definition that is not valid JSON of the questionnaire's shape.
public struct QuestionnaireDecodingError: Error, Sendable, Hashable {
    public let message: String
}
