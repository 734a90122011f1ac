/// The verdict of a scored rule (高企 pre-screen, 科技型中小企业, 创新型中小企业, 专精特新) for one enterprise: the
/// basic conditions, the per-indicator breakdown whose points sum to `total`, the groups, the direct conditions
/// and the rule version used.
public struct ScoreVerdict: Sendable, Hashable {
    /// The rule version used, named beside every result.
    public let version: RuleVersion
    /// The fact year evaluated.
    public let year: Int
    /// Conditions that must all hold (informational ones are shown but do not decide).
    public let conditions: [ConditionCheck]
    public let indicators: [IndicatorScore]
    public let groups: [ScoreGroupResult]
    /// Σ of the indicators' points.
    public let total: Double
    /// Σ of the indicators' possible points (above `total` only when data is missing).
    public let possibleTotal: Double
    /// The pass line (NaN when the rule has none).
    public let passLine: Double
    /// Whether the score (with any group minimums) passes.
    public let scoreStatus: RuleStatus
    /// Conditions any one of which replaces the score.
    public let directConditions: [ConditionCheck]
    /// Whether a direct condition is met (the score then need not pass).
    public let directConditionApplied: Bool
    /// The verdict: all conditions, and the score or a direct condition.
    public let status: RuleStatus
    /// Caveats: estimates, unconfirmed thresholds, inputs facts do not hold.
    public let notes: [String]
}
