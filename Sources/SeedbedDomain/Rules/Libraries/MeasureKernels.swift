/// A measure over all slots, in fact units. `lower` is the value (NaN unknown); `upper`, when present, bounds it
/// from above where only bounds are known (NaN there = no bound), so a rule can still decide: a score whose
/// missing lines could at best reach 60 fails a 71 line. −∞ in both marks a slot that cannot meet the condition
/// at all (too young for the growth asked).
struct MeasureColumns {
    var lower: [Double]
    var upper: [Double]?
}

/// Scores shared by conditions of one evaluation, computed at most once.
struct ScoreCache {
    var hightech: (lower: [Double], upper: [Double])?
    var techSME: (lower: [Double], upper: [Double], direct: [Double])?
}

/// Computes measures column by column.
enum MeasureKernels {
    static func compute(_ measure: ConditionMeasure, input: EvaluationInput, values: ParameterValues,
                        cache: inout ScoreCache) throws(RuleError) -> MeasureColumns
    {
        let count = input.count
        let year = input.year
        switch measure {
        case .fact(let id):
            return MeasureColumns(lower: input.column(id, year: year))

        case .sum(let ids):
            let columns = ids.map { input.column($0, year: year) }
            let (lower, upper) = fill2(count) { slot in
                var sum = 0.0
                var missing = false
                for column in columns {
                    let value = column[slot]
                    if value.isFinite { sum += value } else { missing = true }
                }
                return (sum, missing ? .nan : sum)
            }
            return MeasureColumns(lower: lower, upper: upper)

        case .share(let numerator, let denominator):
            let n = input.column(numerator, year: year)
            let d = input.column(denominator, year: year)
            return MeasureColumns(lower: fill(count) { DerivedFacts.ratio(n[$0], d[$0]) })

        case .pooledShare(let numerator, let denominator, let years):
            let span = window(year, years)
            let n = span.map { input.column(numerator, year: $0) }
            let d = span.map { input.column(denominator, year: $0) }
            return MeasureColumns(lower: fill(count) { slot in
                var sumN = 0.0
                var sumD = 0.0
                var existing = 0
                for index in span.indices where input.existed(slot, in: span[index]) {
                    existing += 1
                    sumN += n[index][slot]
                    sumD += d[index][slot]
                }
                return existing == 0 ? .nan : DerivedFacts.ratio(sumN, sumD)
            })

        case .total(let id, let years):
            let span = window(year, years)
            let columns = span.map { input.column(id, year: $0) }
            let (lower, upper) = fill2(count) { slot in
                var sum = 0.0
                var missing = false
                for index in span.indices where input.existed(slot, in: span[index]) {
                    let value = columns[index][slot]
                    if value.isFinite { sum += value } else { missing = true }
                }
                return (sum, missing ? .nan : sum)
            }
            return MeasureColumns(lower: lower, upper: upper)

        case .average(let id, let years):
            let span = window(year, years)
            let columns = span.map { input.column(id, year: $0) }
            return MeasureColumns(lower: fill(count) { slot in
                var sum = 0.0
                var existing = 0
                for index in span.indices where input.existed(slot, in: span[index]) {
                    existing += 1
                    sum += columns[index][slot]
                }
                return existing == 0 ? .nan : sum / Double(existing)
            })

        case .sustainedGrowth(let id, let parameter):
            let wanted = values[parameter]
            guard wanted >= 1, wanted <= Double(maxLookback) else {
                return MeasureColumns(lower: [Double](repeating: .nan, count: count))
            }
            let years = Int(wanted)
            let span = window(year, years + 1)
            let columns = span.map { input.column(id, year: $0) }
            let (lower, upper) = fill2(count) { slot in
                guard let first = span.first, input.existed(slot, in: first) else { return (-.infinity, -.infinity) }
                var lowest = Double.infinity
                var lowestKnown = Double.infinity
                for index in 1..<span.count {
                    let growth = DerivedFacts.growth(columns[index][slot], over: columns[index - 1][slot])
                    if growth.isNaN { lowest = .nan } else {
                        lowestKnown = min(lowestKnown, growth)
                        if !lowest.isNaN { lowest = min(lowest, growth) }
                    }
                }
                return (lowest, lowestKnown.isFinite ? lowestKnown : .nan)
            }
            return MeasureColumns(lower: lower, upper: upper)

        case .yearsSinceRegistration:
            let days = input.profile.registrationDay
            let today = input.date.daysSince1970
            return MeasureColumns(lower: fill(count) { slot in
                let day = days[slot]
                return day.isFinite ? LocalDate.yearsBetween(Int(day), today) : .nan
            })

        case .inHightechField:
            let fields = input.profile.techField
            return MeasureColumns(lower: fill(count) { slot in
                let code = fields[slot]
                return code < 0 ? .nan : code > 0 ? 1 : 0
            })

        case .inIndustrySections(let letters):
            let wanted = Set(letters.compactMap { $0.unicodeScalars.first.map { UInt8(truncatingIfNeeded: $0.value) } })
            let sections = input.profile.industrySection
            return MeasureColumns(lower: fill(count) { slot in
                let section = sections[slot]
                return section == 0 ? .nan : wanted.contains(section) ? 1 : 0
            })

        case .notListed:
            let profile = input.profile.listingStatus
            let fact = input.column(.listingStatus, year: year)
            return MeasureColumns(lower: fill(count) { slot in
                let code = profile[slot] >= 0 ? Double(profile[slot]) : fact[slot]
                return code.isNaN ? .nan : code >= 2 ? 0 : 1
            })

        case .holdsTitle(let title):
            let column = TitleColumn(title, input: input)
            return MeasureColumns(lower: fill(count) { flag(column.status(at: $0)) })

        case .holdsAnyTitle(let options, let parameter):
            let choice = values[parameter]
            guard choice >= 0, choice < Double(options.count) else {
                return MeasureColumns(lower: [Double](repeating: .nan, count: count))
            }
            let titles = options[Int(choice)]
            if titles.isEmpty { return MeasureColumns(lower: [Double](repeating: 1, count: count)) }
            let columns = titles.map { TitleColumn($0, input: input) }
            return MeasureColumns(lower: fill(count) { slot in
                flag(columns.reduce(RuleStatus.notMet) { $0.or($1.status(at: slot)) })
            })

        case .hightechInnovationScore:
            if cache.hightech == nil {
                let scorer = HightechCapacityColumns(input: input,
                                                     rules: try HightechPrescreenRules.inForce(on: input.date))
                let (lower, upper) = fill2(count) { slot in
                    let points = scorer.points(at: slot)
                    return (points.total, points.possible)
                }
                cache.hightech = (lower, upper)
            }
            return MeasureColumns(lower: cache.hightech?.lower ?? [], upper: cache.hightech?.upper)

        case .techSMEScore, .techSMEDirectConfirmation:
            if cache.techSME == nil {
                let scorer = TechSMEColumns(input: input, rules: try TechSMERules.inForce(on: input.date))
                var direct = [Double](repeating: .nan, count: count)
                let (lower, upper) = direct.withUnsafeMutableBufferPointer { directs in
                    fill2(count) { slot in
                        let points = scorer.points(at: slot)
                        directs[slot] = flag(points.directStatus)
                        return (points.total, points.possible)
                    }
                }
                cache.techSME = (lower, upper, direct)
            }
            if case .techSMEDirectConfirmation = measure {
                return MeasureColumns(lower: cache.techSME?.direct ?? [])
            }
            return MeasureColumns(lower: cache.techSME?.lower ?? [], upper: cache.techSME?.upper)
        }
    }

    /// The longest look-back any measure or rule may ask for: definitions come from JSON, and a window of a
    /// billion years would only burn memory.
    static let maxLookback = 20

    /// The last `years` years ending with `year` (1 to `maxLookback` of them), oldest first.
    static func window(_ year: Int, _ years: Int) -> [Int] {
        let span = min(max(1, years), maxLookback)
        return (0..<span).map { year - span + 1 + $0 }
    }

    @inline(__always)
    static func flag(_ status: RuleStatus) -> Double {
        switch status {
        case .met: 1
        case .notMet: 0
        case .unknown: .nan
        }
    }

    /// Two columns of `count` values computed together, one pair per slot.
    @inline(__always)
    static func fill2(_ count: Int, _ value: (Int) -> (Double, Double)) -> ([Double], [Double]) {
        var second = [Double](repeating: .nan, count: count)
        let first = second.withUnsafeMutableBufferPointer { other in
            [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                for slot in 0..<count {
                    let (a, b) = value(slot)
                    buffer[slot] = a
                    other[slot] = b
                }
                initialized = count
            }
        }
        return (first, second)
    }

    /// A column of `count` values, one per slot.
    @inline(__always)
    static func fill(_ count: Int, _ value: (Int) -> Double) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            for slot in 0..<count { buffer[slot] = value(slot) }
            initialized = count
        }
    }
}
