/// One band of a banded indicator: the values it covers and the points it gives.
///
/// `minPoints < maxPoints` marks a band the rule scores as a range ("≥35%: 9–10"); a pre-screen credits its
/// upper bound and says so ("按上限估算").
public struct PointBand: Sendable, Hashable, Codable {
    /// The boundary in the indicator's unit (ratios as fractions: 0.05 = 5 %). Ignored for the last band,
    /// which takes every value the others leave.
    public var bound: Double
    /// Whether a value exactly on `bound` belongs to this band. Bands are written best first, so `true` puts a
    /// boundary value in the better band — the default of RULES.md — and `false` is for rules that say
    /// otherwise ("> 0: 1–2 · ≤ 0: 0").
    public var inclusive: Bool
    public var minPoints: Double
    public var maxPoints: Double
    /// How the band reads, e.g. "≥5%" or "55%–75%".
    public var label: String

    public init(_ bound: Double, inclusive: Bool = true, points: Double, upTo maxPoints: Double? = nil,
                label: String)
    {
        self.bound = bound
        self.inclusive = inclusive
        self.minPoints = points
        self.maxPoints = maxPoints ?? points
        self.label = label
    }
}

/// A banded indicator: bands best first; `higherIsBetter` bands cover values at or above their bound,
/// `lowerIsBetter` bands (debt ratio) values at or below it.
public struct BandTable: Sendable, Hashable, Codable {
    /// Whether more of the value is better (most indicators) or less (debt ratio).
    public enum Direction: String, Sendable, Hashable, Codable { case higherIsBetter, lowerIsBetter }
    public var direction: Direction
    public var bands: [PointBand]

    public init(_ bands: [PointBand], direction: Direction = .higherIsBetter) {
        self.direction = direction
        self.bands = bands
    }

    /// The most points any band gives.
    public var maximum: Double {
        var most = 0.0
        for index in bands.indices { most = max(most, bands[index].maxPoints) }
        return most
    }

    /// The fewest points any band gives.
    var minimum: Double {
        var least = Double.infinity
        for index in bands.indices { least = min(least, bands[index].minPoints) }
        return least.isFinite ? least : 0
    }

    /// The index of the band `value` falls in; nil for a missing value or an empty table.
    public func bandIndex(_ value: Double) -> Int? {
        guard !value.isNaN, !bands.isEmpty else { return nil }
        // Fields are read in place: copying a band would copy its label too, and this runs per slot.
        let last = bands.count - 1
        let higher = direction == .higherIsBetter
        for index in 0..<last {
            let bound = bands[index].bound
            let inBand = bands[index].inclusive
                ? (higher ? Tolerance.atLeast(value, bound) : Tolerance.atMost(value, bound))
                : (higher ? Tolerance.above(value, bound) : !Tolerance.atLeast(value, bound))
            if inBand { return index }
        }
        return last
    }

    /// The points of `value`: its band's upper bound (`upperBound` basis for a range); a missing value is
    /// `unknown` between the worst and the best band.
    func score(_ value: Double) -> LinePoints {
        guard let index = bandIndex(value) else {
            return LinePoints(points: minimum, possible: maximum, band: -1, basis: .unknown, value: value)
        }
        let points = bands[index].maxPoints
        return LinePoints(points: points, possible: points, band: index,
                          basis: bands[index].minPoints < points ? .upperBound : .exact, value: value)
    }

    /// A label with the band's points, e.g. "≥35%（9–10 分）".
    func describe(_ index: Int) -> String? {
        guard index >= 0, index < bands.count else { return nil }
        let band = bands[index]
        let points = band.minPoints < band.maxPoints
            ? "\(NumberText.plain(band.minPoints))–\(NumberText.plain(band.maxPoints)) 分"
            : "\(NumberText.plain(band.maxPoints)) 分"
        return "\(band.label)（\(points)）"
    }
}
