extension ConditionCheck {
    /// A numeric check in a condition's unit: status and gap by the same comparison as columnar evaluation.
    /// `value` NaN is unknown; `upper` bounds a value only partly known.
    static func numeric(id: String, title: String, description: String, value: Double, upper: Double? = nil,
                        threshold: Double, comparison: RuleComparison = .atLeast, unit: ParameterUnit,
                        informational: Bool = false) -> ConditionCheck
    {
        let high = upper ?? value
        let (status, gap) = ConditionKernel.compare(value, high, threshold, atLeast: comparison == .atLeast)
        return ConditionCheck(id: id, title: title, description: description, status: status, low: value, high: high,
                              limit: threshold, gap: gap, comparison: comparison, unit: unit,
                              informational: informational)
    }

    /// A yes/no check whose status is already known.
    static func flag(id: String, title: String, description: String, status: RuleStatus, note: String? = nil)
        -> ConditionCheck
    {
        var check = ConditionCheck(id: id, title: title, description: description, status: status,
                                   low: status == .unknown ? .nan : (status == .met ? 1 : 0),
                                   high: status == .unknown ? .nan : (status == .met ? 1 : 0), limit: 1,
                                   gap: .nan, comparison: .atLeast, unit: .flag, informational: false)
        if let note {
            check = ConditionCheck(id: check.id, title: check.title, description: check.description,
                                   status: check.status, value: check.value, upperValue: check.upperValue,
                                   threshold: check.threshold, gap: check.gap, unit: check.unit,
                                   informational: check.informational, summary: check.summary + "（\(note)）")
        }
        return check
    }

    /// Builds the check and its one-sentence summary from the numbers.
    init(id: String, title: String, description: String, status: RuleStatus, low: Double, high: Double,
         limit: Double, gap: Double, comparison: RuleComparison, unit: ParameterUnit, informational: Bool)
    {
        let bounded = !(low == high) && !(low.isNaN && high.isNaN)
        let requirement = limit.isNaN ? "" : "要求\(comparison.words) \(unit.text(limit))"
        var summary = "\(title)："
        switch unit {
        case .flag, .choice:
            summary += status == .unknown ? "数据不足，无法判断" : (status == .met ? "符合" : "不符合")
        default:
            if low == -.infinity {
                summary += "成立年限不足，无法满足（\(requirement)）"
            } else if status == .unknown {
                if bounded, low.isFinite || high.isFinite {
                    let known = low.isFinite ? "已确定 \(unit.text(low))" : ""
                    let most = high.isFinite ? "最高可达 \(unit.text(high))" : ""
                    summary += [known, most].filter { !$0.isEmpty }.joined(separator: "，")
                        + "，\(requirement)，数据不足，暂无法判断"
                } else {
                    summary += "数据不足，无法判断（\(requirement)）"
                }
            } else {
                let shown = status == .notMet && bounded && high.isFinite && comparison == .atLeast
                    ? "最高可达 \(unit.text(high))" : unit.text(low)
                summary += "\(shown)，\(requirement)"
                if status == .met {
                    summary += "，符合"
                } else if gap.isFinite {
                    let verb = comparison == .atLeast ? "还差" : "超出"
                    summary += "，\(verb) \(NumberText.plain(gap))\(unit.gapSymbol)"
                } else {
                    summary += "，不符合"
                }
            }
        }
        if informational { summary += "（仅供参考，不影响入库）" }
        self.init(id: id, title: title, description: description, status: status,
                  value: low.isFinite ? low : nil, upperValue: bounded && high.isFinite ? high : nil,
                  threshold: limit.isFinite ? limit : nil, gap: gap.isFinite ? gap : nil, unit: unit.symbol,
                  informational: informational, summary: summary)
    }
}
