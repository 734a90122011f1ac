/// One enterprise's score with its reasons: every indicator's line, the total, and its place in the cohort.
///
/// For an estimate (测分) the rank, cohort size and list are estimates: the enterprise placed into the
/// published cohort, everyone else's score unchanged.
public struct ScoreBreakdown: Hashable, Sendable, Codable {
    /// The cohort code.
    public var cohort: Int
    /// The stage weighed, `nil` when undecided.
    public var stage: DevelopmentStage?
    /// One line per indicator, in scheme order.
    public var items: [IndicatorBreakdown]
    public var total: Double
    /// 1-based rank in the cohort, ties sharing the lowest position.
    public var rank: Int
    public var cohortSize: Int
    /// The list the rank falls on, if any.
    public var list: TierList?
    public var meetsLine: Bool
    /// Whether this is an estimate rather than a published score.
    public var isEstimate: Bool

    public init(cohort: Int, stage: DevelopmentStage?, items: [IndicatorBreakdown], total: Double, rank: Int,
                cohortSize: Int, list: TierList?, meetsLine: Bool, isEstimate: Bool)
    {
        self.cohort = cohort
        self.stage = stage
        self.items = items
        self.total = total
        self.rank = rank
        self.cohortSize = cohortSize
        self.list = list
        self.meetsLine = meetsLine
        self.isEstimate = isEstimate
    }

    /// Points per first-level group, for the radar/bar chart of a score.
    public var pointsByGroup: [IndicatorGroup: Double] {
        var sums: [IndicatorGroup: Double] = [:]
        for item in items { sums[item.group, default: 0] += item.points }
        return sums
    }
}
