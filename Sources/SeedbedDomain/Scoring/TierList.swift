/// One ranking list (榜单) of a cohort, such as 领跑榜 for the top 5 %.
public struct TierList: Hashable, Sendable, Codable {
    /// Stable id (`leading`, `chasing` …).
    public var id: String
    /// The Chinese name shown on the list (领跑榜).
    public var name: String
    /// The cumulative share of the cohort this list reaches down to: 领跑榜 0.05, 竞跑榜 0.10 (covering
    /// 5–10 %), 进取榜 0.20 (10–20 %).
    public var topFraction: Double

    public init(id: String, name: String, topFraction: Double) {
        self.id = id
        self.name = name
        self.topFraction = topFraction
    }
}
