/// One scored indicator in a verdict's breakdown.
public struct IndicatorScore: Sendable, Hashable {
    public let id: String
    public let name: String
    /// The group it belongs to (创新能力, 成长性 …).
    public let group: String
    /// The most the rule gives.
    public let maxPoints: Double
    /// Points credited; the breakdown's points sum to the verdict's `total`.
    public let points: Double
    /// The most this enterprise can have (above `points` only when data is missing).
    public let possiblePoints: Double
    /// The band or step hit, e.g. "≥5%（20 分）"; nil when unknown.
    public let band: String?
    public let basis: ScoreBasis
    /// The enterprise's value, in `unit`.
    public let value: Double?
    public let unit: String
    /// Anything the reader needs to trust the number ("名次无法从年报判断" …).
    public let note: String?
}
