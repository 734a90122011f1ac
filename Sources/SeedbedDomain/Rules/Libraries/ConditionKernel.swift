/// Compares a measure with a condition's threshold over all slots.
enum ConditionKernel {
    static func evaluate(_ condition: RuleCondition, input: EvaluationInput, values: ParameterValues,
                         cache: inout ScoreCache) throws(RuleError) -> ConditionOutcome
    {
        let count = input.count
        let measure = try MeasureKernels.compute(condition.measure, input: input, values: values, cache: &cache)
        let threshold = thresholds(condition.threshold, input: input, values: values)
        let scale = condition.unit.scale
        let atLeast = condition.comparison == .atLeast
        // Values in the condition's unit; a unit of scale 1 reuses the measure's columns instead of copying them
        // (every fresh million-slot column costs page faults).
        let value = scale == 1 ? measure.lower : measure.lower.map { $0 * scale }
        let upperValue = measure.upper.map { column in scale == 1 ? column : column.map { $0 * scale } }
        var status = [UInt8](repeating: RuleStatus.unknown.rawValue, count: count)
        let gap = status.withUnsafeMutableBufferPointer { statuses in
            MeasureKernels.fill(count) { slot in
                let low = value[slot]
                let high = upperValue?[slot] ?? low
                let (verdict, distance) = compare(low, high, threshold.value(at: slot), atLeast: atLeast)
                statuses[slot] = verdict.rawValue
                return distance
            }
        }
        return ConditionOutcome(id: condition.id, status: status, value: value, upperValue: upperValue,
                                threshold: threshold, gap: gap)
    }

    /// Status and gap of a value known to lie in [low, high] (NaN = unbounded; equal when exactly known)
    /// against `limit`: met when even the least meets it, not met when even the most misses it, else unknown.
    @inline(__always)
    static func compare(_ low: Double, _ high: Double, _ limit: Double, atLeast: Bool) -> (RuleStatus, Double) {
        guard !limit.isNaN else { return (.unknown, .nan) }
        if atLeast {
            if !low.isNaN, Tolerance.atLeast(low, limit) { return (.met, 0) }
            if !high.isNaN, !Tolerance.atLeast(high, limit) { return (.notMet, high.isFinite ? limit - high : .nan) }
        } else {
            if !high.isNaN, Tolerance.atMost(high, limit) { return (.met, 0) }
            if !low.isNaN, !Tolerance.atMost(low, limit) { return (.notMet, low.isFinite ? low - limit : .nan) }
        }
        return (.unknown, .nan)
    }

    static func thresholds(_ threshold: ConditionThreshold, input: EvaluationInput, values: ParameterValues)
        -> ThresholdColumn
    {
        switch threshold {
        case .parameter(let id):
            return .uniform(values[id])
        case .constant(let value):
            return .uniform(value)
        case .bandedBy(let fact, let limits, let thresholds):
            let limitValues = limits.map { values[$0] }
            let thresholdValues = thresholds.map { values[$0] }
            let basis = input.column(fact, year: input.year)
            return .perSlot(MeasureKernels.fill(input.count) { slot in
                let value = basis[slot]
                guard !value.isNaN else { return .nan }
                for (index, limit) in limitValues.enumerated() where Tolerance.atMost(value, limit) {
                    return index < thresholdValues.count ? thresholdValues[index] : .nan
                }
                return thresholdValues.last ?? .nan
            })
        }
    }

    /// Three-valued membership over condition status columns.
    static func membership(_ expression: MembershipExpression, _ columns: [String: [UInt8]], count: Int) -> [UInt8] {
        switch expression {
        case .condition(let id):
            return columns[id] ?? [UInt8](repeating: RuleStatus.unknown.rawValue, count: count)
        case .all(let parts):
            var result = [UInt8](repeating: RuleStatus.met.rawValue, count: count)
            for part in parts {
                let column = membership(part, columns, count: count)
                for slot in 0..<count {
                    result[slot] = RuleStatus(byte: result[slot]).and(RuleStatus(byte: column[slot])).rawValue
                }
            }
            return result
        case .any(let parts):
            var result = [UInt8](repeating: RuleStatus.notMet.rawValue, count: count)
            for part in parts {
                let column = membership(part, columns, count: count)
                for slot in 0..<count {
                    result[slot] = RuleStatus(byte: result[slot]).or(RuleStatus(byte: column[slot])).rawValue
                }
            }
            return result
        }
    }
}
