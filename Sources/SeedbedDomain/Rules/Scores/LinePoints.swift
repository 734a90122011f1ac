/// The numeric result of one indicator for one enterprise, allocation-free so a million slots score quickly;
/// the explanation path decorates the same value with names and band labels.
struct LinePoints: Sendable, Hashable {
    /// Points credited (the least for `unknown`).
    var points: Double
    /// The most the indicator can give this enterprise (equal to `points` unless `unknown`).
    var possible: Double
    /// Band or step index, −1 when unknown or not banded.
    var band: Int
    var basis: ScoreBasis
    /// The enterprise's value the band was read from (NaN when missing or not applicable).
    var value: Double

    static let zero = LinePoints(points: 0, possible: 0, band: -1, basis: .exact, value: .nan)

    /// A sub-score the data cannot show, credited at `maximum`.
    static func notDerivable(_ maximum: Double) -> LinePoints {
        LinePoints(points: maximum, possible: maximum, band: -1, basis: .upperBound, value: .nan)
    }

    /// Missing data: between `least` and `most`.
    static func missing(_ least: Double = 0, upTo most: Double) -> LinePoints {
        LinePoints(points: least, possible: most, band: -1, basis: .unknown, value: .nan)
    }

    /// The better of two alternative measures ("R&D/sales or R&D/cost, whichever scores more").
    static func better(_ a: LinePoints, _ b: LinePoints) -> LinePoints {
        let points = max(a.points, b.points)
        let possible = max(a.possible, b.possible)
        if possible > points {
            let known = a.points >= b.points ? a : b
            return LinePoints(points: points, possible: possible, band: -1, basis: .unknown, value: known.value)
        }
        let winner = a.points >= b.points ? a : b
        return winner
    }

    /// The same line capped at `cap` points (both credited and possible).
    func capped(_ cap: Double) -> LinePoints {
        var result = self
        result.points = min(points, max(0, cap))
        result.possible = min(possible, max(0, cap))
        return result
    }
}
