import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor

/// The fact loader reading in id ranges at once (`FactLoader.readers`, a national scoring run on PostgreSQL) loads
/// exactly what one query loads: the same slots, the same values of every year and column, the same reports seen.
@Suite("事实数据分段并行读取")
struct FactLoaderPartsTests {
    @Test("分段读取与一次读取的企业、各年度各项数据和有无年报完全相同（含只要部分指标的年度）")
    func partsReadTheSame() async throws {
        try await withSeedbedApp { app in
            let now = Date(timeIntervalSince1970: 1_780_000_000)
            let loader = DemoDataLoader(database: app.db, logger: app.logger, now: now)
            let zones = try await loader.ensureOrganizations()
            try await loader.loadEnterprises(count: 300, seed: 17, zoneIDs: zones, withFacts: true)
            let sql = try #require(app.db as? any SQLDatabase)
            let years = DemoFilings.reportYears(now: now)
            let last = try #require(years.last)
            // The scored year wants many columns, the year before two: the parts must keep that shape.
            let wanted: [Int: [FactID]] = [last: EnterpriseFacts.columns, last - 1: [.revenue, .netProfit]]
            let whole = try await FactLoader(sql: sql).load(scope: .all, factsByYear: wanted, details: false)
            // Every other event loop, plus the same handle twice more: four parts on PostgreSQL, one on SQLite.
            let readers = app.parallelReaders(besides: app.db).compactMap { $0 as? any SQLDatabase } + [sql, sql]
            let parted = try await FactLoader(sql: sql, readers: readers, partedReadMinimum: 1)
                .load(scope: .all, factsByYear: wanted, details: false)
            #expect(whole.slots.count > 250, "the active ones of 300")
            #expect(parted.slots.map(\.id) == whole.slots.map(\.id))
            #expect(parted.present == whole.present)
            #expect(whole.present[last]?.contains(true) == true)
            for (year, facts) in wanted {
                let a = whole.history.frame(year)
                let b = parted.history.frame(year)
                #expect(a.factIDs == b.factIDs, "\(year)")
                for fact in facts {
                    let same = zip(a.values(fact), b.values(fact)).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
                    #expect(same && a.values(fact).count == b.values(fact).count, "\(year) \(fact)")
                }
            }
            #expect(!whole.history.frame(last - 1).factIDs.contains(.rdExpense), "a column not wanted that year stays out")
        }
    }
}
