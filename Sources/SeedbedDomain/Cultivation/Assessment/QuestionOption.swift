/// One option of a question with the points it scores.
public struct QuestionOption: Sendable, Codable, Hashable {
    public var id: String
    public var text: String
    public var points: Double

    public init(_ id: String, _ text: String, points: Double) {
        self.id = id
        self.text = text
        self.points = points
    }
}
