/// One line of a score breakdown: what an indicator read, where it stands in the cohort, and what it earned.
public struct IndicatorBreakdown: Hashable, Sendable, Codable {
    public var indicatorID: String
    public var name: String
    public var group: IndicatorGroup
    public var fact: FactID
    /// The fact value, `nil` when missing.
    public var value: Double?
    /// The cohort percentile (0…1, 1 = best) for percentile indicators with a value; `nil` otherwise.
    public var percentile: Double?
    /// The method value (0…1) the weight was multiplied by.
    public var methodValue: Double
    /// The weight in the enterprise's stage.
    public var weight: Double
    /// Points earned (negative for a deduction).
    public var points: Double

    public init(indicatorID: String, name: String, group: IndicatorGroup, fact: FactID, value: Double?,
                percentile: Double?, methodValue: Double, weight: Double, points: Double)
    {
        self.indicatorID = indicatorID
        self.name = name
        self.group = group
        self.fact = fact
        self.value = value
        self.percentile = percentile
        self.methodValue = methodValue
        self.weight = weight
        self.points = points
    }

    /// Builds the line for `indicator` (compiled as `compiled`) given its value and, for a percentile
    /// indicator, its percentile; the one place breakdowns and estimates compute points.
    static func make(_ indicator: Indicator, _ compiled: CompiledIndicator, value: Double, percentile: Double?,
                     stageCode: Int) -> IndicatorBreakdown
    {
        let weight = compiled.weight(stageCode: stageCode)
        let methodValue: Double
        if compiled.percentileSlot != nil {
            methodValue = percentile ?? 0
        } else {
            methodValue = compiled.method.value(of: value)
        }
        let points = value.isNaN ? 0 : Indicator.points(methodValue: methodValue, weight: weight,
                                                         subtracts: compiled.subtracts)
        return IndicatorBreakdown(indicatorID: indicator.id, name: indicator.name, group: indicator.group,
                                  fact: indicator.fact, value: value.isNaN ? nil : value, percentile: percentile,
                                  methodValue: methodValue, weight: weight, points: points)
    }
}
