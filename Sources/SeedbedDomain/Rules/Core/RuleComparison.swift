/// How a condition compares its measure with its threshold.
public enum RuleComparison: String, Sendable, Hashable, Codable {
    /// Not lower than (不低于): a value on the threshold meets it.
    case atLeast
    /// Not higher than (不高于): a value on the threshold meets it.
    case atMost

    var words: String {
        switch self {
        case .atLeast: "不低于"
        case .atMost: "不高于"
        }
    }
}
