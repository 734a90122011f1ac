@testable import SeedbedDomain

/// Small schemes and inputs the scoring tests share.
enum ScoringFixtures {
    static let stages: [DevelopmentStage] = [.startup, .growth, .stable]

    /// A one-indicator scheme reading `fact` with `method`, weights 10/20/30 by stage unless given.
    static func scheme(_ method: ScoringMethod, direction: RankDirection = .higher, fact: FactID = "x",
                       group: IndicatorGroup? = nil,
                       weights: [DevelopmentStage: Double] = [.startup: 10, .growth: 20, .stable: 30],
                       tiers: TierRule = .standard, totalFloor: Double? = nil) -> InnovationScheme
    {
        let chosenGroup = group ?? (method.subtracts ? .negative : .technology)
        return InnovationScheme(
            id: "test", version: 1, name: "测试方案", effectiveFrom: "2024-01-01",
            indicators: [Indicator(id: fact.rawValue, name: "指标", group: chosenGroup, fact: fact, method: method,
                                   direction: direction, weights: weights)],
            tiers: tiers, totalFloor: totalFloor)
    }

    /// An input with the given columns; every slot in cohort 0 and stage 0 unless given.
    static func input(_ columns: [FactID: [Double]], cohorts: [Int32]? = nil, cohortCount: Int? = nil,
                      stages: [UInt8]? = nil) -> ScoringInput
    {
        let count = columns.values.first?.count ?? cohorts?.count ?? 0
        var frame = FactFrame(count: count)
        for (fact, column) in columns { frame.setColumn(fact, column) }
        let cohortCodes = cohorts ?? [Int32](repeating: 0, count: count)
        return ScoringInput(frame: frame, cohorts: cohortCodes,
                            cohortCount: cohortCount ?? (Int(cohortCodes.max() ?? 0) + 1),
                            stages: stages ?? [UInt8](repeating: 0, count: count))
    }

    /// Scores `input` with `scheme`, failing the test on an error.
    static func score(_ scheme: InnovationScheme, _ input: ScoringInput) throws -> ScoringResult {
        try ScoringEngine(scheme: scheme).score(input)
    }

    /// Points of each slot on the scheme's first indicator.
    static func points(_ result: ScoringResult) -> [Double] {
        (0..<result.count).map { result.breakdown(ofSlot: $0)?.items.first?.points ?? .nan }
    }

    /// Slots where two columns differ (doubles compared bit for bit), so a failure names a few slots instead of
    /// printing a million numbers.
    static func differences(_ lhs: [Double], _ rhs: [Double]) -> [Int] {
        guard lhs.count == rhs.count else { return [-1] }
        return Array(lhs.indices.filter { lhs[$0].bitPattern != rhs[$0].bitPattern }.prefix(5))
    }

    /// Slots where two integer columns differ.
    static func differences<T: BinaryInteger, U: BinaryInteger>(_ lhs: [T], _ rhs: [U]) -> [Int] {
        guard lhs.count == rhs.count else { return [-1] }
        return Array(lhs.indices.filter { Int(lhs[$0]) != Int(rhs[$0]) }.prefix(5))
    }
}
