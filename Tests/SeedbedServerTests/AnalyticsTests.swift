import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("企业总览、展示页与统计表")
struct AnalyticsTests {
    /// Demo organisations, `count` demo enterprises with three years of facts, and the demo accounts.
    static func loadDemo(_ app: Application, count: Int) async throws -> [String: Int] {
        let loader = DemoDataLoader(database: app.db, logger: app.logger, now: app.clock.now())
        let zones = try await loader.ensureOrganizations()
        try await loader.loadEnterprises(count: count, seed: 11, zoneIDs: zones, withFacts: true)
        try await loader.ensureAccounts(passwordHash: try await app.password.async.hash(DemoAccounts.password), zoneIDs: zones)
        try await DashboardVersion.bump(on: app.db)
        return zones
    }

    static func total(_ body: String) -> Int? {
        Browser.extract(#"class="overview-total">(\d+)<"#, from: body).flatMap { Int($0) }
    }

    @Test("总览每个图表的分段计数都等于直接用 SQL 数出的企业数（抽样的范围与筛选组合）")
    func aggregatesMatchSQL() async throws {
        try await withSeedbedApp { app in
            let zones = try await Self.loadDemo(app, count: 400)
            let snapshot = try await app.dashboard.rebuild(on: app.db).snapshot
            let sql = try #require(app.db as? any SQLDatabase)
            let dalianZone = try #require(zones["dlgxq"])
            let scopes: [DataScope] = [.all, .region(prefix: "50"), .region(prefix: "2102"), .region(prefix: "500112"),
                                       .zone(id: dalianZone), .incubator(id: try #require(zones["dlfhq"]))]
            let manufacturing = UInt8(try #require(IndustrySection.all.firstIndex { $0.letter == "C" }))
            let filters: [OverviewFilter] = [
                OverviewFilter(), OverviewFilter(field: 1), OverviewFilter(region: "21"),
                OverviewFilter(region: "500112", field: 3), OverviewFilter(section: manufacturing),
                OverviewFilter(zone: Int32(dalianZone), field: 2), OverviewFilter(region: "2102", section: manufacturing),
            ]
            func sqlCount(_ scope: DataScope, _ filter: OverviewFilter) async throws -> Int {
                var query = EnterpriseFilter(region: filter.region, zoneID: filter.zone.map(Int.init),
                                             techField: filter.field.map(Int.init),
                                             section: filter.section.map { IndustrySection.all[Int($0)].letter },
                                             status: .active)
                query.q = nil
                return try await EnterpriseQuery.count(on: sql, scope: scope, filter: query)
            }
            var checked = 0
            for scope in scopes {
                for filter in filters {
                    let result = snapshot.overview(scope: SnapshotScope(scope), filter: filter)
                    #expect(result.total == (try await sqlCount(scope, filter)), "\(scope) \(filter)")
                    for field in TechField.allCases {
                        var other = filter
                        other.field = UInt8(field.rawValue)
                        #expect(result.fieldCounts[field.rawValue] == (try await sqlCount(scope, other)), "field \(field) \(scope)")
                    }
                    for (index, section) in IndustrySection.all.enumerated() where result.sectionCounts[index] > 0 || index < 4 {
                        var other = filter
                        other.section = UInt8(index)
                        #expect(result.sectionCounts[index] == (try await sqlCount(scope, other)), "section \(section.letter)")
                    }
                    for (index, zone) in snapshot.zoneIDs.enumerated() {
                        var other = filter
                        other.zone = zone
                        #expect(result.zoneCounts[index] == (try await sqlCount(scope, other)), "zone \(zone) \(scope)")
                    }
                    let drill = RegionDrill(parent: nil, countyCodes: snapshot.countyCodes, counts: result.countyCounts)
                    for row in drill.rows where row.count > 0 || ["21", "50"].contains(row.region.scopePrefix) {
                        var other = filter
                        other.region = row.region.scopePrefix
                        #expect(row.count == (try await sqlCount(scope, other)), "province \(row.region.name) \(scope)")
                    }
                    checked += 1
                }
            }
            #expect(checked == scopes.count * filters.count)
            #expect(snapshot.count == (try await sqlCount(.all, OverviewFilter())))
        }
    }

    @Test("每个政府账号的总览只统计自己范围内的企业，区县账号看不到其他区县")
    func overviewFollowsScope() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            for (account, role) in Fixtures.accounts where role.isGovernment || role == .platformAdmin {
                let browser = Browser(app)
                try await browser.login(account)
                let page = try await browser.get("/overview")
                #expect(page.status == .ok, "\(account)")
                let visible = Fixtures.visible[account] ?? []
                #expect(Self.total(page.body.string) == visible.count, "\(account)")
                for key in ["e1", "e2", "e3", "e4", "e5"] {
                    // No score is published yet, so every list holds all the enterprises in scope.
                    let name = Fixtures.enterpriseCodes[key]?.name ?? "?"
                    #expect(page.body.string.contains(name) == visible.contains(key), "\(account) and \(key)")
                }
            }
            let county = Browser(app)
            try await county.login("county-gjz")
            let page = try await county.get("/overview").body.string
            #expect(page.contains("甘井子区"))
            for other in ["旅顺口区", "渝北区", "北碚区", "重庆市"] { #expect(!page.contains(other), "\(other)") }
            let sneaky = try await county.get("/overview?region=500112").body.string
            #expect(Self.total(sneaky) == 2, "a region outside the scope is ignored, not shown")
            let enterprise = Browser(app)
            try await enterprise.login("ent-e1")
            #expect(try await enterprise.get("/overview").status == .forbidden)
            #expect(try await enterprise.post("/exports/overview", form: [:]).status == .forbidden)
        }
    }

    @Test("点击分段把条件加到整页：筛选标签可移除，被点击的图表保留全部分段，钻取有面包屑")
    func crossFilterLinks() async throws {
        try await withSeedbedApp({ $0.demo = true }) { app in
            _ = try await Self.loadDemo(app, count: 300)
            let browser = Browser(app)
            try await browser.login("chongqing", password: DemoAccounts.password)
            let top = try await browser.get("/overview")
            #expect(top.status == .ok)
            #expect(top.body.string.contains("/overview?region=500112"), "重庆 drills straight to its districts")
            let drilled = try await browser.get("/overview?region=500112&field=1")
            let body = drilled.body.string
            #expect(body.contains("地区：重庆市渝北区"))
            #expect(body.contains("技术领域：电子信息"))
            #expect(body.contains(#"href="/overview?field=1""#), "removing the region chip keeps the field")
            #expect(body.contains(#"href="/overview?region=500112""#), "removing the field chip keeps the region")
            #expect(body.contains("region=500112&amp;field=2"), "the clicked donut still links its other fields")
            #expect(body.contains(#"aria-current="location">渝北区"#))
            #expect(body.contains(#"href="/overview">重庆市</a>"#) || body.contains(#"href="/overview?field=1">重庆市</a>"#))
            let total = try #require(Self.total(body))
            let sql = try #require(app.db as? any SQLDatabase)
            let expected = try await EnterpriseQuery.count(on: sql, scope: .region(prefix: "500112"),
                                                           filter: EnterpriseFilter(techField: 1, status: .active))
            #expect(total == expected)
            #expect(try await browser.get("/overview?region=abc&field=99&stage=x").status == .ok, "bad parameters are ignored")
        }
    }

    @Test("已发布积分后企业评价按方案榜单分档；省市县用户的名单只含 70 分以上企业，导出与页面一致")
    func publishedScores() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let run = ScoringRun()
            run.schemeID = 1
            run.year = 2024
            run.status = RunStatus.published
            run.enterprises = 3
            run.cohorts = 1
            run.schemeContent = String(decoding: try InnovationScheme.platformDefault.encoded(), as: UTF8.self)
            run.cohortKeys = "[]"
            run.scopeLabel = "全部企业"
            run.createdBy = 1
            run.createdAt = Date()
            run.publishedAt = Date()
            try await run.create(on: app.db)
            for (key, total, list) in [("e1", 88.0, 0), ("e2", 72.0, -1), ("e3", 50.0, -1)] {
                let enterprise = try #require(try await Enterprise.find(try fixtures.enterprise(key), on: app.db))
                let result = ScoreResult()
                result.runID = try #require(run.id)
                result.enterpriseID = try fixtures.enterprise(key)
                result.regionCode = enterprise.regionCode
                result.zoneID = enterprise.zoneID
                result.year = 2024
                result.cohort = 0
                result.stage = "成长期"
                result.total = total
                result.rank = 1
                result.cohortSize = 3
                result.listIndex = list
                result.meetsLine = total >= 70
                result.breakdown = Data()
                try await result.create(on: app.db)
            }
            let province = Browser(app)
            try await province.login("prov-ln")
            let page = try await province.get("/overview").body.string
            #expect(page.contains("领跑榜") && page.contains("未上榜") && page.contains("未评分"))
            #expect(page.contains("企业列表（共 2 家）"))
            #expect(page.contains(Fixtures.enterpriseCodes["e1"]?.name ?? "?"))
            #expect(page.contains(Fixtures.enterpriseCodes["e2"]?.name ?? "?"))
            let tier = try await province.get("/overview?tier=0").body.string
            #expect(Self.total(tier) == 1, "领跑榜 holds e1 only")

            let export = try await province.post("/exports/overview", form: [:])
            #expect(export.status == .ok)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("overview-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: url) }
            try Data(buffer: export.body).write(to: url)
            let reader = try app.spreadsheets.openRows(url)
            var rows: [[String]] = []
            while let row = try reader.next() { rows.append(row.cells.map(\.display)) }
            #expect(rows.count == 3, "header and the two listed enterprises")
            #expect(rows.dropFirst().first?.contains(Fixtures.enterpriseCodes["e1"]?.name ?? "?") == true, "best score first")
            let audited = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.export.rawValue)
                .filter(\.$targetType == OverviewList.id).count()
            #expect(audited == 1)

            let zone = Browser(app)
            try await zone.login("zone-dl")
            let zonePage = try await zone.get("/overview").body.string
            #expect(zonePage.contains("企业列表（共 2 家）"), "a zone lists all its enterprises, scored or not")
        }
    }

    @Test("其他节点提高数据版本后，本节点重建快照；版本不变则沿用")
    func rebuildsWhenVersionMoves() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            try await browser.login("national")
            #expect(Self.total(try await browser.get("/overview").body.string) == 5)
            let extra = Enterprise()
            extra.uscc = Fixtures.uscc(region: "500109", serial: "x6")
            extra.name = "重庆北碚六号科技有限公司"
            extra.regionCode = "500109"
            extra.status = .active
            try await extra.create(on: app.db)
            #expect(Self.total(try await browser.get("/overview").body.string) == 5, "no version change, no rebuild")
            // Another node approving a report bumps the shared version.
            try await DashboardVersion.bump(on: app.db)
            #expect(try await DashboardVersion.current(on: app.db) >= 1)
            #expect(Self.total(try await browser.get("/overview").body.string) == 6)
        }
    }

    @Test("在企业信息中新增企业后，总览立即计入（新增与修改都提高数据版本）")
    func enterpriseFormMovesTheVersion() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            try await browser.login("national")
            #expect(Self.total(try await browser.get("/overview").body.string) == 5)
            let before = try await DashboardVersion.current(on: app.db)
            let code = Fixtures.uscc(region: "500109", serial: "v7")
            let response = try await browser.post("/enterprises", form: [
                "uscc": code, "name": "重庆北碚七号科技有限公司", "region_code": "500109",
            ], csrfFrom: "/workbench")
            #expect(response.status == .seeOther, "\(Browser.alertText(response.body.string) ?? "")")
            #expect(try await DashboardVersion.current(on: app.db) > before)
            #expect(Self.total(try await browser.get("/overview").body.string) == 6)
        }
    }

    @Test("平台展示页无需登录，只有汇总数字，不出现任何企业名称或信用代码")
    func showcaseIsAnonymousAggregates() async throws {
        try await withSeedbedApp { app in
            _ = try await Self.loadDemo(app, count: 200)
            let home = try await app.testing().sendRequest(.GET, "/")
            #expect(home.body.string.contains(#"href="/showcase""#))
            let page = try await app.testing().sendRequest(.GET, "/showcase")
            #expect(page.status == .ok)
            let body = page.body.string
            #expect(body.contains("企业创新积分制") && body.contains("省级行政区分布") && body.contains("企业资质覆盖情况"))
            #expect(body.contains("企业得分分布"))
            let enterprises = try await Enterprise.query(on: app.db).all()
            #expect(enterprises.count == 200)
            for enterprise in enterprises {
                #expect(!body.contains(enterprise.name), "\(enterprise.name)")
                #expect(!body.contains(enterprise.uscc))
            }
            #expect(!body.contains("/enterprises/"), "no link to any enterprise")
        }
    }

    @Test("统计表按范围统计：区县用户只有本区县一行，导出内容与页面一致并记审计")
    func statisticsTables() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            for key in ["e1", "e2", "e5"] {
                let enterprise = try #require(try await Enterprise.find(try fixtures.enterprise(key), on: app.db))
                try await EnterpriseFacts.upsert(enterprise: enterprise, year: 2024,
                                                 facts: [.revenue: 3000, .mainRevenue: 2500, .employees: 350],
                                                 source: "annual_report", on: app.db, now: Date())
            }
            try await DashboardVersion.bump(on: app.db)
            let county = Browser(app)
            try await county.login("county-gjz")
            let page = try await county.get("/statistics/counties?year=2024").body.string
            #expect(page.contains("甘井子区"))
            #expect(!page.contains("旅顺口区"))
            #expect(page.contains("测试大连高新区"))
            for path in ["/statistics/progress", "/statistics/annual?year=2024&tab=staff", "/statistics/city",
                         "/statistics/counties?year=2024&tab=field"] {
                #expect(try await county.get(path).status == .ok, "\(path)")
            }
            let annual = try await county.get("/statistics/annual?year=2024").body.string
            #expect(annual.contains("6,000.00") || annual.contains("6000.00"), "two reports of 3000 万元 in 甘井子区")

            let export = try await county.post("/statistics/export/counties?year=2024&tab=reports", form: [:])
            try expectDownload(export, named: ".xlsx")
            #expect(export.headers.contentType?.subType.contains("spreadsheetml") == true)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("stat-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: url) }
            try Data(buffer: export.body).write(to: url)
            let reader = try app.spreadsheets.openRows(url)
            var rows: [[String]] = []
            while let row = try reader.next() { rows.append(row.cells.map(\.display)) }
            #expect(rows.first == ["序号", "区县", "两江新区/高新区、经开区", "注册企业数（家）", "入库科企数（家）",
                                   "年报科企数（家）", "规上工业企业（家）"])
            #expect(rows.count == 3, "header, 甘井子区, 合计")
            #expect(rows.dropFirst().first?.prefix(2) == ["1", "甘井子区"])
            #expect(rows.dropFirst().first?[5] == "2")
            #expect(rows.last?[1] == "合计")
            let audited = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.export.rawValue)
                .filter(\.$targetType == "statistics:counties").count()
            #expect(audited == 1)
            #expect(try await county.post("/statistics/export/nothing", form: [:]).status == .notFound)
        }
    }
}

extension AnalyticsTests {
    /// The year a statistics page has selected.
    static func selectedYear(_ html: String) -> Int? {
        Browser.extract(#"<option value="(\d{4})" selected"#, from: html).flatMap { Int($0) }
            ?? Browser.extract(#"<option selected[^>]*value="(\d{4})""#, from: html).flatMap { Int($0) }
    }

    @Test("统计表默认打开本范围内最近一个有数据的年度，年份只列本范围的年报年度，表下写明各项统计的年度口径")
    func statisticsOpenOnTheLatestYearWithData() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let thisYear = LocalDate(chinaTimeOf: app.clock.now()).year
            // 渝北 has reports of three years ago, 甘井子 of two years ago; every fixture registered this year.
            for (key, year) in [("e3", thisYear - 3), ("e1", thisYear - 2)] {
                let enterprise = try #require(try await Enterprise.find(try fixtures.enterprise(key), on: app.db))
                try await EnterpriseFacts.upsert(enterprise: enterprise, year: year, facts: [.revenue: 3000, .employees: 50],
                                                 source: "annual_report", on: app.db, now: app.clock.now())
            }
            try await DashboardVersion.bump(on: app.db)
            let county = Browser(app)
            try await county.login("county-yb")
            for path in ["/statistics/counties", "/statistics/annual"] {
                let html = try await county.get(path).body.string
                #expect(Self.selectedYear(html) == thisYear - 3, "\(path): 渝北's latest report year, not 甘井子's")
                #expect(!html.contains("<option value=\"\(thisYear - 2)\""), "\(path): another district's year is no choice")
                let table = try #require(html.range(of: "</table>"))
                let notes = try #require(html.range(of: "统计口径", range: table.upperBound..<html.endIndex), "\(path): notes under the table")
                #expect(html[notes.lowerBound...].contains("年报年度为所选年度"), "\(path)")
            }
            let counties = try await county.get("/statistics/counties").body.string
            #expect(counties.contains("注册企业数：截至所选年度 12 月 31 日已在平台注册的企业数（累计）"))
            #expect(counties.contains("入库科企数：截至所选年度 12 月 31 日基本信息已审核通过（入库）的企业数（累计）"))
            // Registered this year only: the chart opens on this year, where it has bars, not on an empty report year.
            let city = try await county.get("/statistics/city").body.string
            #expect(Self.selectedYear(city) == thisYear)
            #expect(!city.contains("所选年度暂无企业"))
            #expect(city.contains("统计口径"))
            let progress = try await county.get("/statistics/progress").body.string
            #expect(Self.selectedYear(progress) == thisYear)
        }
    }

    @Test("演示数据的统计自洽：报告年度里注册 ≥ 入库 ≥ 年报，全市概况图与区县表的注册企业数一致，默认打开最近年报年度")
    func demoStatisticsAgree() async throws {
        try await withSeedbedApp { app in
            let loader = DemoDataLoader(database: app.db, logger: app.logger, now: app.clock.now())
            let zones = try await loader.ensureOrganizations()
            try await loader.loadEnterprises(count: 400, seed: 11, zoneIDs: zones)
            try await loader.loadFilings()
            try await DashboardVersion.bump(on: app.db)
            let snapshot = try await app.dashboard.rebuild(on: app.db).snapshot
            let lastYear = LocalDate(chinaTimeOf: app.clock.now()).year - 1
            for prefix in ["50", "500112", "2102", "21"] {
                let report = StatisticsReport(snapshot: snapshot, scope: SnapshotScope(.region(prefix: prefix)), scopePrefix: prefix)
                #expect(report.latestYear(.countyTable, among: [lastYear + 1, lastYear, lastYear - 1]) == lastYear, "\(prefix)")
                #expect(report.latestYear(.registered, among: [lastYear + 1, lastYear, lastYear - 1]) == lastYear, "\(prefix)")
                for year in [lastYear - 2, lastYear - 1, lastYear] {
                    let table = report.counties(year: year, tab: .reports)
                    let total = try #require(table.total)
                    guard case .integer(let registered) = total[3], case .integer(let admitted) = total[4],
                          case .integer(let reports) = total[5] else { Issue.record("\(total)"); continue }
                    #expect(reports > 0, "\(prefix) \(year)")
                    #expect(registered >= admitted && admitted >= reports, "\(prefix) \(year): \(registered) \(admitted) \(reports)")
                    for row in table.rows.indices {
                        let r = table.integer(row: row, column: 3) ?? 0
                        let a = table.integer(row: row, column: 4) ?? 0
                        let y = table.integer(row: row, column: 5) ?? 0
                        #expect(r >= a && a >= y, "\(prefix) \(year) row \(row): \(r) \(a) \(y)")
                    }
                    let chart = report.enterprisesPerCounty(year: year).reduce(0) { $0 + $1.count }
                    #expect(chart == registered, "\(prefix) \(year): 全市概况图 = 注册企业数")
                }
            }
        }
    }
}
