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
