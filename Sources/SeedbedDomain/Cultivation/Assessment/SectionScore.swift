/// One section's points in a scored attempt.
public struct SectionScore: Sendable, Hashable, Codable {
    public let id: String
    public let title: String
    public let dimension: AssessmentDimension
    public let points: Double
    public let maximum: Double
}
