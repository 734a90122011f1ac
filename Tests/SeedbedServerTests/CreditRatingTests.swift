import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// 知识价值信用评级 (C6): computed from approved facts by the default scheme, listed per seed 004 §4.1 within scope,
/// explained per enterprise-year, recomputed by 重新评级, and seen by the enterprise itself.
@Suite("知识价值信用评级")
struct CreditRatingServerTests {
    /// Facts that score exactly 80.00 (A): Ⅰ类 6 → 30, Ⅱ类 5 → 5, 研发费用 500 万元 → 20, 强度 5 % → 18, 高企 5, 科小 2.
    static let gradeA: [FactID: Double] = Dictionary(uniqueKeysWithValues:
        (DerivedFacts.classOneParts + DerivedFacts.classTwoParts).map { ($0, 0.0) })
        .merging([.ipInvention: 6, .ipUtilityModel: 5, .rdExpense: 500, .revenue: 10_000, .hightechCertified: 1,
                  .techSMECertified: 1]) { $1 }

    struct World {
        let fixtures: Fixtures
        let year: Int
    }

    /// e1 (甘井子) A, e2 (旅顺口) B (78.00), e3 (渝北) some facts, e5 (甘井子) an empty report; e4 has no facts.
    static func world(_ app: Application) async throws -> World {
        let fixtures = try await Fixtures.make(app)
        let year = LocalDate(chinaTimeOf: app.clock.now()).year - 1
        var gradeB = gradeA
        gradeB[.techSMECertified] = 0
        let facts: [String: [FactID: Double]] = [
            "e1": gradeA, "e2": gradeB, "e3": [.ipInvention: 2, .rdExpense: 120, .revenue: 3000], "e5": [:],
        ]
        for (key, values) in facts {
            guard let enterprise = try await Enterprise.find(try fixtures.enterprise(key), on: app.db) else {
                throw TestSetupError.missing(key)
            }
            try await EnterpriseFacts.upsert(enterprise: enterprise, year: year, facts: values, source: "test", on: app.db,
                                             now: app.clock.now())
        }
        _ = try await CreditRatings.compute(year: year, scope: .all, on: app.db, now: app.clock.now())
        return World(fixtures: fixtures, year: year)
    }

    static func snapshot(_ app: Application) async throws -> [String] {
        guard let sql = app.db as? any SQLDatabase else { return [] }
        return try await sql.select().columns("enterprise_id", "year", "total", "grade", "credit_line", "breakdown")
            .from(CreditRatings.schema).orderBy("enterprise_id").all().map { row in
                let id = (try? row.decode(column: "enterprise_id", as: Int.self)) ?? 0
                let year = (try? row.decode(column: "year", as: Int.self)) ?? 0
                let total = (try? row.decode(column: "total", as: Double.self)) ?? -1
                let grade = (try? row.decode(column: "grade", as: String.self)) ?? ""
                let line = (try? row.decode(column: "credit_line", as: Int.self)) ?? 0
                let breakdown = (try? row.decode(column: "breakdown", as: String.self)) ?? ""
                return "\(id)|\(year)|\(total)|\(grade)|\(line)|\(breakdown)"
            }
    }

    @Test("按已审核数据评级：A 级恰在等级线上，B 级给出差距，明细之和等于总分；没有该年度数据的企业不评级")
    func computesFromFacts() async throws {
        try await withSeedbedApp { app in
            let world = try await Self.world(app)
            let scope = DataScope.all
            let e1 = try #require(try await CreditRatings.stored(enterpriseID: try world.fixtures.enterprise("e1"),
                                                                 year: world.year, scope: scope, on: app.db))
            #expect(e1.grade == .a && e1.total == 80 && e1.creditLine == 500)
            let e2 = try #require(try await CreditRatings.stored(enterpriseID: try world.fixtures.enterprise("e2"),
                                                                 year: world.year, scope: scope, on: app.db))
            let rating = try #require(e2.rating)
            #expect(e2.grade == .b && e2.creditLine == 400)
            #expect(rating.gapCentis == 200 && rating.nextGrade == .a)
            #expect(rating.lines.reduce(0) { $0 + $1.centis } == rating.totalCentis, "no bonus cap reached here")
            let e5 = try #require(try await CreditRatings.stored(enterpriseID: try world.fixtures.enterprise("e5"),
                                                                 year: world.year, scope: scope, on: app.db))
            #expect(e5.grade == .e && e5.creditLine == 80)
            #expect(try await CreditRatings.stored(enterpriseID: try world.fixtures.enterprise("e4"), year: world.year,
                                                   scope: scope, on: app.db) == nil)
            #expect(try await Self.snapshot(app).count == 4)
        }
    }

    @Test("重新评级幂等：再算一次结果不变；数据变化后等级随之变化，数据撤回的企业不再有评级")
    func recomputeIsIdempotent() async throws {
        try await withSeedbedApp { app in
            let world = try await Self.world(app)
            let before = try await Self.snapshot(app)
            _ = try await CreditRatings.compute(year: world.year, scope: .all, on: app.db, now: app.clock.now())
            #expect(try await Self.snapshot(app) == before)
            // A county recomputing touches only its own enterprises.
            let county = try await Fixtures.currentUser("county-ls", on: app)
            let e2 = try world.fixtures.enterprise("e2")
            guard let model = try await Enterprise.find(e2, on: app.db), let sql = app.db as? any SQLDatabase else {
                throw TestSetupError.missing("e2")
            }
            try await EnterpriseFacts.upsert(enterprise: model, year: world.year, facts: Self.gradeA, source: "test",
                                             on: app.db, now: app.clock.now())
            let outcome = try await CreditRatings.compute(year: world.year, scope: county.scope, on: app.db, now: app.clock.now())
            #expect(outcome.rated == 1 && outcome.byGrade[.a] == 1)
            #expect(try await CreditRatings.stored(enterpriseID: e2, year: world.year, scope: .all, on: app.db)?.grade == .a)
            #expect(try await Self.snapshot(app).count == 4)
            try await sql.delete(from: EnterpriseFacts.schema).where("enterprise_id", .equal, e2).run()
            _ = try await CreditRatings.compute(year: world.year, scope: .all, on: app.db, now: app.clock.now())
            #expect(try await CreditRatings.stored(enterpriseID: e2, year: world.year, scope: .all, on: app.db) == nil)
            #expect(try await Self.snapshot(app).count == 3)
        }
    }

    @Test("区县只看到本辖区企业的评级：列表、详情与导出；市级可按区县、等级、名称筛选，等级分布随筛选变化")
    func listFollowsScope() async throws {
        try await withSeedbedApp { app in
            let world = try await Self.world(app)
            let names = Fixtures.enterpriseCodes.mapValues(\.name)
            let county = Browser(app)
            try await county.login("county-gjz")
            let list = try await county.get(Page.creditRatings.path).body.string
            #expect(list.contains(names["e1"] ?? "?") && list.contains(names["e5"] ?? "?"))
            #expect(!list.contains(names["e2"] ?? "?") && !list.contains(names["e3"] ?? "?"))
            #expect(list.contains("评级企业合计"))
            for (key, visible) in [("e1", true), ("e5", true), ("e2", false), ("e3", false), ("e4", false)] {
                let id = try world.fixtures.enterprise(key)
                let detail = try await county.get(CreditRatingController.detailPath(id, world.year))
                #expect(detail.status == (visible ? .ok : .notFound), "county-gjz detail \(key)")
                #expect(detail.body.string.contains(names[key] ?? "?") == visible)
            }
            let e1Detail = try await county.get(CreditRatingController.detailPath(try world.fixtures.enterprise("e1"), world.year))
            #expect(e1Detail.body.string.contains("Ⅰ类知识产权") && e1Detail.body.string.contains("80.00")
                && e1Detail.body.string.contains("500 万元") && e1Detail.body.string.contains("已是最高等级"))
            let exported = try await county.post("/exports/\(CreditRatingList.id)?year=all", form: [:], csrfFrom: Page.creditRatings.path)
            try expectDownload(exported, named: "知识价值信用评级列表")
            let sheet = try #require(try ImportExportTests.Workbook.read(Data(buffer: exported.body)).values.first)
            #expect(sheet.count == 3, "header, e1 and e5")
            #expect(!sheet.contains { $0.contains(names["e2"] ?? "?") })

            let city = Browser(app)
            try await city.login("city-dl")
            let all = try await city.get(Page.creditRatings.path).body.string
            #expect(all.contains(names["e1"] ?? "?") && all.contains(names["e2"] ?? "?") && !all.contains(names["e3"] ?? "?"))
            #expect(all.contains("旅顺口区"), "the county filter offers the city's counties")
            let lushun = try await city.get(Page.creditRatings.path + "?region=210212").body.string
            #expect(lushun.contains(names["e2"] ?? "?") && !lushun.contains(names["e1"] ?? "?"))
            let gradeA = try await city.get(Page.creditRatings.path + "?grade=A").body.string
            #expect(gradeA.contains(names["e1"] ?? "?") && !gradeA.contains(names["e2"] ?? "?"))
            let query = URLQuery.encode([("q", names["e5"] ?? "?")])
            let search = try await city.get(Page.creditRatings.path + "?" + query).body.string
            #expect(search.contains(names["e5"] ?? "?") && !search.contains(names["e1"] ?? "?"))
            let filteredExport = try await city.post("/exports/\(CreditRatingList.id)?grade=B&year=\(world.year)", form: [:],
                                                     csrfFrom: Page.creditRatings.path)
            let rows = try #require(try ImportExportTests.Workbook.read(Data(buffer: filteredExport.body)).values.first)
            #expect(rows.count == 2 && rows.last?.contains(names["e2"] ?? "?") == true)
        }
    }

    @Test("评级只存各指标取值（远小于完整明细）；以前存下的完整明细照样显示，损坏的明细提示重新评级")
    func storedExplanations() async throws {
        try await withSeedbedApp { app in
            let world = try await Self.world(app)
            let sql = try #require(app.db as? any SQLDatabase)
            let e1 = try world.fixtures.enterprise("e1")
            let stored = try #require(try await CreditRatings.stored(enterpriseID: e1, year: world.year, scope: .all, on: app.db))
            #expect(stored.breakdown.hasPrefix("{\"values\":["))
            #expect(stored.breakdown.utf8.count < 400, "\(stored.breakdown.utf8.count) bytes")
            let rating = try #require(stored.rating)
            #expect(rating.totalCentis == 8000 && rating.lines.count == CreditRatingScheme.platformDefault.indicators.count)

            let county = Browser(app)
            try await county.login("county-gjz")
            let path = CreditRatingController.detailPath(e1, world.year)
            func setBreakdown(_ text: String) async throws {
                try await sql.update(CreditRatings.schema).set("breakdown", to: SQLBind(text))
                    .where("enterprise_id", .equal, SQLBind(e1)).run()
            }
            try await setBreakdown(rating.json())
            let whole = try await county.get(path).body.string
            #expect(whole.contains("Ⅰ类知识产权") && whole.contains("80.00") && !whole.contains("无法读取"))
            try await setBreakdown("{\"values\":[1,2]}")
            let damaged = try await county.get(path)
            #expect(damaged.status == .ok && damaged.body.string.contains("该评级的明细无法读取，请重新评级"))
        }
    }

    @Test("企业只看到自己的评级与推荐授信额度，打不开政府端列表与他人详情")
    func enterpriseSeesItsOwn() async throws {
        try await withSeedbedApp { app in
            let world = try await Self.world(app)
            let names = Fixtures.enterpriseCodes.mapValues(\.name)
            let browser = Browser(app)
            try await browser.login("ent-e1")
            let mine = try await browser.get(Page.myCreditRating.path)
            #expect(mine.status == .ok)
            #expect(mine.body.string.contains(names["e1"] ?? "?") && !mine.body.string.contains(names["e2"] ?? "?"))
            #expect(mine.body.string.contains("500 万元") && mine.body.string.contains("A 级"))
            #expect(try await browser.get(Page.creditRatings.path).status == .forbidden)
            #expect(try await browser.get(CreditRatingController.detailPath(try world.fixtures.enterprise("e2"), world.year)).status
                == .forbidden)
            let other = Browser(app)
            try await other.login("ent-e2")
            let theirs = try await other.get(Page.myCreditRating.path + "?year=\(world.year)").body.string
            #expect(theirs.contains("B 级") && theirs.contains("距 A 级还差 2.00 分") && !theirs.contains(names["e1"] ?? "?"))
        }
    }

    @Test("重新评级：市级确认后排入任务并完成；区县、高新区、孵化器与企业 403；年度不合法时提示且不排任务")
    func recomputeButton() async throws {
        try await withSeedbedApp { app in
            let world = try await Self.world(app)
            let path = "\(Page.creditRatings.path)/recompute?year=\(world.year)"
            for account in ["county-gjz", "zone-dl", "incubator-dl", "national", "ent-e1"] {
                let browser = Browser(app)
                try await browser.login(account)
                let refused = try await browser.post(path, form: ["confirmed": "1"], csrfFrom: "/workbench")
                #expect(refused.status == .forbidden, "\(account)")
            }
            #expect(try await Job.query(on: app.db).filter(\.$kind == CreditRatingJob.kind).count() == 0)
            let city = Browser(app)
            try await city.login("city-dl")
            #expect(try await city.get(Page.creditRatings.path).body.string.contains("重新评级"))
            let ask = try await city.post(path, form: [:], csrfFrom: Page.creditRatings.path)
            #expect(ask.status == .ok && ask.body.string.contains("原有该年度评级将被替换"))
            let bad = try await city.post("\(Page.creditRatings.path)/recompute?year=1800", form: ["confirmed": "1"],
                                          csrfFrom: Page.creditRatings.path)
            #expect(bad.status == .seeOther && bad.location == Page.creditRatings.path)
            #expect(try await Job.query(on: app.db).filter(\.$kind == CreditRatingJob.kind).count() == 0)
            let before = try await Self.snapshot(app)
            let started = try await city.post(path, form: ["confirmed": "1"], csrfFrom: Page.creditRatings.path)
            #expect(started.status == .seeOther && started.location.hasPrefix("/jobs/"))
            try await app.jobs.drain(app)
            let job = try #require(try await Job.query(on: app.db).filter(\.$kind == CreditRatingJob.kind).first())
            #expect(job.status == .succeeded)
            #expect(job.message?.contains("共 3 家企业") == true, "the city's e1, e2 and e5")
            let after = try await Self.snapshot(app)
            #expect(after.map { $0.split(separator: "|").prefix(5).joined(separator: "|") }
                == before.map { $0.split(separator: "|").prefix(5).joined(separator: "|") })
            let page = try await city.get(started.location).body.string
            #expect(page.contains("A 级"))
            #expect(try await county(app).get(Page.creditRatings.path).body.string.contains("重新评级") == false)
        }
    }

    private func county(_ app: Application) async throws -> Browser {
        let browser = Browser(app)
        try await browser.login("county-gjz")
        return browser
    }

    @Test("演示数据：三个报告年度的评级由演示企业数据计算，重复载入不再增加")
    func demoRatings() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let now = app.clock.now()
            let years = DemoFilings.reportYears(now: now)
            let generator = DemoFactsGenerator()
            let enterprises = DemoEnterpriseGenerator().generate(count: 5, seed: 3)
            for (key, demo) in zip(["e1", "e2", "e3", "e4", "e5"], enterprises) {
                guard let enterprise = try await Enterprise.find(try fixtures.enterprise(key), on: app.db) else { continue }
                for (year, facts) in generator.facts(for: demo, years: years) {
                    try await EnterpriseFacts.upsert(enterprise: enterprise, year: year, facts: facts, source: "demo",
                                                     on: app.db, now: now)
                }
            }
            try await CreditRatingDemo.load(app)
            #expect(try await CreditRatings.years(scope: .all, on: app.db) == years.sorted(by: >))
            #expect(try await Self.snapshot(app).count == 15)
            try await CreditRatingDemo.load(app)
            #expect(try await Self.snapshot(app).count == 15, "loading twice adds nothing")
        }
    }
}
