/// A parameter as one query used it, for the "条件说明" panel and the 设置条件参数 form.
public struct ParameterSetting: Sendable, Hashable {
    public let parameter: RuleParameter
    public let value: Double
    /// Whether this query set it (otherwise it is the default).
    public let overridden: Bool
}
