/// Boundary comparisons for rule thresholds.
///
/// Ratios are computed in binary floating point, where 120 / 100 − 1 is 0.19999999999999996: without a
/// tolerance an enterprise growing exactly 20 % would miss a "≥ 20 %" band. A value within a relative 1e-9 of a
/// boundary counts as on it — far below any difference a filed number (万元 to three decimals) can make.
enum Tolerance {
    @inline(__always)
    static func epsilon(_ threshold: Double) -> Double { 1e-9 * max(1, abs(threshold)) }

    /// `value ≥ threshold`, with a value on the boundary (within tolerance) counting as reaching it.
    @inline(__always)
    static func atLeast(_ value: Double, _ threshold: Double) -> Bool {
        value >= threshold - epsilon(threshold)
    }

    /// `value > threshold`, with a value on the boundary (within tolerance) not exceeding it.
    @inline(__always)
    static func above(_ value: Double, _ threshold: Double) -> Bool {
        value > threshold + epsilon(threshold)
    }

    /// `value ≤ threshold`, with a value on the boundary (within tolerance) counting as within it.
    @inline(__always)
    static func atMost(_ value: Double, _ threshold: Double) -> Bool {
        value <= threshold + epsilon(threshold)
    }
}
