/// One enterprise's standing in one library, explained: every condition with its value, threshold and gap, the
/// version and parameters used, and the first year it qualified — the 查看 page and the enterprise's own console
/// ("which libraries am I in, which conditions do I miss, by how much").
public struct LibraryExplanation: Sendable, Hashable {
    public let library: LibraryID
    public let name: String
    public let version: RuleVersion
    public let year: Int
    public let date: LocalDate
    public let status: RuleStatus
    /// Every condition, in the library's order (informational ones included and marked).
    public let conditions: [ConditionCheck]
    /// The conditions that are not met (not unknown), in order: "which conditions do I miss".
    public var missed: [ConditionCheck] { conditions.filter { $0.status == .notMet && !$0.informational } }
    /// Conditions measured by a score, with the score's breakdown (condition id → indicators).
    public let breakdowns: [String: [IndicatorScore]]
    public let parameters: [ParameterSetting]
    /// 首次符合条件 within the history, where the library tracks it.
    public let firstQualifyingYear: Int?
    public let notes: [String]
}
