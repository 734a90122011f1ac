/// How sure the points of an indicator are.
public enum ScoreBasis: String, Sendable, Hashable, Codable {
    /// Computed from the enterprise's data by the rule.
    case exact
    /// The rule scores a range or the data cannot show the sub-score: its upper bound is credited.
    case upperBound
    /// Data is missing: the points credited are the least the enterprise can have, `possiblePoints` the most.
    case unknown

    /// Chinese note shown beside the points.
    public var note: String? {
        switch self {
        case .exact: nil
        case .upperBound: "按上限估算"
        case .unknown: "数据缺失"
        }
    }
}
