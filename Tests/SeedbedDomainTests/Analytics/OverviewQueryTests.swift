import Foundation
import SeedbedDomain
import Testing

@Suite("企业总览快照")
struct OverviewQueryTests {
    static let counties: [Int32] = [210211, 210212, 210202, 500112, 500109, 500101, 110108, 440305]

    static func snapshot(count: Int, seed: UInt64) -> DashboardSnapshot {
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        var scores: [Float] = []
        var tiers: [UInt8] = []
        for _ in 0..<count {
            let score: Float = rng.unit() < 0.1 ? .nan : Float(Int(rng.unit() * 100))
            scores.append(score)
            tiers.append(TierScale.standard.tier(score: score))
        }
        return DashboardSnapshot(
            version: 1, builtAt: Date(), enterpriseIDs: (0..<count).map { Int32($0 + 1) },
            regionCodes: (0..<count).map { _ in pick(counties) }, zones: (0..<count).map { _ in pick([-1, -1, 7, 9]) },
            incubators: (0..<count).map { _ in pick([-1, -1, -1, 3]) },
            sections: (0..<count).map { _ in pick([2, 8, 12, 255]) }, fields: (0..<count).map { _ in pick([0, 1, 2, 4, 8]) },
            stages: (0..<count).map { _ in pick([0, 1, 2, 255]) }, titles: Array(repeating: 0, count: count),
            scores: scores, tiers: tiers)
    }

    static func inScope(_ snapshot: DashboardSnapshot, _ slot: Int, _ scope: SnapshotScope) -> Bool {
        switch scope {
        case .all: true
        case .regionRange(let range): range.contains(snapshot.regionCodes[slot])
        case .zone(let id): snapshot.zones[slot] == id
        case .incubator(let id): snapshot.incubators[slot] == id
        case .enterprise(let id): snapshot.enterpriseIDs[slot] == id
        case .nothing: false
        }
    }

    /// Brute force: which filters a slot passes, by dimension.
    static func passes(_ s: DashboardSnapshot, _ slot: Int, _ f: OverviewFilter, except dimension: Int?) -> Bool {
        let section = min(s.sections[slot], UInt8(IndustrySection.all.count))
        let stage = min(s.stages[slot], UInt8(OverviewStages.stages.count))
        let tier = min(s.tiers[slot], UInt8(s.tierScale.labels.count))
        let checks: [Bool] = [
            f.region.flatMap(SnapshotScope.range).map { $0.contains(s.regionCodes[slot]) } ?? true,
            f.zone.map { s.zones[slot] == $0 } ?? true,
            f.field.map { s.fields[slot] == $0 } ?? true,
            f.section.map { section == $0 } ?? true,
            f.stage.map { stage == $0 } ?? true,
            f.tier.map { tier == $0 } ?? true,
        ]
        return checks.enumerated().allSatisfy { $0.offset == dimension || $0.element }
    }

    @Test("交叉筛选的每个图表计数与逐条计算一致，被点击的图表保留全部分段", arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func matchesNaiveReference(seed: Int) {
        let snapshot = Self.snapshot(count: 4000, seed: UInt64(seed))
        var rng = SplitMix64(seed: UInt64(seed) &* 31)
        let scopes: [SnapshotScope] = [.all, SnapshotScope(.region(prefix: "21")), SnapshotScope(.region(prefix: "500112")),
                                       .zone(7), .incubator(3), .nothing]
        for _ in 0..<20 {
            var filter = OverviewFilter()
            if rng.unit() < 0.5 { filter.region = ["2102", "50", "500112", "11"][Int(rng.next() % 4)] }
            if rng.unit() < 0.3 { filter.zone = [7, 9][Int(rng.next() % 2)] }
            if rng.unit() < 0.4 { filter.field = [1, 2, 4][Int(rng.next() % 3)] }
            if rng.unit() < 0.3 { filter.section = [2, 8][Int(rng.next() % 2)] }
            if rng.unit() < 0.4 { filter.stage = UInt8(rng.next() % 3) }
            if rng.unit() < 0.3 { filter.tier = UInt8(rng.next() % 5) }
            let scope = scopes[Int(rng.next() % UInt64(scopes.count))]
            let result = snapshot.overview(scope: scope, filter: filter, listMinScore: 70, limit: 25)
            var fields = [Int](repeating: 0, count: 9)
            var stages = [Int](repeating: 0, count: 4)
            var tiers = [Int](repeating: 0, count: snapshot.tierScale.labels.count + 1)
            var counties = [Int32: Int]()
            var total = 0
            var listTotal = 0
            var best: [(Float, Int)] = []
            for slot in 0..<snapshot.count where Self.inScope(snapshot, slot, scope) {
                if Self.passes(snapshot, slot, filter, except: nil) {
                    total += 1
                    if snapshot.scores[slot] >= 70 {
                        listTotal += 1
                        best.append((snapshot.scores[slot], slot))
                    }
                }
                if Self.passes(snapshot, slot, filter, except: 2) { fields[Int(snapshot.fields[slot])] += 1 }
                if Self.passes(snapshot, slot, filter, except: 4) { stages[Int(min(snapshot.stages[slot], 3))] += 1 }
                if Self.passes(snapshot, slot, filter, except: 5) {
                    tiers[Int(min(snapshot.tiers[slot], UInt8(snapshot.tierScale.labels.count)))] += 1
                }
                if Self.passes(snapshot, slot, filter, except: 0) { counties[snapshot.regionCodes[slot], default: 0] += 1 }
            }
            #expect(result.total == total)
            #expect(result.listTotal == listTotal)
            #expect(result.fieldCounts == fields, "\(filter)")
            #expect(result.stageCounts == stages)
            #expect(result.tierCounts == tiers)
            for (index, code) in snapshot.countyCodes.enumerated() {
                #expect(result.countyCounts[index] == counties[code] ?? 0)
            }
            let expected = best.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.prefix(25).map(\.1)
            #expect(result.list == Array(expected))
        }
    }

    @Test("范围外的企业不计入任何图表")
    func scopeIsHard() {
        let snapshot = Self.snapshot(count: 2000, seed: 99)
        let county = snapshot.overview(scope: SnapshotScope(.region(prefix: "500112")), filter: OverviewFilter())
        let inCounty = snapshot.regionCodes.filter { $0 == 500112 }.count
        #expect(county.total == inCounty)
        #expect(county.fieldCounts.reduce(0, +) == inCounty)
        for (index, code) in snapshot.countyCodes.enumerated() where code != 500112 {
            #expect(county.countyCounts[index] == 0)
        }
        #expect(snapshot.overview(scope: .nothing, filter: OverviewFilter()).total == 0)
    }

    @Test("列表分页按分数从高到低，同分按入库顺序")
    func listPaging() {
        let snapshot = Self.snapshot(count: 500, seed: 5)
        let all = snapshot.overview(scope: .all, filter: OverviewFilter(), offset: 0, limit: 100).list
        let second = snapshot.overview(scope: .all, filter: OverviewFilter(), offset: 20, limit: 20).list
        #expect(second == Array(all[20..<40]))
        let scores = all.map { snapshot.scores[$0] }.filter { !$0.isNaN }
        #expect(scores == scores.sorted(by: >))
    }
}
