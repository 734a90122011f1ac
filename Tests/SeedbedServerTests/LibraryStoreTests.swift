import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Library pages answered from the node's platform-wide library data (`LibraryStore`) instead of a scoped load
/// per request.
@Suite("培育库数据缓存")
struct LibraryStoreTests {
    /// What one enterprise shows in a library: its verdict, every condition cell and its first qualifying year.
    struct Line: Equatable, CustomStringConvertible {
        let status: RuleStatus
        let cells: [String]
        let firstYear: Int?

        var description: String { "\(status.label) \(cells) \(firstYear.map(String.init) ?? "-")" }
    }

    /// The scoped evaluation the pages ran before: every active enterprise of `scope` loaded and evaluated.
    static func direct(_ spec: LibraryPageSpec, scope: DataScope, now: Date, on db: any Database) async throws
        -> (year: Int, years: [Int], lines: [Int: Line])
    {
        let sql = try #require(db as? any SQLDatabase)
        let today = LocalDate(chinaTimeOf: now)
        let years = try await LibraryData.years(scope: scope, on: sql)
        let year = years.first ?? (today.year - 1)
        let date = LibraryData.evaluationDate(year: year, today: today)
        let library = try LibraryCatalog.standard.library(spec.id, on: date)
        let lookback = library.tracksFirstQualifyingYear ? LibraryData.historyLookback : LibraryData.lookback
        let data = try await LibraryData.load(scope: scope, year: year, lookback: lookback, date: date, on: sql)
        let outcome = try LibraryEvaluator.evaluate(library, input: data.input)
        var lines: [Int: Line] = [:]
        for (slot, enterprise) in data.slots.enumerated() {
            let first = outcome.firstQualifyingYear.flatMap { $0[slot] > 0 ? Int($0[slot]) : nil }
            lines[enterprise.id] = Line(status: outcome.status(at: slot),
                                        cells: outcome.checks(at: slot, library: library).map(LibraryText.cell),
                                        firstYear: first)
        }
        return (year, years, lines)
    }

    /// What the page path lists for `scope` with 全部企业: every row of the list, through the store.
    static func listed(_ spec: LibraryPageSpec, scope: DataScope, app: Application) async throws
        -> (year: Int, years: [Int], lines: [Int: Line])
    {
        let list = try await #require(LibraryList(spec: spec, now: app.clock.now())).prepared(on: app)
        let filter = list.filter(from: ["status": "all"])
        let evaluation = try await list.evaluation(filter, scope: scope, on: app.db)
        let rows = try await list.rows(filter, scope: scope, offset: 0, limit: 100_000, on: app.db)
        var lines: [Int: Line] = [:]
        for row in rows {
            lines[row.enterprise.id] = Line(status: row.status, cells: row.checks.map(LibraryText.cell),
                                            firstYear: row.firstYear)
        }
        return (evaluation.year, evaluation.years, lines)
    }

    @Test("每个培育库在全国、市、区县、园区与孵化器范围内列出的企业与结论都与按范围直接评价一致")
    func pagesMatchTheScopedEvaluation() async throws {
        try await withSeedbedApp { app in
            let zones = try await AnalyticsTests.loadDemo(app, count: 300)
            let scopes: [DataScope] = [.all, .region(prefix: "21"), .region(prefix: "2102"), .region(prefix: "500112"),
                                       .zone(id: try #require(zones["dlgxq"])),
                                       .incubator(id: try #require(zones["dlfhq"])), .region(prefix: "99")]
            var compared = 0
            var statuses = Set<RuleStatus>()
            for spec in LibraryPageSpec.all {
                for scope in scopes {
                    let expected = try await Self.direct(spec, scope: scope, now: app.clock.now(), on: app.db)
                    let actual = try await Self.listed(spec, scope: scope, app: app)
                    #expect(actual.year == expected.year, "\(spec.id) \(scope)")
                    #expect(actual.years == expected.years, "\(spec.id) \(scope)")
                    #expect(Set(actual.lines.keys) == Set(expected.lines.keys), "\(spec.id) \(scope): the same enterprises")
                    for (id, line) in expected.lines {
                        #expect(actual.lines[id] == line, "\(spec.id) \(scope) enterprise \(id)")
                        statuses.insert(line.status)
                    }
                    compared += expected.lines.count
                }
            }
            #expect(compared > 1000)
            #expect(statuses.count == 3, "the demo data exercises met, not met and unknown")
            // One platform-wide load answered every scope and library.
            #expect(await app.libraries.baseLoads == 1)
        }
    }

    @Test("内存中的范围判断与 ScopeFilter 的 SQL 选出同样的企业")
    func scopePredicateAgreesWithSQL() async throws {
        try await withSeedbedApp { app in
            let zones = try await AnalyticsTests.loadDemo(app, count: 200)
            let sql = try #require(app.db as? any SQLDatabase)
            let today = LocalDate(chinaTimeOf: app.clock.now())
            let base = try await app.libraries.base(year: today.year - 1, date: today, on: app.db)
            let some = try #require(base.slots[0])
            let scopes: [DataScope] = [.all, .nothing, .region(prefix: ""), .region(prefix: "2"), .region(prefix: "21"),
                                       .region(prefix: "2102"), .region(prefix: "210211"), .region(prefix: "500112"),
                                       .zone(id: try #require(zones["dlgxq"])),
                                       .incubator(id: try #require(zones["dlfhq"])), .enterprise(id: some.id)]
            for scope in scopes {
                let ids = try await sql.select().column("id")
                    .from(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")))
                    .where(ScopeFilter(scope, table: "e", enterpriseColumn: "id"))
                    .where(SQLColumn("status", table: "e"), .equal, SQLBind(EnterpriseStatus.active))
                    .all(decodingColumn: "id", as: Int.self)
                let selected = base.slots(in: scope).compactMap { base.slots.id(at: $0) }
                #expect(Set(ids) == Set(selected), "\(scope)")
                #expect(selected == selected.sorted(), "\(scope) in id order")
            }
        }
    }

    @Test("数据未变时翻页、查看与再次打开都不重新载入或评价；事实变更并更新数据版本后下一次请求即可见")
    func reloadsOnlyWhenTheDataChanges() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await LibraryFixtures.load(app, fixtures)
            let county = Browser(app)
            try await county.login("county-gjz")
            let name = try #require(Fixtures.enterpriseCodes["e1"]?.name)
            let before = try await county.get("/libraries/hightech_reserve")
            #expect(before.status == .ok)
            #expect(!before.body.string.contains(name), "4.5% misses the default 5%")
            _ = try await county.get("/libraries/hightech_reserve?page=2")
            _ = try await county.get("/libraries/hightech_reserve")
            let detail = try await county.get("/libraries/hightech_reserve/\(try fixtures.enterprise("e1"))")
            #expect(detail.status == .ok)
            #expect(await app.libraries.baseLoads == 1, "one load for every request while nothing changed")
            #expect(await app.libraries.evaluations == 1, "the library's verdicts are evaluated once")
            #expect(await app.libraries.passHits >= 3, "page 2, the page again and 查看 read the first page's pass")

            // A city account of another scope reads the same load.
            let city = Browser(app, ip: "10.0.0.7")
            try await city.login("city-dl")
            #expect(try await city.get("/libraries/hightech_reserve?status=all").body.string.contains(name))
            #expect(await app.libraries.baseLoads == 1)

            // e1 reports more R&D: 5.5% over three years meets the line once the change is committed.
            let enterprise = try #require(try await Enterprise.find(try fixtures.enterprise("e1"), on: app.db))
            for year in 2022...2024 {
                var facts = LibraryFixtures.hightechCandidate(year: year)
                facts[.rdExpense] = 165
                facts[.rdExpenseDomestic] = 165
                try await EnterpriseFacts.upsert(enterprise: enterprise, year: year, facts: facts, source: "test",
                                                 on: app.db, now: app.clock.now())
            }
            try await DashboardVersion.bump(on: app.db)
            let after = try await county.get("/libraries/hightech_reserve")
            #expect(after.body.string.contains(name), "the change shows on the next request")
            #expect(await app.libraries.baseLoads == 2)
        }
    }

    @Test("生产模式下数据版本变化后先以旧数据作答，后台载入完成后换为新数据")
    func servesTheOldDataWhileReloading() async throws {
        try await withSeedbedApp({ config in config.overview.servesStaleWhileRebuilding = true }) { app in
            let fixtures = try await Fixtures.make(app)
            try await LibraryFixtures.load(app, fixtures)
            let scope = DataScope.region(prefix: "210211")
            let e1 = try fixtures.enterprise("e1")
            let spec = try #require(LibraryPageSpec.find("hightech_reserve"))
            func members() async throws -> [Int] {
                let list = try await #require(LibraryList(spec: spec, now: app.clock.now())).prepared(on: app)
                let rows = try await list.rows(list.filter(from: [:]), scope: scope, offset: 0, limit: 100, on: app.db)
                return rows.map(\.enterprise.id)
            }
            #expect(try await members().contains(e1) == false)
            let enterprise = try #require(try await Enterprise.find(e1, on: app.db))
            for year in 2022...2024 {
                var facts = LibraryFixtures.hightechCandidate(year: year)
                facts[.rdExpense] = 165
                facts[.rdExpenseDomestic] = 165
                try await EnterpriseFacts.upsert(enterprise: enterprise, year: year, facts: facts, source: "test",
                                                 on: app.db, now: app.clock.now())
            }
            try await DashboardVersion.bump(on: app.db)
            // The request that notices the new version starts the reload and is answered at once.
            _ = try await members()
            var waited = 0
            while await app.libraries.baseLoads < 2, waited < 600 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            #expect(await app.libraries.baseLoads == 2, "the reload finished")
            #expect(try await members().contains(e1), "then the change shows")
        }
    }
}
