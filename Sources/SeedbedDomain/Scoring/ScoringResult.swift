/// The outcome of one scoring run: totals, ranks and lists per slot, plus everything needed to explain them.
///
/// Breakdowns are kept columnar — the input columns, one exact rank column per percentile indicator and the
/// cohorts' present counts — not as a million arrays of structs; `breakdown(ofSlot:)` builds one enterprise's
/// breakdown from them on demand, with the same arithmetic as the run.
public struct ScoringResult: Sendable {
    public let scheme: InnovationScheme
    /// Total per slot.
    public let totals: [Double]
    /// 1-based rank per slot within its cohort, descending, ties sharing the lowest position.
    public let ranks: [Int32]
    /// Index into `scheme.tiers.lists` per slot, −1 when on no list.
    public let listIndices: [Int8]
    /// Cohort code per slot, as given.
    public let cohorts: [Int32]
    /// Stage code per slot, as given.
    public let stageCodes: [UInt8]

    let compiled: [CompiledIndicator]
    let grouping: CohortGrouping
    let columns: [[Double]]
    let rankSums: [UInt32]
    let presentCounts: [Int32]

    init(scheme: InnovationScheme, compiled: [CompiledIndicator], grouping: CohortGrouping, cohorts: [Int32],
         stageCodes: [UInt8], columns: [[Double]], rankSums: [UInt32], presentCounts: [Int32], totals: [Double],
         ranks: [Int32], listIndices: [Int8])
    {
        self.scheme = scheme
        self.compiled = compiled
        self.grouping = grouping
        self.cohorts = cohorts
        self.stageCodes = stageCodes
        self.columns = columns
        self.rankSums = rankSums
        self.presentCounts = presentCounts
        self.totals = totals
        self.ranks = ranks
        self.listIndices = listIndices
    }

    /// Number of slots.
    public var count: Int { totals.count }

    /// Number of cohorts.
    public var cohortCount: Int { grouping.cohortCount }

    /// Number of enterprises in a cohort (0 for an unknown code).
    public func cohortSize(_ cohort: Int) -> Int {
        (0..<cohortCount).contains(cohort) ? grouping.range(of: cohort).count : 0
    }

    /// The list of a slot, if any.
    public func list(atSlot slot: Int) -> TierList? {
        guard listIndices.indices.contains(slot) else { return nil }
        let index = Int(listIndices[slot])
        return scheme.tiers.lists.indices.contains(index) ? scheme.tiers.lists[index] : nil
    }

    /// Whether a slot's total meets the scheme's absolute line.
    public func meetsLine(atSlot slot: Int) -> Bool {
        totals.indices.contains(slot) && scheme.tiers.meetsLine(totals[slot])
    }

    /// The slots of a cohort, best rank first (slot order among ties): the cohort's ranking list.
    public func slotsByRank(inCohort cohort: Int) -> [Int] {
        guard (0..<cohortCount).contains(cohort) else { return [] }
        // Sorted as one integer per slot, rank above slot: a national run orders a million slots this way, and a
        // comparison reading both ranks from memory cost several times the sort.
        return grouping.order[grouping.range(of: cohort)]
            .map { slot in UInt64(UInt32(clamping: ranks[Int(slot)])) << 32 | UInt64(UInt32(clamping: slot)) }
            .sorted()
            .map { Int($0 & 0xFFFF_FFFF) }
    }

    /// Every slot, cohort by cohort and best rank first within one (slot order among ties): the order of the run's
    /// ranking pages, and so of the index a database keeps them in — results written in it append to that index
    /// instead of landing on a random page of it for each row.
    public var slotsInRankOrder: [Int] {
        (0..<cohortCount).flatMap { slotsByRank(inCohort: $0) }
    }

    /// Sum of all totals (compensated, so independent of the order cores finished in), rounded to 6 decimals —
    /// `total_checksum` of the benchmark peer.
    public var totalChecksum: Double {
        var sum = 0.0
        var compensation = 0.0
        for total in totals {
            // Neumaier's summation: the error of each addition is kept and added back at the end.
            let next = sum + total
            compensation += abs(sum) >= abs(total) ? (sum - next) + total : (total - next) + sum
            sum = next
        }
        return ((sum + compensation) * 1_000_000).rounded() / 1_000_000
    }

    /// Sum of all ranks — `rank_checksum` of the benchmark peer.
    public var rankChecksum: Int { ranks.reduce(0) { $0 + Int($1) } }

    /// The percentile of slot `slot` (grouped position `position`, cohort `cohort`) on compiled indicator `index`.
    func percentile(indicator index: Int, position: Int, cohort: Int) -> Double? {
        guard let rankSlot = compiled[index].percentileSlot else { return nil }
        return percentile(rankSlot: rankSlot, position: position, cohort: cohort)
    }

    /// The percentile at grouped position `position` of cohort `cohort` in rank column `slot`.
    private func percentile(rankSlot slot: Int, position: Int, cohort: Int) -> Double? {
        let rankSum = rankSums[slot * count + position]
        guard rankSum != 0 else { return nil }
        return Double(rankSum) * 0.5 / Double(presentCounts[slot * cohortCount + cohort])
    }

    /// One enterprise's breakdown, built from the columnar result; `nil` for a slot out of range.
    public func breakdown(ofSlot slot: Int) -> ScoreBreakdown? {
        guard totals.indices.contains(slot) else { return nil }
        let cohort = Int(cohorts[slot])
        let position = Int(grouping.position[slot])
        let stageCode = Int(stageCodes[slot])
        let items = scheme.indicators.indices.map { index in
            IndicatorBreakdown.make(scheme.indicators[index], compiled[index], value: columns[index][slot],
                                    percentile: percentile(indicator: index, position: position, cohort: cohort),
                                    stageCode: stageCode)
        }
        return ScoreBreakdown(
            cohort: cohort,
            stage: scheme.stages.indices.contains(stageCode) ? scheme.stages[stageCode] : nil,
            items: items,
            total: totals[slot],
            rank: Int(ranks[slot]),
            cohortSize: cohortSize(cohort),
            list: list(atSlot: slot),
            meetsLine: meetsLine(atSlot: slot),
            isEstimate: false
        )
    }

    /// One slot's breakdown as numbers only — per indicator, in scheme order, its value (NaN = missing), its cohort
    /// percentile and its points — with the same arithmetic as `breakdown(ofSlot:)` but no names or structs, for
    /// writing a million results. Nothing is reported for a slot out of range.
    public func forEachLine(ofSlot slot: Int,
                            _ body: (_ value: Double, _ percentile: Double?, _ points: Double) -> Void)
    {
        guard totals.indices.contains(slot) else { return }
        let cohort = Int(cohorts[slot])
        let position = Int(grouping.position[slot])
        let stageCode = Int(stageCodes[slot])
        for index in compiled.indices {
            let indicator = compiled[index]
            let value = columns[index][slot]
            let percentile = percentile(indicator: index, position: position, cohort: cohort)
            let methodValue = indicator.percentileSlot != nil ? (percentile ?? 0) : indicator.method.value(of: value)
            let points = value.isNaN ? 0 : Indicator.points(methodValue: methodValue, weight: indicator.weight(stageCode: stageCode),
                                                             subtracts: indicator.subtracts)
            body(value, percentile, points)
        }
    }

    /// `forEachLine(ofSlot:)` for a run of slots, indicator by indicator: `body(offset, indicator, value, percentile,
    /// points)` for the slot at `offset` in `slots` (slots out of range are skipped), with the same arithmetic.
    /// One input column is read at a time over many slots, so it stays in the cache; slot by slot, every column is
    /// read at a random place for each slot (a tenth of a national run's CPU went there).
    public func forEachLine(ofSlots slots: ArraySlice<Int>,
                            _ body: (_ offset: Int, _ indicator: Int, _ value: Double, _ percentile: Double?,
                                     _ points: Double) -> Void)
    {
        // What every indicator needs of a slot, read once per slot.
        var offsets: [Int] = []
        var places: [Int] = []
        var positions: [Int] = []
        var cohortOf: [Int] = []
        var stageOf: [Int] = []
        for (offset, slot) in slots.enumerated() where totals.indices.contains(slot) {
            offsets.append(offset)
            places.append(slot)
            positions.append(Int(grouping.position[slot]))
            cohortOf.append(Int(cohorts[slot]))
            stageOf.append(Int(stageCodes[slot]))
        }
        var values = [Double](repeating: .nan, count: places.count)
        var sums = [UInt32](repeating: 0, count: places.count)
        for index in compiled.indices {
            let indicator = compiled[index]
            let column = columns[index]
            // The scattered reads first, each in a loop of its own: with nothing else in the loop the processor keeps
            // many of them in flight, where the full computation per line left it waiting on one at a time.
            for (k, slot) in places.enumerated() { values[k] = column.indices.contains(slot) ? column[slot] : .nan }
            let rankSlot = indicator.percentileSlot
            if let rankSlot {
                let base = rankSlot * count
                for (k, position) in positions.enumerated() {
                    let at = base + position
                    sums[k] = rankSums.indices.contains(at) ? rankSums[at] : 0
                }
            }
            for k in places.indices {
                let value = values[k]
                var percentile: Double?
                if let rankSlot, sums[k] != 0 {
                    let at = rankSlot * cohortCount + cohortOf[k]
                    if presentCounts.indices.contains(at) { percentile = Double(sums[k]) * 0.5 / Double(presentCounts[at]) }
                }
                let methodValue = indicator.percentileSlot != nil ? (percentile ?? 0) : indicator.method.value(of: value)
                let points = value.isNaN ? 0 : Indicator.points(methodValue: methodValue,
                                                                weight: indicator.weight(stageCode: stageOf[k]),
                                                                subtracts: indicator.subtracts)
                body(offsets[k], index, value, percentile, points)
            }
        }
    }

    /// The published distribution of a cohort, for estimates and suggestions: its sorted percentile columns and
    /// totals. Costs a sort of the cohort's columns; callers that serve many requests keep it.
    public func distribution(ofCohort cohort: Int) throws(ScoringError) -> CohortDistribution {
        guard (0..<cohortCount).contains(cohort) else { throw .unknownCohort(cohort) }
        let slots = grouping.order[grouping.range(of: cohort)].map(Int.init)
        let sortedColumns = scheme.indicators.indices.map { index -> [Double] in
            guard compiled[index].percentileSlot != nil else { return [] }
            return slots.map { columns[index][$0] }.filter { !$0.isNaN }.sorted()
        }
        let sortedTotals = slots.map { totals[$0] }.sorted(by: >)
        return CohortDistribution(scheme: scheme, cohort: cohort, sortedColumns: sortedColumns,
                                  sortedTotals: sortedTotals)
    }

    /// The indicators on which slot `slot` could gain the most points within reach (next quartile of the
    /// cohort, its best value, the next band, the cap …), best first. Builds the cohort's distribution; pass one
    /// kept from `distribution(ofCohort:)` to avoid that when asking for many enterprises of one cohort.
    public func improvements(forSlot slot: Int, limit: Int = 5,
                             distribution: CohortDistribution? = nil) -> [ScoreImprovement]
    {
        guard totals.indices.contains(slot) else { return [] }
        let cohort = Int(cohorts[slot])
        let cohortDistribution: CohortDistribution
        if let distribution, distribution.cohort == cohort, distribution.scheme == scheme {
            cohortDistribution = distribution
        } else {
            do {
                cohortDistribution = try self.distribution(ofCohort: cohort)
            } catch {
                return []
            }
        }
        let values = columns.map { $0[slot] }
        return cohortDistribution.improvements(values: values, stageCode: Int(stageCodes[slot]), isMember: true,
                                               limit: limit)
    }
}
