extension ConditionCheck {
    /// The explained condition of one slot of an outcome.
    init(_ condition: RuleCondition, _ outcome: ConditionOutcome, slot: Int, values: ParameterValues) {
        self.init(condition, outcome, slot: slot, description: condition.describe(values))
    }

    init(_ condition: RuleCondition, _ outcome: ConditionOutcome, slot: Int, description: String) {
        let low = outcome.value[slot]
        self.init(id: condition.id, title: condition.title, description: description,
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
        checks(at: slot, library: library, descriptions: descriptions(of: library))
    }

    /// Each condition's text with the parameters evaluated: the same for every slot, so a page or an export
    /// writes them once (filling a template is string replacement, and it dominated a page's 20 rows).
    public func descriptions(of library: RuleLibrary) -> [String] {
        library.conditions.map { $0.describe(parameters) }
    }

    /// `checks(at:library:)` with the conditions' texts from `descriptions(of:)`.
    public func checks(at slot: Int, library: RuleLibrary, descriptions: [String]) -> [ConditionCheck] {
        guard slot >= 0, slot < membership.count, library.id == self.library,
              library.conditions.count == conditions.count, descriptions.count == conditions.count
        else { return [] }
        return conditions.indices.map { index in
            ConditionCheck(library.conditions[index], conditions[index], slot: slot, description: descriptions[index])
        }
    }
}
