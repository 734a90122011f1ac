import Testing
@testable import SeedbedDomain

@Suite("榜单与分数线")
struct TierRuleTests {
    /// Scores `totals` (each in 0…1) in one cohort: a count capped at 1 with weight 1 gives `min(x, 1) / 1 * 1`,
    /// which is exactly `x`, so the test controls the totals to the bit.
    private func ranked(_ totals: [Double], tiers: TierRule) throws -> ScoringResult {
        let scheme = ScoringFixtures.scheme(.countWithCap(cap: 1), weights: [.startup: 1], tiers: tiers)
        return try ScoringFixtures.score(scheme, ScoringFixtures.input(["x": totals]))
    }

    /// Distinct totals in 0…1, best first.
    private func descending(_ count: Int) -> [Double] { (0..<count).map { Double(count - $0) / Double(count) } }

    @Test("100 家企业：前 5% 领跑榜、5–10% 竞跑榜、10–20% 进取榜")
    func standardListsInLargeCohort() throws {
        let result = try ranked(descending(100), tiers: .standard)
        let names = (0..<100).map { result.list(atSlot: $0)?.name }
        #expect(names[0..<5].allSatisfy { $0 == "领跑榜" })
        #expect(names[5..<10].allSatisfy { $0 == "竞跑榜" })
        #expect(names[10..<20].allSatisfy { $0 == "进取榜" })
        #expect(names[20...].allSatisfy { $0 == nil })
    }

    @Test("小比较组向下取整：10 家企业时领跑榜为空，第 1 名进竞跑榜，第 2 名进进取榜")
    func smallCohortRoundsDown() throws {
        let result = try ranked(descending(10), tiers: .standard)
        #expect(result.list(atSlot: 0)?.name == "竞跑榜")
        #expect(result.list(atSlot: 1)?.name == "进取榜")
        #expect(result.list(atSlot: 2) == nil)
    }

    @Test("小比较组可配置向上取整：10 家企业时第 1 名进领跑榜")
    func smallCohortRoundsUp() throws {
        var tiers = TierRule.standard
        tiers.seatRounding = .up
        let result = try ranked(descending(10), tiers: tiers)
        #expect(result.list(atSlot: 0)?.name == "领跑榜")
        #expect(result.list(atSlot: 1)?.name == "进取榜")
        #expect(result.list(atSlot: 2) == nil)
    }

    @Test("名额边界处并列的企业全部进入较高一级榜单")
    func tiesAtBoundaryGoUp() throws {
        // 20 enterprises: 1 seat on 领跑榜, 2 cumulative with 竞跑榜, 4 with 进取榜.
        var totals = descending(20)
        totals[1] = totals[0]
        totals[4] = totals[3]
        totals[5] = totals[3]
        let result = try ranked(totals, tiers: .standard)
        #expect(result.ranks[0...1] == [1, 1])
        #expect(result.list(atSlot: 0)?.name == "领跑榜")
        #expect(result.list(atSlot: 1)?.name == "领跑榜")
        #expect(result.list(atSlot: 2)?.name == "进取榜")
        #expect([3, 4, 5].allSatisfy { result.list(atSlot: $0)?.name == "进取榜" })
        #expect(result.list(atSlot: 6) == nil)
    }

    @Test("分数线：恰在线上达线，差一点不达线", arguments: [(0.7, true), (0.7.nextDown, false), (0.85, true), (0, false)])
    func absoluteLine(total: Double, meets: Bool) throws {
        var tiers = TierRule.standard
        tiers.absoluteLine = AbsoluteLine(name: "0.7 分及以上", minimumTotal: 0.7)
        let result = try ranked([total], tiers: tiers)
        #expect(result.meetsLine(atSlot: 0) == meets)
        #expect(result.breakdown(ofSlot: 0)?.meetsLine == meets)
    }

    @Test("默认分数线为 70 分，恰好 70 分达线")
    func standardLineIsSeventy() {
        #expect(TierRule.standard.meetsLine(70))
        #expect(!TierRule.standard.meetsLine(70.0.nextDown))
        #expect(!TierRule(lists: []).meetsLine(100))
    }

    @Test("名额计算不受浮点误差影响", arguments: [(30, [1, 3, 6]), (35, [1, 3, 7]), (1, [0, 0, 0]), (0, [0, 0, 0])])
    func seatsAreExact(size: Int, seats: [Int]) {
        #expect(TierRule.standard.seats(cohortSize: size) == seats)
    }
}
