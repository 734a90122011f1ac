/// The three parallel phases of a scoring run, over slots grouped by cohort.
///
/// Everything here works in *grouped positions* (`CohortGrouping.order`), so a cohort's data is one
/// contiguous range and concurrent tasks write disjoint ranges. Inputs are checked by `ScoringEngine` before
/// a kernel is made: every cohort and stage code is in range and every column has one value per slot, which is
/// what makes the unchecked pointer arithmetic below stay inside its buffers.
struct ScoringKernel: Sendable {
    let grouping: CohortGrouping
    /// Cohort code per slot.
    let cohorts: [Int32]
    /// Stage code per grouped position; the undecided stage is mapped to the scheme's stage count.
    let stageCodes: [UInt8]
    /// Fact column per indicator, in slot order.
    let columns: [[Double]]
    let indicators: [CompiledIndicator]
    let tiers: TierRule
    let totalFloor: Double?

    private var count: Int { grouping.order.count }
    private var cohortCount: Int { grouping.cohortCount }
    private var percentileIndicators: [Int] { indicators.indices.filter { indicators[$0].percentileSlot != nil } }

    /// Phase 1: for each percentile indicator `p` and grouped position, twice the average rank of the value
    /// among its cohort's present values (`lo + hi` of its tie run, 1-based; 0 = missing), at `p * count + pos`;
    /// and the number of present values per (`p`, cohort) at `p * cohortCount + cohort`.
    ///
    /// Twice the rank is an exact integer, and `Double(rankSum) * 0.5` is exactly pandas' average rank
    /// `sum_ranks / dups`, so percentiles rebuilt from it later are the same doubles. One task per indicator:
    /// it first lays the column out by cohort in one sequential pass (gathering a cohort's values straight
    /// from the slot-ordered column would miss the cache on nearly every read), then ranks cohort by cohort.
    func rankPercentiles() -> (rankSums: [UInt32], presentCounts: [Int32]) {
        let count = self.count
        let cohortCount = self.cohortCount
        let percentiles = percentileIndicators
        var presentCounts = [Int32](repeating: 0, count: percentiles.count * cohortCount)
        guard !percentiles.isEmpty, count > 0 else { return ([], presentCounts) }
        let rankSums = [UInt32](unsafeUninitializedCapacity: percentiles.count * count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            // Task t handles percentile indicator t and writes only its own column (`t * count ..< (t + 1) *
            // count`) and its own counts (`t * cohortCount ..< (t + 1) * cohortCount`); it covers every
            // position of its column because the cohorts partition the positions.
            let out = DisjointStorage(base: base)
            presentCounts.withUnsafeMutableBufferPointer { counts in
                guard let countsBase = counts.baseAddress else { return }
                let presentOut = DisjointStorage(base: countsBase)
                ParallelWork.workers(tasks: percentiles.count) { counter in
                    let buffers = ColumnBuffers(count: count, largestCohort: grouping.largestCohort)
                    while let slot = counter.take() {
                        let indicator = percentiles[slot]
                        rankColumn(columns[indicator], descending: indicators[indicator].descending,
                                   buffers: buffers, into: out.base + slot * count,
                                   presentCounts: presentOut.base + slot * cohortCount)
                    }
                }
            }
            initialized = percentiles.count * count
        }
        return (rankSums, presentCounts)
    }

    /// Ranks one column in every cohort: writes `lo + hi` (0 when missing) at `out[pos]` for every grouped
    /// position and the cohort's number of present values at `presentCounts[cohort]`.
    private func rankColumn(_ column: [Double], descending: Bool, buffers: borrowing ColumnBuffers,
                            into out: UnsafeMutablePointer<UInt32>, presentCounts: UnsafeMutablePointer<Int32>)
    {
        let count = self.count
        let cohortCount = self.cohortCount
        out.update(repeating: 0, count: count)
        // Present keys laid out by cohort (cohort c's at `cohortStart[c]...`, packed), each with its position
        // within the cohort. One sequential pass over the column; a cohort's writes form one sequential stream.
        let entries = buffers.entries
        var filled = grouping.cohortStart
        var seen = [UInt32](repeating: 0, count: cohortCount)
        column.withUnsafeBufferPointer { values in
            cohorts.withUnsafeBufferPointer { cohortOf in
                filled.withUnsafeMutableBufferPointer { filled in
                    seen.withUnsafeMutableBufferPointer { seen in
                        for slot in 0..<count {
                            let cohort = Int(cohortOf[slot])
                            let local = seen[cohort]
                            seen[cohort] = local &+ 1
                            let value = values[slot]
                            guard !value.isNaN else { continue }
                            let key = SortScratch.ascendingKey(value)
                            let place = filled[cohort]
                            filled[cohort] = place + 1
                            entries[place] = SortScratch.Entry(key: descending ? ~key : key, payload: local)
                        }
                    }
                }
            }
        }
        for cohort in 0..<cohortCount {
            let start = grouping.cohortStart[cohort]
            let present = filled[cohort] - start
            presentCounts[cohort] = Int32(truncatingIfNeeded: present)
            let sorted = buffers.scratch.sort(entries + start, count: present)
            var runStart = 0
            while runStart < present {
                var runEnd = runStart
                while runEnd + 1 < present, sorted[runEnd + 1].key == sorted[runStart].key { runEnd += 1 }
                // 1-based positions runStart+1 … runEnd+1 share their average rank; store their sum.
                let rankSum = UInt32(truncatingIfNeeded: runStart + runEnd + 2)
                for index in runStart...runEnd {
                    out[start + Int(sorted[index].payload)] = rankSum
                }
                runStart = runEnd + 1
            }
        }
    }

    /// Phase 2: every grouped position's total, its points added in scheme order starting from 0.0, floored.
    func totals(rankSums: [UInt32], presentCounts: [Int32]) -> [Double] {
        let count = self.count
        // Slices of at most 16 Ki positions so one large cohort still spreads over the cores.
        var pieces: [(cohort: Int, range: Range<Int>)] = []
        for cohort in grouping.cohortsLargestFirst {
            let range = grouping.range(of: cohort)
            var lower = range.lowerBound
            while lower < range.upperBound {
                let upper = min(lower + 16_384, range.upperBound)
                pieces.append((cohort, lower..<upper))
                lower = upper
            }
        }
        let slices = pieces
        var totals = [Double](repeating: 0, count: count)
        totals.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // Slices partition the positions, and each task writes only its own slice.
            let out = DisjointStorage(base: base)
            ParallelWork.forEach(slices.count) { task in
                let slice = slices[task]
                addPoints(cohort: slice.cohort, range: slice.range, rankSums: rankSums,
                          presentCounts: presentCounts, into: out.base)
            }
        }
        return totals
    }

    /// Adds every indicator's points, in scheme order, into `totals[pos]` (which start at 0.0) for `range`,
    /// then applies the floor.
    private func addPoints(cohort: Int, range: Range<Int>, rankSums: [UInt32], presentCounts: [Int32],
                           into totals: UnsafeMutablePointer<Double>)
    {
        let count = self.count
        stageCodes.withUnsafeBufferPointer { stages in
            grouping.order.withUnsafeBufferPointer { order in
                for (index, indicator) in indicators.enumerated() {
                    indicator.weights.withUnsafeBufferPointer { weights in
                        if let slot = indicator.percentileSlot {
                            let present = Double(presentCounts[slot * cohortCount + cohort])
                            rankSums.withUnsafeBufferPointer { sums in
                                let column = sums.baseAddress.map { $0 + slot * count }
                                guard let column else { return }
                                for position in range {
                                    let rankSum = column[position]
                                    guard rankSum != 0 else { continue }
                                    // As pandas: average rank / present count, then × weight, then added.
                                    let percentile = Double(rankSum) * 0.5 / present
                                    totals[position] += percentile * weights[Int(stages[position])]
                                }
                            }
                        } else {
                            let method = indicator.method
                            let subtracts = indicator.subtracts
                            columns[index].withUnsafeBufferPointer { values in
                                for position in range {
                                    let value = values[Int(order[position])]
                                    totals[position] += Indicator.points(
                                        methodValue: method.value(of: value),
                                        weight: weights[Int(stages[position])],
                                        subtracts: subtracts)
                                }
                            }
                        }
                    }
                }
            }
        }
        if let floor = totalFloor {
            for position in range { totals[position] = max(totals[position], floor) }
        }
    }

    /// Phase 3: ranks totals within each cohort (descending, ties sharing the lowest position) and assigns lists;
    /// returns totals, ranks and list indices (−1 = on no list) in slot order.
    func rankTotals(_ groupedTotals: [Double]) -> (totals: [Double], ranks: [Int32], lists: [Int8]) {
        let count = self.count
        var totals = [Double](repeating: 0, count: count)
        var ranks = [Int32](repeating: 0, count: count)
        var lists = [Int8](repeating: -1, count: count)
        let cohorts = grouping.cohortsLargestFirst
        totals.withUnsafeMutableBufferPointer { totalsBuffer in
            ranks.withUnsafeMutableBufferPointer { ranksBuffer in
                lists.withUnsafeMutableBufferPointer { listsBuffer in
                    guard let totalsBase = totalsBuffer.baseAddress, let ranksBase = ranksBuffer.baseAddress,
                          let listsBase = listsBuffer.baseAddress
                    else { return }
                    // A task writes the slots of its own cohort only; every slot is in exactly one cohort.
                    let outputs = (DisjointStorage(base: totalsBase), DisjointStorage(base: ranksBase),
                                   DisjointStorage(base: listsBase))
                    ParallelWork.forEach(cohorts.count) { task in
                        rankCohortTotals(cohort: cohorts[task], groupedTotals: groupedTotals,
                                         totals: outputs.0.base, ranks: outputs.1.base, lists: outputs.2.base)
                    }
                }
            }
        }
        return (totals, ranks, lists)
    }

    private func rankCohortTotals(cohort: Int, groupedTotals: [Double], totals: UnsafeMutablePointer<Double>,
                                  ranks: UnsafeMutablePointer<Int32>, lists: UnsafeMutablePointer<Int8>)
    {
        let range = grouping.range(of: cohort)
        let scratch = SortScratch(capacity: range.count)
        let entries = UnsafeMutablePointer<SortScratch.Entry>.allocate(capacity: max(1, range.count))
        defer { entries.deallocate() }
        for (local, position) in range.enumerated() {
            // Complemented so that the ascending sort puts the highest total first.
            entries[local] = SortScratch.Entry(key: ~SortScratch.ascendingKey(groupedTotals[position]),
                                               payload: UInt32(truncatingIfNeeded: local))
        }
        let sorted = scratch.sort(entries, count: range.count)
        let seats = tiers.seats(cohortSize: range.count)
        grouping.order.withUnsafeBufferPointer { order in
            var runStart = 0
            while runStart < range.count {
                var runEnd = runStart
                while runEnd + 1 < range.count, sorted[runEnd + 1].key == sorted[runStart].key { runEnd += 1 }
                let rank = runStart + 1
                let list = TierRule.listIndex(rank: rank, seats: seats).map { Int8(truncatingIfNeeded: $0) } ?? -1
                for index in runStart...runEnd {
                    let position = range.lowerBound + Int(sorted[index].payload)
                    let slot = Int(order[position])
                    totals[slot] = groupedTotals[position]
                    ranks[slot] = Int32(truncatingIfNeeded: rank)
                    lists[slot] = list
                }
                runStart = runEnd + 1
            }
        }
    }
}
