import Fluent
import FluentPostgresDriver
import NIOConcurrencyHelpers
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
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// `count` demo enterprises with facts.
    static func load(_ app: Application, count: Int, seed: UInt64) async throws {
        let loader = DemoDataLoader(database: app.db, logger: app.logger, now: now)
        let zones = try await loader.ensureOrganizations()
        try await loader.loadEnterprises(count: count, seed: seed, zoneIDs: zones, withFacts: true)
    }

    @Test("分段读取与一次读取的企业、各年度各项数据和有无年报完全相同（含只要部分指标的年度）")
    func partsReadTheSame() async throws {
        try await withSeedbedApp { app in
            let now = Self.now
            try await Self.load(app, count: 300, seed: 17)
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

    @Test("读入的每项数据与表中保存的值一致：空值读作缺失，只要部分指标的年度其余为缺失")
    func valuesAreTheStoredOnes() async throws {
        try await withSeedbedApp { app in
            let now = Self.now
            try await Self.load(app, count: 120, seed: 23)
            let sql = try #require(app.db as? any SQLDatabase)
            let last = try #require(DemoFilings.reportYears(now: now).last)
            // A stored NULL must come back as missing, not as 0.
            try await sql.update(EnterpriseFacts.schema).set("rd_expense", to: SQLLiteral.null)
                .where("year", .equal, last).where("enterprise_id", .equal, SQLRaw("(SELECT MIN(enterprise_id) FROM enterprise_facts)"))
                .run()
            let wanted: [Int: [FactID]] = [last: EnterpriseFacts.columns, last - 1: [.revenue]]
            let loaded = try await FactLoader(sql: sql).load(scope: .all, factsByYear: wanted, details: false)
            let slotOf = Dictionary(uniqueKeysWithValues: loaded.slots.enumerated().map { ($0.element.id, $0.offset) })
            let rows = try await sql.select().columns(["enterprise_id", "year"] + EnterpriseFacts.columns.map(\.rawValue))
                .from(EnterpriseFacts.schema).where("year", .in, [last, last - 1]).all()
            var compared = 0
            var nulls = 0
            for row in rows {
                let id = try row.decode(column: "enterprise_id", as: Int.self)
                let year = try row.decode(column: "year", as: Int.self)
                guard let slot = slotOf[id], let facts = wanted[year] else { continue }
                #expect(loaded.present[year]?[slot] == true)
                let frame = loaded.history.frame(year)
                for fact in facts where !IPKind.allCases.contains(where: { $0.fact == fact }) {
                    let stored = try row.decode(column: fact.rawValue, as: Double?.self)
                    let read = frame.values(fact)[slot]
                    if let stored { #expect(read == stored, "\(id) \(year) \(fact)") } else {
                        #expect(read.isNaN, "\(id) \(year) \(fact) is NULL")
                        nulls += 1
                    }
                    compared += 1
                }
            }
            #expect(compared > 1000)
            #expect(nulls >= 1)
            #expect(!loaded.history.frame(last - 1).factIDs.contains(.netProfit), "the year before wants revenue only")
        }
    }

    @Test("PostgreSQL 数组单元格：正常读出（NULL 为缺失），截断或类型不符的字节不读出任何值也不崩溃")
    func float8ArrayCells() {
        func cell(_ values: [Double?], type: UInt32 = 701, dimensions: Int32 = 1, cut: Int = 0) -> ByteBuffer {
            var buffer = ByteBuffer()
            buffer.writeInteger(dimensions)
            buffer.writeInteger(Int32(values.contains(nil) ? 1 : 0))
            buffer.writeInteger(type)
            buffer.writeInteger(Int32(values.count))
            buffer.writeInteger(Int32(1))
            for value in values {
                if let value {
                    buffer.writeInteger(Int32(8))
                    buffer.writeInteger(value.bitPattern)
                } else {
                    buffer.writeInteger(Int32(-1))
                }
            }
            buffer.moveWriterIndex(to: buffer.writerIndex - cut)
            return buffer
        }
        func read(_ bytes: ByteBuffer?) -> [Int: Double] {
            var seen: [Int: Double] = [:]
            Float8Array(bytes: bytes).forEach { seen[$0] = $1 }
            return seen
        }
        let good = read(cell([1.5, nil, -2e300]))
        #expect(good.count == 3)
        #expect(good[0] == 1.5 && good[1]?.isNaN == true && good[2] == -2e300)
        #expect(read(cell([1.5, 2.5], cut: 3)) == [0: 1.5], "a cut element is not read")
        #expect(read(cell([1.5], type: 20)).isEmpty, "int8[] is not float8[]")
        #expect(read(cell([1.5], dimensions: 2)).isEmpty)
        #expect(read(ByteBuffer(bytes: [0, 0, 0])).isEmpty)
        #expect(read(nil).isEmpty)
    }

    @Test("企业编号到序号：连续编号查表、稀疏编号查字典，结果相同；不存在的编号没有序号")
    func slotIndex() {
        let dense = SlotIndex(ids: [5, 6, 8, 9, 12])
        #expect([5, 6, 8, 9, 12].map { dense[$0] } == [0, 1, 2, 3, 4])
        #expect(dense[7] == nil && dense[4] == nil && dense[13] == nil && dense[Int.min] == nil && dense[Int.max] == nil)
        let sparse = SlotIndex(ids: [Int.min, -3, 1_000_000_000_000, Int.max])
        #expect(sparse[-3] == 1 && sparse[Int.max] == 3 && sparse[Int.min] == 0 && sparse[0] == nil)
        #expect(SlotIndex(ids: [])[1] == nil)
    }

    @Test("PostgreSQL：分段读取时关闭并行与 JIT 只在本次事务内，连接归还后设置如常；读取出错时回滚且连接可用")
    func serialReadLeavesTheConnectionAsItWas() async throws {
        guard TestDatabase.postgresURL != nil else { return }
        try await withSeedbedApp { app in
            try await Self.load(app, count: 40, seed: 29)
            let postgres = try #require(app.db as? any PostgresDatabase)
            try await postgres.withConnection { connection in connection.eventLoop.makeFutureWithTask {
                let sql = connection.sql()
                func setting(_ name: String) async throws -> String? {
                    try await sql.raw("SELECT current_setting(\(bind: name)) AS v").first(decodingColumn: "v", as: String.self)
                }
                let defaults = (try await setting("max_parallel_workers_per_gather"), try await setting("jit"))
                let rows = NIOLockedValueBox(0)
                let query = sql.select().column("enterprise_id").column("year")
                    .column(SQLRaw("ARRAY[revenue, net_profit]::float8[]")).from(EnterpriseFacts.schema)
                try await FactArrayRows.forEach(connection, sql, query, serial: true) { _, _, facts in
                    var seen = 0
                    facts.forEach { _, _ in seen += 1 }
                    rows.withLockedValue { $0 += seen == 2 ? 1 : 0 }
                }
                #expect(rows.withLockedValue { $0 } > 40)
                #expect(try await setting("max_parallel_workers_per_gather") == defaults.0)
                #expect(try await setting("jit") == defaults.1)
                // A read that fails is rolled back: the error reaches the caller, the connection works on.
                let broken = sql.select().column("enterprise_id").column("year").column(SQLRaw("1 / 0")).from(EnterpriseFacts.schema)
                await #expect(throws: (any Error).self) {
                    try await FactArrayRows.forEach(connection, sql, broken, serial: true) { _, _, _ in }
                }
                #expect(try await setting("max_parallel_workers_per_gather") == defaults.0)
                #expect(try await sql.raw("SELECT 1 AS one").first(decodingColumn: "one", as: Int.self) == 1)
            } }.get()
        }
    }
}
