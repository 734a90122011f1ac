/// Reads one slot's facts over the years before the evaluation year, for the single-enterprise evaluators.
struct FactWindow {
    let input: EvaluationInput
    let slot: Int

    /// A fact in the evaluation year minus `back` years (NaN missing).
    func value(_ id: FactID, back: Int = 0) -> Double {
        let column = input.column(id, year: input.year - back)
        return slot < column.count ? column[slot] : .nan
    }

    /// Σ of a non-negative fact over the last `years` years the enterprise existed: the known sum, and whether
    /// a year is missing.
    func total(_ id: FactID, years: Int) -> (sum: Double, missing: Bool) {
        var sum = 0.0
        var missing = false
        for back in 0..<min(max(1, years), MeasureKernels.maxLookback) where input.existed(slot, in: input.year - back) {
            let value = value(id, back: back)
            if value.isFinite { sum += value } else { missing = true }
        }
        return (sum, missing)
    }

    /// Whether a non-negative total over the window reaches `threshold`: known years already reaching it decide.
    func reaches(_ id: FactID, years: Int, _ threshold: Double) -> RuleStatus {
        let (sum, missing) = total(id, years: years)
        if Tolerance.atLeast(sum, threshold) { return .met }
        return missing ? .unknown : .notMet
    }

    /// Whether the enterprise holds a title on the evaluation date.
    func holds(_ title: RuleTitle) -> RuleStatus { TitleColumn(title, input: input).status(at: slot) }
}
