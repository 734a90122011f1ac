/// One reachable step on an indicator: the value to reach and the points it would bring.
public struct ImprovementTarget: Hashable, Sendable, Codable {
    /// What to reach, in Chinese (达到比较组中位数, 达到封顶 5 项 …).
    public var label: String
    /// The fact value to reach.
    public var targetValue: Double
    /// The indicator's points at that value.
    public var points: Double
    /// Points gained over the current points.
    public var gain: Double

    public init(label: String, targetValue: Double, points: Double, gain: Double) {
        self.label = label
        self.targetValue = targetValue
        self.points = points
        self.gain = gain
    }
}
