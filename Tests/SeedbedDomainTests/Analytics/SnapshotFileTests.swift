import Foundation
@testable import SeedbedDomain
import Testing

@Suite("企业总览快照文件")
struct SnapshotFileTests {
    /// The hand-worked statistics snapshot, with list tiers and names that need every byte of UTF-8.
    static func snapshot() -> DashboardSnapshot {
        let base = StatisticsTests.snapshot()
        return DashboardSnapshot(
            version: 42, builtAt: Date(timeIntervalSince1970: 1_780_000_000.25), enterpriseIDs: base.enterpriseIDs,
            regionCodes: base.regionCodes, zones: base.zones, incubators: base.incubators, sections: base.sections,
            fields: base.fields, stages: base.stages, titles: base.titles, scores: base.scores, tiers: base.tiers,
            tierScale: .lists(["领跑榜", "竞跑榜", "进取榜"], schemeName: "默认方案 𝕊"), statistics: base.statistics,
            zoneNames: base.zoneNames)
    }

    static func expectSame(_ a: DashboardSnapshot, _ b: DashboardSnapshot) {
        #expect(a.version == b.version)
        #expect(a.builtAt == b.builtAt)
        #expect(a.count == b.count)
        #expect(a.enterpriseIDs == b.enterpriseIDs)
        #expect(a.regionCodes == b.regionCodes)
        #expect(a.zones == b.zones)
        #expect(a.incubators == b.incubators)
        #expect(a.sections == b.sections)
        #expect(a.fields == b.fields)
        #expect(a.stages == b.stages)
        #expect(a.titles == b.titles)
        #expect(a.scores.map(\.bitPattern) == b.scores.map(\.bitPattern), "NaN (unscored) included")
        #expect(a.tiers == b.tiers)
        #expect(a.tierScale == b.tierScale)
        #expect(a.zoneNames == b.zoneNames)
        #expect(a.countyCodes == b.countyCodes)
        #expect(a.countyIndex == b.countyIndex)
        #expect(a.zoneIDs == b.zoneIDs)
        #expect(a.zoneIndex == b.zoneIndex)
        #expect(a.scoredCount == b.scoredCount)
        let (x, y) = (a.statistics, b.statistics)
        #expect(x.cells == y.cells)
        #expect(x.registrations == y.registrations)
        #expect(x.admissions == y.admissions)
        #expect(x.reportApprovals == y.reportApprovals)
        #expect(x.years.keys.sorted() == y.years.keys.sorted())
        for (year, data) in x.years {
            guard let other = y.years[year] else { continue }
            #expect(data.reports == other.reports)
            #expect(data.aboveScale == other.aboveScale)
            #expect(data.sizes == other.sizes)
            #expect(data.categories == other.categories)
            #expect(data.fields == other.fields)
            #expect(data.sums.map { $0.map(\.bitPattern) } == other.sums.map { $0.map(\.bitPattern) })
        }
    }

    @Test("写入再读出的快照与原快照逐列相同，统计表的答案也相同")
    func roundTrip() throws {
        let original = Self.snapshot()
        let bytes = SnapshotFile.encode(original, key: "db|42|1:7")
        let (key, read) = try SnapshotFile.decode(bytes)
        #expect(key == "db|42|1:7")
        #expect(try SnapshotFile.key(of: bytes) == "db|42|1:7")
        Self.expectSame(original, read)
        let scope = SnapshotScope(.region(prefix: "50"))
        let before = StatisticsReport(snapshot: original, scope: scope, scopePrefix: "50").counties(year: 2024, tab: .reports)
        let after = StatisticsReport(snapshot: read, scope: scope, scopePrefix: "50").counties(year: 2024, tab: .reports)
        #expect(before.rows == after.rows)
        #expect(before.total == after.total)
        Self.expectSame(DashboardSnapshot.empty, try SnapshotFile.decode(SnapshotFile.encode(.empty, key: "")).snapshot)
    }

    @Test("截断、改动一个字节或别的文件都读不成快照，只报错")
    func damaged() throws {
        let bytes = SnapshotFile.encode(Self.snapshot(), key: "db|42|1:7")
        for length in [0, 7, 8, 20, bytes.count / 2, bytes.count - 9, bytes.count - 1] {
            #expect(throws: SnapshotFile.Malformed.self, "cut to \(length)") {
                try SnapshotFile.decode(Array(bytes.prefix(length)))
            }
        }
        for position in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
            var changed = bytes
            changed[position] ^= 0x5A
            #expect(throws: SnapshotFile.Malformed.self, "byte \(position) changed") { try SnapshotFile.decode(changed) }
        }
        #expect(throws: SnapshotFile.Malformed.self) { try SnapshotFile.decode(Array("PK\u{3}\u{4} not a snapshot".utf8)) }
        #expect(throws: SnapshotFile.Malformed.self) { try SnapshotFile.key(of: Array("SBSNAP".utf8)) }
    }

    @Test("长度字段被改成巨大值时按剩余字节拒绝，不去分配内存")
    func hugeCounts() throws {
        var sink = ByteSink()
        sink.bytes(SnapshotFile.magic)
        sink.int(Int.max)
        var source = ByteSource(sink.buffer)
        _ = try source.bytes(SnapshotFile.magic.count)
        #expect(throws: SnapshotFile.Malformed.self) { try source.string() }
        var columns = ByteSource({ var s = ByteSink(); s.int(Int.max / 2); return s.buffer }())
        #expect(throws: SnapshotFile.Malformed.self) { let _: [Double] = try columns.column() }
    }
}
