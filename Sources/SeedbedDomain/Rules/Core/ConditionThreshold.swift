/// The threshold of a condition.
public enum ConditionThreshold: Sendable, Hashable, Codable {
    /// A parameter's value.
    case parameter(String)
    /// A fixed number in the condition's unit.
    case constant(Double)
    /// A parameter chosen by the band a fact of the evaluation year falls in: the first band whose limit the
    /// fact does not exceed (limits inclusive, as "5000万元（含）以下"), the last band above all limits. `limits`
    /// and `thresholds` are parameter ids; there is one more threshold than limits.
    case bandedBy(FactID, limits: [String], thresholds: [String])

    var parameterIDs: [String] {
        switch self {
        case .parameter(let id): [id]
        case .constant: []
        case .bandedBy(_, let limits, let thresholds): limits + thresholds
        }
    }
}
