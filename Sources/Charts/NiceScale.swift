import Foundation

/// A linear value axis whose ticks fall on 1, 2 or 5 × 10^k.
struct NiceScale {
    let lower: Double
    let upper: Double
    let ticks: [Double]
    /// Decimals that print every tick exactly.
    let tickDecimals: Int

    /// The tightest scale covering `minimum…maximum` in at most `maxIntervals` steps: the smallest step of the
    /// form 1, 2 or 5 × 10^k that needs no more intervals. `integral` keeps the step at least 1 (counts of
    /// enterprises have no fractional ticks).
    init(minimum: Double, maximum: Double, maxIntervals: Int, integral: Bool) {
        // Beyond ±1e300 the tick arithmetic below could overflow to infinity.
        var low = minimum.isFinite ? min(max(minimum, -1e300), 1e300) : 0
        var high = maximum.isFinite ? min(max(maximum, -1e300), 1e300) : 0
        if low > high { swap(&low, &high) }
        // A flat or degenerate domain still needs an axis: widen it to start or end at zero, or to 0…1.
        if !(high - low > Double.leastNormalMagnitude * 1e10) {
            if high == 0 && low == 0 {
                high = 1
            } else if low >= 0 {
                low = 0
            } else {
                high = 0
            }
        }
        let limit = Double(min(max(maxIntervals, 2), 20))
        let rough = (high - low) / limit
        guard rough.isFinite, rough > 0 else {
            self.init(step: 1, factor: 1, exponent: 0, firstIndex: 0, lastIndex: 1)
            return
        }
        // Start one decade below the rough step and walk up 1, 2, 5, 10, … until the domain fits.
        var exponent = Int(log10(rough).rounded(.down)) - 1
        var step = 1.0
        var chosenFactor = 1.0
        var found = false
        search: for _ in 0..<6 {
            for factor in [1.0, 2.0, 5.0] {
                step = Self.decimal(factor, exponent: exponent)
                chosenFactor = factor
                if integral && step < 1 { continue }
                let intervals = (high / step).rounded(.up) - (low / step).rounded(.down)
                if intervals <= limit {
                    found = true
                    break search
                }
            }
            exponent += 1
        }
        guard found, step.isFinite, step > 0 else {
            self.init(step: 1, factor: 1, exponent: 0, firstIndex: 0, lastIndex: 1)
            return
        }
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        self.init(step: step, factor: chosenFactor, exponent: exponent, firstIndex: first, lastIndex: last)
    }

    private init(step: Double, factor: Double, exponent: Int, firstIndex: Double, lastIndex: Double) {
        var ticks: [Double] = []
        let span = lastIndex - firstIndex
        let intervals = span.isFinite ? Int(min(max(span, 1), 50)) : 1
        for offset in 0...intervals {
            // index × factor × 10^k computed as an integer over a power of ten, so 3 × 0.2 gives 0.6 and not
            // 0.6000000000000001 (a running sum or a fractional step would accumulate such errors).
            let value = Self.decimal((firstIndex + Double(offset)) * factor, exponent: exponent)
            ticks.append(value == 0 ? 0 : value)
        }
        self.lower = ticks.first ?? 0
        self.upper = ticks.last ?? 1
        self.ticks = ticks
        self.tickDecimals = step >= 1 ? 0 : min(max(-exponent, 0), 12)
    }

    /// `mantissa × 10^exponent`, dividing by an exact power of ten for negative exponents.
    private static func decimal(_ mantissa: Double, exponent: Int) -> Double {
        exponent >= 0 ? mantissa * power(ofTen: exponent) : mantissa / power(ofTen: -exponent)
    }

    /// The position of `value` between `start` (at `lower`) and `end` (at `upper`).
    func position(of value: Double, from start: Double, to end: Double) -> Double {
        let span = upper - lower
        guard span > 0, span.isFinite else { return start }
        let t = (value - lower) / span
        return start + (end - start) * (t.isFinite ? t : 0)
    }

    private static func power(ofTen exponent: Int) -> Double {
        let clamped = min(max(exponent, -320), 308)
        return pow(10, Double(clamped))
    }
}
