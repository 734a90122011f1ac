/// Shorthands for the shipped library definitions, so each reads like the rule text.
extension RuleParameter {
    static func percent(_ id: String, _ label: String, _ value: Double, range: ClosedRange<Double> = 0...100,
                        adjustable: Bool = true) -> RuleParameter
    {
        RuleParameter(id, label, unit: .percent, default: value, range: range, adjustable: adjustable)
    }

    static func money(_ id: String, _ label: String, _ value: Double, range: ClosedRange<Double> = 0...10_000_000,
                      adjustable: Bool = true) -> RuleParameter
    {
        RuleParameter(id, label, unit: .wanYuan, default: value, range: range, adjustable: adjustable)
    }

    static func years(_ id: String, _ label: String, _ value: Double, range: ClosedRange<Double>,
                      integral: Bool = true) -> RuleParameter
    {
        RuleParameter(id, label, unit: .years, default: value, range: range, integral: integral)
    }

    static func points(_ id: String, _ label: String, _ value: Double) -> RuleParameter {
        RuleParameter(id, label, unit: .points, default: value, range: 0...100)
    }

    static func count(_ id: String, _ label: String, _ word: String, _ value: Double, range: ClosedRange<Double>,
                      adjustable: Bool = true) -> RuleParameter
    {
        RuleParameter(id, label, unit: .count(word), default: value, range: range, integral: true,
                      adjustable: adjustable)
    }
}

extension RuleCondition {
    /// 近一年内无重大安全、质量事故或严重环境违法行为: shown for information, from `negative_records`.
    static func noMajorIncident(_ text: String) -> RuleCondition {
        RuleCondition(
            id: "no_major_incident", title: "重大事故或严重违法", template: text,
            measure: .fact(.negativeRecords), comparison: .atMost, threshold: .constant(0), unit: .count("次"),
            informational: true, note: "按年报“重大安全、质量事故或严重违法失信行为”次数判断，0 次为未发生；仅供参考，不影响入库")
    }

    /// Technology in one of the 8 fields (RULES.md §4), from the profile.
    static let inHightechField = RuleCondition(
        id: "hightech_field", title: "技术领域", template: "主要产品（服务）的核心技术属于《国家重点支持的高新技术领域》规定的范围",
        measure: .inHightechField, threshold: .constant(1), unit: .flag, note: "按企业档案中的技术领域判断")
}
