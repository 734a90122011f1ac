/// One checked condition with its numbers: the enterprise's value, the threshold and the gap (how far from
/// meeting it, in the condition's unit). Used by library explanations and by evaluator verdicts alike.
public struct ConditionCheck: Sendable, Hashable {
    public let id: String
    /// Short name, e.g. "科技人员占比".
    public let title: String
    /// The rule text with its parameters filled in, e.g. "科技人员占职工总数的比例不低于 10%".
    public let description: String
    public let status: RuleStatus
    /// The enterprise's value (the least it can be when only bounds are known); nil when unknown.
    public let value: Double?
    /// The most the value can be when only bounds are known (scores with missing data).
    public let upperValue: Double?
    public let threshold: Double?
    /// 0 when met; how much is missing when not met; nil when unknown.
    public let gap: Double?
    /// Unit of value, threshold and gap ("%", "万元", "年", "分" …); gaps of a "%" condition are percentage points.
    public let unit: String
    /// Shown for information only; does not decide membership.
    public let informational: Bool
    /// One sentence for the 查看 page: value, requirement and what is missing.
    public let summary: String
}
