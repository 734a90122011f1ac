/// A published cohort's distribution: each percentile indicator's present values sorted ascending, and the
/// cohort's totals sorted descending. Estimates (测分) and suggestions place values into it by binary search;
/// nothing in it changes, so no published score moves.
///
/// Placing value `v` among `m` other present values, of which `L` are strictly better and `E` equal, gives
/// the rank run `L+1 … L+E+1` and the percentile `((2L + E + 2) / 2) / (m + 1)` — the exact arithmetic of a
/// scoring run over the cohort plus this enterprise, so an estimate's breakdown and total are what a run would
/// give it if the others' values stayed as published.
public struct CohortDistribution: Hashable, Sendable, Codable {
    public let scheme: InnovationScheme
    public let cohort: Int
    /// Present values per indicator ascending (empty for non-percentile indicators), in scheme order.
    public let sortedColumns: [[Double]]
    /// The cohort's published totals, highest first.
    public let sortedTotals: [Double]

    public init(scheme: InnovationScheme, cohort: Int, sortedColumns: [[Double]], sortedTotals: [Double]) {
        self.scheme = scheme
        self.cohort = cohort
        self.sortedColumns = sortedColumns
        self.sortedTotals = sortedTotals
    }

    /// Number of enterprises in the published cohort.
    public var cohortSize: Int { sortedTotals.count }

    /// The estimated score of an enterprise not in the cohort, from its facts (absent or NaN = missing) and
    /// stage: the full breakdown, the total, and the rank and list it would take among the published totals
    /// (ties with a published total share its rank). No published score changes.
    public func estimate(facts: [FactID: Double], stage: DevelopmentStage) throws(ScoringError) -> ScoreBreakdown {
        let stageCode = try code(of: stage)
        let items = lines(values: values(from: facts), stageCode: stageCode, isMember: false)
        var total = 0.0
        for item in items { total += item.points }
        if let floor = scheme.totalFloor { total = max(total, floor) }
        // Published totals are descending: the first not above the estimate is its 0-based place.
        let better = Self.firstIndex(in: sortedTotals) { $0 <= total }
        let rank = better + 1
        let size = cohortSize + 1
        let list = TierRule.listIndex(rank: rank, seats: scheme.tiers.seats(cohortSize: size))
        return ScoreBreakdown(cohort: cohort, stage: stage, items: items, total: total, rank: rank,
                              cohortSize: size, list: list.map { scheme.tiers.lists[$0] },
                              meetsLine: scheme.tiers.meetsLine(total), isEstimate: true)
    }

    /// "What would raise my score" for an enterprise not in the cohort, from its facts and stage.
    public func improvements(facts: [FactID: Double], stage: DevelopmentStage,
                             limit: Int = 5) throws(ScoringError) -> [ScoreImprovement]
    {
        improvements(values: values(from: facts), stageCode: try code(of: stage), isMember: false, limit: limit)
    }

    /// "What would raise my score" for an enterprise that is in the published cohort, from its published values in
    /// scheme order (NaN = missing), as a stored result keeps them: each value is taken out of the cohort before
    /// placing, so the current points are exactly the published ones.
    public func improvements(memberValues values: [Double], stage: DevelopmentStage,
                             limit: Int = 5) throws(ScoringError) -> [ScoreImprovement]
    {
        improvements(values: values, stageCode: try code(of: stage), isMember: true, limit: limit)
    }

    private func code(of stage: DevelopmentStage) throws(ScoringError) -> Int {
        guard let code = scheme.stages.firstIndex(of: stage) else { throw .unknownStage(stage) }
        return code
    }

    private func values(from facts: [FactID: Double]) -> [Double] {
        scheme.indicators.map { facts[$0.fact] ?? .nan }
    }

    /// The breakdown lines for values in scheme order. When `isMember`, each value is also in the published
    /// columns and is taken out before placing, so an unchanged value gets exactly its published percentile.
    func lines(values: [Double], stageCode: Int, isMember: Bool) -> [IndicatorBreakdown] {
        let compiled = CompiledIndicator.compile(scheme)
        return scheme.indicators.indices.map { index in
            let value = index < values.count ? values[index] : .nan
            let percentile = placement(of: value, indicator: index, compiled: compiled[index],
                                       own: isMember ? value : .nan)
            return IndicatorBreakdown.make(scheme.indicators[index], compiled[index], value: value,
                                           percentile: percentile, stageCode: stageCode)
        }
    }

    /// The percentile of `value` on percentile indicator `index` with the published column minus `own`
    /// (NaN = nothing to take out); `nil` for a missing value or another method.
    func placement(of value: Double, indicator index: Int, compiled: CompiledIndicator, own: Double) -> Double? {
        guard compiled.percentileSlot != nil, !value.isNaN, sortedColumns.indices.contains(index) else { return nil }
        let column = sortedColumns[index]
        var less = Self.firstIndex(in: column) { $0 >= value }
        let notAbove = Self.firstIndex(in: column) { $0 > value }
        var equal = notAbove - less
        var greater = column.count - notAbove
        var others = column.count
        if !own.isNaN, others > 0 {
            others -= 1
            if own < value { less -= 1 } else if own == value { equal -= 1 } else { greater -= 1 }
        }
        let better = compiled.descending ? greater : less
        let rankSum = 2 * max(0, better) + max(0, equal) + 2
        return Double(rankSum) * 0.5 / Double(others + 1)
    }

    /// The first index whose element satisfies `predicate`, which must be false then true along `array`.
    static func firstIndex(in array: [Double], where predicate: (Double) -> Bool) -> Int {
        var low = 0
        var high = array.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(array[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Suggestions for values in scheme order; see `ScoringResult.improvements(forSlot:limit:distribution:)`.
    func improvements(values: [Double], stageCode: Int, isMember: Bool, limit: Int) -> [ScoreImprovement] {
        let compiled = CompiledIndicator.compile(scheme)
        let current = lines(values: values, stageCode: stageCode, isMember: isMember)
        var found: [(order: Int, improvement: ScoreImprovement)] = []
        for index in scheme.indicators.indices {
            let line = current[index]
            guard line.weight > 0 else { continue }
            let value = index < values.count ? values[index] : .nan
            let targets = steps(indicator: index, compiled: compiled[index], value: value, line: line,
                                own: isMember ? value : .nan, stageCode: stageCode)
            guard !targets.isEmpty else { continue }
            let indicator = scheme.indicators[index]
            found.append((index, ScoreImprovement(
                indicatorID: indicator.id, name: indicator.name, group: indicator.group, fact: indicator.fact,
                currentValue: line.value, currentPoints: line.points, weight: line.weight, targets: targets)))
        }
        return found
            .sorted { ($1.improvement.nextGain, $0.order) < ($0.improvement.nextGain, $1.order) }
            .prefix(max(0, limit))
            .map(\.improvement)
    }

    /// The reachable steps on one indicator, nearest first, each gaining points.
    private func steps(indicator index: Int, compiled: CompiledIndicator, value: Double, line: IndicatorBreakdown,
                       own: Double, stageCode: Int) -> [ImprovementTarget]
    {
        var candidates: [(label: String, value: Double)] = []
        switch compiled.method {
        case .percentile:
            let column = sortedColumns.indices.contains(index) ? sortedColumns[index] : []
            guard !column.isEmpty else { return [] }
            let quartiles: [(Double, String)] = [(0.25, "达到比较组 25% 分位"), (0.5, "达到比较组中位数"),
                                                 (0.75, "进入比较组前 25%")]
            for (share, label) in quartiles {
                let place = min(column.count - 1, max(0, Int((share * Double(column.count)).rounded(.up)) - 1))
                candidates.append((label, column[compiled.descending ? column.count - 1 - place : place]))
            }
            candidates.append(("达到比较组最好水平", compiled.descending ? column[0] : column[column.count - 1]))
        case .bands(let thresholds, let values):
            let reached = value.isNaN ? -1 : (thresholds.lastIndex { value >= $0 } ?? -1)
            let current = reached >= 0 && reached < values.count ? values[reached] : 0
            let higher = thresholds.indices.filter { $0 > reached && $0 < values.count && values[$0] > current }
            if let next = higher.first {
                candidates.append(("达到 \(InnovationScheme.format(thresholds[next])) 以上", thresholds[next]))
            }
            if let best = values.indices.max(by: { (values[$0], $1) < (values[$1], $0) }), best < thresholds.count,
               best > reached
            {
                candidates.append(("达到最高档（\(InnovationScheme.format(thresholds[best])) 以上）", thresholds[best]))
            }
        case .countWithCap(let cap):
            let have = value.isNaN ? 0 : max(0, value)
            if have < cap {
                let next = min(cap, have.rounded(.down) + 1)
                candidates.append(("增加到 \(InnovationScheme.format(next))", next))
                candidates.append(("达到封顶 \(InnovationScheme.format(cap))", cap))
            }
        case .boolean:
            candidates.append(("取得该项资质", 1))
        case .deduction:
            candidates.append(("消除负面记录", 0))
        }
        var targets: [ImprovementTarget] = []
        var seen = Set<Double>()
        for candidate in candidates where seen.insert(candidate.value).inserted {
            let percentile = placement(of: candidate.value, indicator: index, compiled: compiled, own: own)
            let after = IndicatorBreakdown.make(scheme.indicators[index], compiled, value: candidate.value,
                                                percentile: percentile, stageCode: stageCode)
            let gain = after.points - line.points
            if gain > 1e-9 {
                targets.append(ImprovementTarget(label: candidate.label, targetValue: candidate.value,
                                                 points: after.points, gain: gain))
            }
        }
        return targets.sorted { $0.gain < $1.gain }
    }
}
