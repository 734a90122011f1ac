/// A questionnaire's answers scored: the total out of 100, each section's points, the §9 level, and the required
/// questions still unanswered (an attempt is complete only when there are none).
public struct AssessmentScore: Sendable, Hashable {
    public let total: Double
    public let sections: [SectionScore]
    public let missing: [MissingAnswer]

    public var level: Int? { DigitalLevel.level(score: total) }
    public var isComplete: Bool { missing.isEmpty }

    /// Points per dimension (sections of one dimension added).
    public var dimensionPoints: [(dimension: AssessmentDimension, points: Double, maximum: Double)] {
        AssessmentDimension.allCases.compactMap { dimension in
            let of = sections.filter { $0.dimension == dimension }
            guard !of.isEmpty else { return nil }
            return (dimension, of.map(\.points).reduce(0, +), of.map(\.maximum).reduce(0, +))
        }
    }
}
