extension ConditionCheck {
    /// The explained condition of one slot of an outcome.
    init(_ condition: RuleCondition, _ outcome: ConditionOutcome, slot: Int, values: ParameterValues) {
        let low = outcome.value[slot]
        self.init(id: condition.id, title: condition.title, description: condition.describe(values),
                  status: RuleStatus(byte: outcome.status[slot]), low: low, high: outcome.upperValue?[slot] ?? low,
                  limit: outcome.threshold.value(at: slot), gap: outcome.gap[slot], comparison: condition.comparison,
                  unit: condition.unit, informational: condition.informational)
    }
}

extension LibraryOutcome {
    /// Every condition of one slot with its numbers, without the score breakdowns an explanation adds: what a
    /// list row or an export line shows, cheap enough for every row of a large export. Empty when the slot is
    /// out of range or `library` is not the one evaluated.
    public func checks(at slot: Int, library: RuleLibrary) -> [ConditionCheck] {
        guard slot >= 0, slot < membership.count, library.id == self.library,
              library.conditions.count == conditions.count
        else { return [] }
        return zip(library.conditions, conditions).map { condition, column in
            ConditionCheck(condition, column, slot: slot, values: parameters)
        }
    }
}
