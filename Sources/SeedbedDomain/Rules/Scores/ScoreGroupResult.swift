/// A group of indicators with its subtotal and, where the rule sets one, its minimum.
public struct ScoreGroupResult: Sendable, Hashable {
    public let name: String
    public let points: Double
    public let possiblePoints: Double
    public let maxPoints: Double
    public let minimum: Double?
    public let status: RuleStatus
}

extension ScoreGroupResult {
    /// Sums a group of a breakdown and checks its minimum.
    static func sum(_ name: String, _ indicators: [IndicatorScore], minimum: Double? = nil) -> ScoreGroupResult {
        let members = indicators.filter { $0.group == name }
        let points = members.reduce(0) { $0 + $1.points }
        let possible = members.reduce(0) { $0 + $1.possiblePoints }
        let status: RuleStatus = minimum.map { line in
            Tolerance.atLeast(points, line) ? .met : Tolerance.atLeast(possible, line) ? .unknown : .notMet
        } ?? .met
        return ScoreGroupResult(name: name, points: points, possiblePoints: possible,
                                maxPoints: members.reduce(0) { $0 + $1.maxPoints }, minimum: minimum, status: status)
    }
}
