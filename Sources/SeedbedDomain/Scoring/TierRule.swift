/// How ranks within a cohort become lists (榜单) and how totals meet the absolute line.
///
/// A list with cumulative share `p` has `seats = floor(p × n)` positions in a cohort of `n` enterprises
/// (`ceil` when `seatRounding` is `.up`, for localities that want a list even in small cohorts). An enterprise
/// whose rank `r` (1-based, ties sharing the lowest position) satisfies `r ≤ seats` of the first such list is on
/// that list. **Ties at a boundary are resolved upward**: enterprises tied with the last seat share its rank, so
/// all of them are on the list, which may then hold more than its seats; none is pushed down by an arbitrary
/// order. With `.down`, a list in a cohort too small to give it one seat is empty.
public struct TierRule: Hashable, Sendable, Codable {
    /// How a fractional number of seats is rounded.
    public enum SeatRounding: String, Hashable, Sendable, Codable {
        case down, up
    }

    /// The lists, best first, with ascending cumulative shares.
    public var lists: [TierList]
    public var seatRounding: SeatRounding
    public var absoluteLine: AbsoluteLine?

    public init(lists: [TierList], seatRounding: SeatRounding = .down, absoluteLine: AbsoluteLine? = nil) {
        self.lists = lists
        self.seatRounding = seatRounding
        self.absoluteLine = absoluteLine
    }

    /// 领跑榜 top 5 %, 竞跑榜 5–10 %, 进取榜 10–20 % (Wenzhou's lists, RULES.md §6) and the line at 70.
    public static let standard = TierRule(
        lists: [
            TierList(id: "leading", name: "领跑榜", topFraction: 0.05),
            TierList(id: "chasing", name: "竞跑榜", topFraction: 0.10),
            TierList(id: "striving", name: "进取榜", topFraction: 0.20),
        ],
        seatRounding: .down,
        absoluteLine: AbsoluteLine(name: "积分 70 分及以上", minimumTotal: 70)
    )

    /// Seats of each list in a cohort of `size`, cumulative.
    func seats(cohortSize size: Int) -> [Int] {
        lists.map { list in
            // The small epsilon keeps 0.1 × 30 = 3.0000000000000004 from becoming 4 seats when rounding up,
            // and 0.2 × 35 = 6.999999999999999 from becoming 6 seats when rounding down.
            let exact = list.topFraction * Double(size)
            let rounded = seatRounding == .down ? (exact + 1e-9).rounded(.down) : (exact - 1e-9).rounded(.up)
            return Int(max(0, min(rounded, Double(size))))
        }
    }

    /// The list index (0 = best) of a rank given the cohort's seats, or `nil` when on no list.
    static func listIndex(rank: Int, seats: [Int]) -> Int? {
        seats.firstIndex { rank <= $0 }
    }

    /// Whether a total meets the absolute line (always false without a line).
    public func meetsLine(_ total: Double) -> Bool {
        guard let line = absoluteLine else { return false }
        return total >= line.minimumTotal
    }
}
