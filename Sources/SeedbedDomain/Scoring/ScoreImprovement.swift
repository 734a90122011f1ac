/// "What would raise my score" on one indicator: where the enterprise is and the steps within reach, nearest
/// first. Points are computed as an estimate — the enterprise's value changed, everyone else's unchanged.
public struct ScoreImprovement: Hashable, Sendable, Codable {
    public var indicatorID: String
    public var name: String
    public var group: IndicatorGroup
    public var fact: FactID
    /// The current value, `nil` when missing (补充填报 is then the first step).
    public var currentValue: Double?
    public var currentPoints: Double
    public var weight: Double
    /// Reachable steps, nearest (smallest gain) first; never empty.
    public var targets: [ImprovementTarget]

    public init(indicatorID: String, name: String, group: IndicatorGroup, fact: FactID, currentValue: Double?,
                currentPoints: Double, weight: Double, targets: [ImprovementTarget])
    {
        self.indicatorID = indicatorID
        self.name = name
        self.group = group
        self.fact = fact
        self.currentValue = currentValue
        self.currentPoints = currentPoints
        self.weight = weight
        self.targets = targets
    }

    /// Points gained by the nearest step.
    public var nextGain: Double { targets.first?.gain ?? 0 }

    /// Points gained by the furthest step (the cohort's best value, the top band, the cap).
    public var maximumGain: Double { targets.map(\.gain).max() ?? 0 }
}
