/// How one enterprise's score changed between two runs.
public struct ScoreMove: Hashable, Sendable, Codable {
    public var slot: Int
    public var totalBefore: Double
    public var totalAfter: Double
    public var rankBefore: Int
    public var rankAfter: Int
    /// List names before and after (`nil` = on no list).
    public var listBefore: String?
    public var listAfter: String?

    public init(slot: Int, totalBefore: Double, totalAfter: Double, rankBefore: Int, rankAfter: Int,
                listBefore: String?, listAfter: String?)
    {
        self.slot = slot
        self.totalBefore = totalBefore
        self.totalAfter = totalAfter
        self.rankBefore = rankBefore
        self.rankAfter = rankAfter
        self.listBefore = listBefore
        self.listAfter = listAfter
    }

    /// Change of the total (after − before).
    public var change: Double { totalAfter - totalBefore }
}
