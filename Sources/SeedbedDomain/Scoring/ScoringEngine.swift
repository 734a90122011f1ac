/// Scores many enterprises with one scheme, column by column (DESIGN.md §5).
///
/// For each cohort, every percentile indicator's present values are ranked (ties share the average rank,
/// 1-based) and divided by their number; points are `percentile * weight[stage]`; other methods value the fact
/// directly; a missing value scores 0. An enterprise's total is its points accumulated in scheme order from
/// 0.0 — the same additions in the same order as the pandas peer, so totals are identical to the bit and ties
/// between totals come out the same. Totals are then ranked within the cohort, descending, ties sharing the
/// lowest position ("min"), and ranks become lists by the scheme's `TierRule`.
///
/// Work runs on all cores: first one task per percentile indicator (each ranks its column in every cohort),
/// then one per slice of a cohort for the totals, then one per cohort for the ranks of totals.
public struct ScoringEngine: Sendable {
    public let scheme: InnovationScheme
    private let compiled: [CompiledIndicator]

    /// An engine for a scheme without problems (`InnovationScheme.validate()`); otherwise throws them.
    public init(scheme: InnovationScheme) throws(SchemeError) {
        let problems = scheme.validate()
        guard problems.isEmpty else { throw .invalid(problems) }
        self.scheme = scheme
        self.compiled = CompiledIndicator.compile(scheme)
    }

    /// Scores every slot of `input`.
    public func score(_ input: ScoringInput) throws(ScoringError) -> ScoringResult {
        let count = input.count
        let cohortCount = input.cohortCount
        let stageCount = scheme.stages.count
        guard count < Int(Int32.max) else { throw .tooLarge(what: "企业", count: count) }
        guard cohortCount >= 0, cohortCount < Int(Int32.max) else { throw .tooLarge(what: "比较组", count: cohortCount) }
        guard input.cohorts.count == count else {
            throw .lengthMismatch(column: "比较组编号", expected: count, actual: input.cohorts.count)
        }
        guard input.stages.count == count else {
            throw .lengthMismatch(column: "发展阶段编号", expected: count, actual: input.stages.count)
        }
        for slot in 0..<count {
            let cohort = Int(input.cohorts[slot])
            guard cohort >= 0, cohort < cohortCount else {
                throw .cohortOutOfRange(slot: slot, code: cohort, cohortCount: cohortCount)
            }
            let stage = input.stages[slot]
            guard Int(stage) < stageCount || stage == ScoringInput.undecidedStage else {
                throw .stageOutOfRange(slot: slot, code: Int(stage), stageCount: stageCount)
            }
        }
        let grouping = CohortGrouping(cohorts: input.cohorts, cohortCount: cohortCount)
        let columns = scheme.indicators.map { input.frame.values($0.fact) }
        let kernel = ScoringKernel(
            grouping: grouping,
            cohorts: input.cohorts,
            stageCodes: grouping.order.map { UInt8(min(Int(input.stages[Int($0)]), stageCount)) },
            columns: columns,
            indicators: compiled,
            tiers: scheme.tiers,
            totalFloor: scheme.totalFloor
        )
        let ranked = kernel.rankPercentiles()
        let groupedTotals = kernel.totals(rankSums: ranked.rankSums, presentCounts: ranked.presentCounts)
        let placed = kernel.rankTotals(groupedTotals)
        return ScoringResult(
            scheme: scheme,
            compiled: compiled,
            grouping: grouping,
            cohorts: input.cohorts,
            stageCodes: input.stages,
            columns: columns,
            rankSums: ranked.rankSums,
            presentCounts: ranked.presentCounts,
            totals: placed.totals,
            ranks: placed.ranks,
            listIndices: placed.lists
        )
    }
}
