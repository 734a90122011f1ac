/// The threshold of a condition over all slots: one number, or one per slot when it depends on the enterprise
/// (the 高企 R&D ratio by sales band).
public enum ThresholdColumn: Sendable {
    case uniform(Double)
    case perSlot([Double])

    /// The threshold of one slot (NaN out of range).
    public func value(at slot: Int) -> Double {
        switch self {
        case .uniform(let value): return value
        case .perSlot(let values): return slot >= 0 && slot < values.count ? values[slot] : .nan
        }
    }
}

/// One condition evaluated over all slots, in the condition's unit: a status byte (`RuleStatus` raw value), the
/// value, the threshold and the gap (0 when met, NaN when unknown).
public struct ConditionOutcome: Sendable {
    public let id: String
    public let status: [UInt8]
    /// The enterprise's value (the least it can be, for bounded measures); NaN unknown.
    public let value: [Double]
    /// The most the value can be, for bounded measures (scores with missing data); nil when equal to `value`.
    public let upperValue: [Double]?
    public let threshold: ThresholdColumn
    public let gap: [Double]

    /// How many slots have each status.
    public func count(_ wanted: RuleStatus) -> Int { status.reduce(0) { $0 + ($1 == wanted.rawValue ? 1 : 0) } }
}
