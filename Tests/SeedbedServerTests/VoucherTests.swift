import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// 科技创新券 (C7–C8): import and API within the writer's scope, the claim statistics by tab with exact sums, the
/// situation table and its export, each within the viewer's scope.
@Suite("科技创新券")
struct VoucherTests {
    static func year(_ app: Application) -> Int { LocalDate(chinaTimeOf: app.clock.now()).year - 1 }

    /// Writes vouchers directly, as an import would.
    static func seed(_ app: Application, _ vouchers: [(enterprise: Int, number: String, type: VoucherType, claimed: Int64,
                                                       redeemed: Int64, year: Int)]) async throws {
        let sql = try #require(app.db as? any SQLDatabase)
        var rows: [InnovationVouchers.Row] = []
        for voucher in vouchers {
            let enterprise = try #require(try await Enterprise.find(voucher.enterprise, on: app.db))
            let claimed = VoucherAmount(fen: voucher.claimed), redeemed = VoucherAmount(fen: voucher.redeemed)
            let claimedOn = try LocalDate(year: voucher.year, month: 3, day: 1)
            rows.append(InnovationVouchers.Row(
                enterpriseID: voucher.enterprise, regionCode: enterprise.regionCode, zoneID: enterprise.zoneID,
                incubatorID: enterprise.incubatorID,
                draft: VoucherDraft(uscc: enterprise.uscc, number: voucher.number, type: voucher.type, claimed: claimed,
                                    redeemed: redeemed, provider: "测试服务机构", claimedOn: claimedOn,
                                    redeemedOn: redeemed.fen > 0 ? claimedOn.adding(days: 30) : nil,
                                    state: .implied(claimed: claimed, redeemed: redeemed), year: voucher.year)))
        }
        try await InnovationVouchers.upsert(rows, source: InnovationVouchers.importSource, scope: .all, on: sql,
                                            now: app.clock.now())
    }

    /// The hand-computed subset: 甘井子 holds e1 (two vouchers, 小型, 第二产业, 电子信息) and e5 (one, no report, 第三产业,
    /// no field); e2 (旅顺口) and e3 (渝北) one each; e1 one more in the year before.
    static func world(_ app: Application) async throws -> Fixtures {
        let fixtures = try await Fixtures.make(app)
        let (e1, e2, e3, e5) = (try fixtures.enterprise("e1"), try fixtures.enterprise("e2"), try fixtures.enterprise("e3"),
                                try fixtures.enterprise("e5"))
        let year = Self.year(app)
        if let enterprise = try await Enterprise.find(e5, on: app.db) {
            enterprise.industryCode = "I65"
            enterprise.techField = nil
            try await enterprise.save(on: app.db)
        }
        if let enterprise = try await Enterprise.find(e1, on: app.db) {
            try await EnterpriseFacts.upsert(enterprise: enterprise, year: year, facts: [.employees: 50, .revenue: 1000],
                                             source: "test", on: app.db, now: app.clock.now())
        }
        try await seed(app, [
            (e1, "GJZ-1", .testing, 100_010, 50_005, year), (e1, "GJZ-2", .researchDesign, 200_020, 200_020, year),
            (e5, "GJZ-5", .testing, 30_030, 0, year), (e2, "LS-2", .consulting, 500_000, 0, year),
            (e3, "YB-3", .testing, 777_777, 777_777, year), (e1, "GJZ-OLD", .testing, 12_345, 0, year - 1),
        ])
        return fixtures
    }

    static func sheet(_ response: TestingHTTPResponse, _ app: Application) throws -> [[String]] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vouchers-\(UUID().uuidString).xlsx")
        try Data(buffer: response.body).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try app.spreadsheets.openRows(url)
        var rows: [[String]] = []
        while let row = try reader.next() { rows.append(row.cells.map(\.display)) }
        return rows
    }

    @Test("申领统计：四个标签的行与合计与手算一致（按分精确），区县只统计本辖区")
    func statisticsByTab() async throws {
        try await withSeedbedApp { app in
            _ = try await Self.world(app)
            let year = Self.year(app)
            let scope = try await Fixtures.currentUser("county-gjz", on: app).scope
            func table(_ tab: VoucherStatisticsTab) async throws -> VoucherStatisticsTable {
                try await VoucherController.table(.init(["year": String(year), "tab": tab.rawValue], years: [year]),
                                                  scope: scope, on: app.db)
            }
            let byType = try await table(.type)
            let testing = try #require(byType.rows.first { $0.label == "检验检测" })
            #expect(testing.enterprises == 2 && testing.vouchers == 2)
            #expect(testing.claimed.description == "1300.40" && testing.redeemed.description == "500.05")
            #expect(testing.rate == "38.45%")
            #expect(byType.rows.first { $0.label == "科技咨询" }?.vouchers == 0, "旅顺口's voucher is not 甘井子's")
            #expect(byType.total.enterprises == 2 && byType.total.vouchers == 3)
            #expect(byType.total.claimed.description == "3300.60" && byType.total.redeemed.description == "2500.25")
            #expect(byType.total.rate == "75.75%")

            let bySize = try await table(.size)
            #expect(bySize.rows.first { $0.label == "小型企业" }.map { ($0.vouchers, $0.claimed.description) }
                    ?? (0, "") == (2, "3000.30"))
            #expect(bySize.rows.first { $0.label == "无法判断" }?.claimed.description == "300.30")
            let byIndustry = try await table(.industry)
            #expect(byIndustry.rows.first { $0.label == "第二产业" }?.redeemed.description == "2500.25")
            #expect(byIndustry.rows.first { $0.label == "第三产业" }?.vouchers == 1)
            let byField = try await table(.field)
            #expect(byField.rows.first { $0.label == "电子信息" }?.vouchers == 2)
            #expect(byField.rows.first { $0.label == "领域未填" }?.enterprises == 1)
            for tab in [bySize, byIndustry, byField] { #expect(tab.total == byType.total, "\(tab.tab)") }

            // The page and its export show the same figures.
            let county = Browser(app, ip: "10.77.1.1")
            try await county.login("county-gjz")
            let page = try await county.get(Page.voucherStatistics.path + "?year=\(year)&tab=type")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("1300.40") && html.contains("38.45%") && html.contains("3300.60"))
            #expect(!html.contains("7777.77") && !html.contains("5000.00"))
            let exported = try await county.post(Page.voucherStatistics.path + "/export?year=\(year)&tab=type", form: [:],
                                                 csrfFrom: Page.voucherStatistics.path)
            try expectDownload(exported, named: "科技创新券申领统计表")
            let rows = try Self.sheet(exported, app)
            #expect(rows.first?.first == "券种")
            #expect(rows.last?.first == "合计" && rows.last?[3] == "3300.6", "\(rows.last ?? [])")
            let all = try await county.post(Page.voucherStatistics.path + "/export?year=\(year)&tab=all", form: [:],
                                            csrfFrom: Page.voucherStatistics.path)
            #expect(try Self.sheet(all, app).filter { $0.first == "合计" }.count == 4, "all four tabs")

            let yubei = Browser(app, ip: "10.77.1.2")
            try await yubei.login("county-yb")
            let other = try await yubei.get(Page.voucherStatistics.path + "?year=\(year)").body.string
            #expect(other.contains("7777.77") && !other.contains("3300.60"))
        }
    }

    @Test("情况统计表：区县只看到本辖区的创新券（列表、筛选、导出），企业只看到自己的")
    func listWithinScope() async throws {
        try await withSeedbedApp { app in
            _ = try await Self.world(app)
            let year = Self.year(app)
            let county = Browser(app, ip: "10.77.2.1")
            try await county.login("county-gjz")
            let list = try await county.get(Page.vouchers.path).body.string
            #expect(list.contains("GJZ-1") && list.contains("GJZ-5") && list.contains("GJZ-OLD"))
            #expect(!list.contains("LS-2") && !list.contains("YB-3"))
            #expect(list.contains("申领金额合计 3424.05 元"), "all years: 3300.60 + 123.45")
            let filtered = try await county.get(Page.vouchers.path + "?year=\(year)&type=testing&q=孵化").body.string
            #expect(filtered.contains("GJZ-5") && !filtered.contains("GJZ-1"))
            let byState = try await county.get(Page.vouchers.path + "?state=redeemed").body.string
            #expect(byState.contains("GJZ-2") && !byState.contains("GJZ-1"))
            let exported = try await county.post("/exports/vouchers?year=\(year)", form: [:], csrfFrom: Page.vouchers.path)
            try expectDownload(exported, named: "科技创新券情况统计表")
            let rows = try Self.sheet(exported, app)
            #expect(rows.count == 4, "header and 甘井子's three vouchers of the year")
            #expect(!rows.joined().joined().contains("LS-2"))

            let enterprise = Browser(app, ip: "10.77.2.2")
            try await enterprise.login("ent-e1")
            let mine = try await enterprise.get(Page.myVouchers.path)
            #expect(mine.status == .ok)
            #expect(mine.body.string.contains("GJZ-1") && !mine.body.string.contains("GJZ-5"))
            #expect(try await enterprise.get(Page.vouchers.path).status == .forbidden)
            #expect(try await county.get(Page.myVouchers.path).status == .forbidden)
        }
    }

    @Test("创新券数据导入：区县只能为本辖区企业导入，兑付金额大于申领金额的行指明原因，确认后写入")
    func importWithinScope() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Self.world(app)
            func code(_ key: String) async throws -> String {
                guard let code = try await Enterprise.find(try fixtures.enterprise(key), on: app.db)?.uscc else {
                    throw TestSetupError.missing("enterprise \(key)")
                }
                return code
            }
            let county = Browser(app, ip: "10.77.3.1")
            try await county.login("county-gjz")
            #expect(try await county.get("/imports").body.string.contains("创新券数据"))
            let template = try await ReviewListTests.export(county, app, "/imports/vouchers/template")
            #expect(template.header.map(ImportKinds.normalise).contains("兑付金额"))
            let header = VoucherField.allCases.map(\.header)
            let base: [String: String] = ["券种": "检验检测", "申领金额": "10000", "申领日期": "2025-04-01"]
            func row(_ values: [String: String]) -> [String: String] { base.merging(values, uniquingKeysWith: { $1 }) }
            let rows: [[String: String]] = [
                row(["统一社会信用代码": try await code("e1"), "创新券编号": "IMP-1", "兑付金额": "2500.50", "兑付日期": "2025-06-01",
                     "服务机构": "大连理工大学技术转移中心"]),
                row(["统一社会信用代码": try await code("e2"), "创新券编号": "IMP-2"]),
                row(["统一社会信用代码": try await code("e1"), "创新券编号": "IMP-3", "兑付金额": "10000.01", "兑付日期": "2025-06-01"]),
                row(["统一社会信用代码": try await code("e1"), "创新券编号": "LS-2"]),
                row(["统一社会信用代码": try await code("e5"), "创新券编号": "IMP-1"]),
            ]
            let data = try RegistryImportTests.workbook(app, header: header, rows: rows.map { values in
                Dictionary(values.map { (ImportKinds.normalise($0.key), $0.value) }, uniquingKeysWith: { $1 })
            })
            let upload = try await county.upload("/imports/vouchers", form: [:], file: ("file", "创新券.xlsx", data),
                                                 csrfFrom: "/imports/vouchers")
            #expect(upload.status == .seeOther)
            try await app.jobs.drain(app)
            let batch = try #require(try await ImportBatch.query(on: app.db).filter(\.$kind == "vouchers").first())
            #expect(batch.validRows == 1 && batch.invalidRows == 4, "\(batch.message ?? "")")
            let report = try await ReviewListTests.export(county, app, "/imports/batches/\(batch.id ?? 0)/errors")
            let reasons = report.rows.compactMap(\.last).joined(separator: "\n")
            #expect(reasons.contains(VoucherImport.unknown), "旅顺口's enterprise is not 甘井子's")
            #expect(reasons.contains("不能大于申领金额"))
            #expect(reasons.contains(VoucherImport.foreignNumber), "旅顺口's voucher number is not overwritten")
            #expect(reasons.contains("重复"))

            let confirmed = try await county.post("/imports/batches/\(batch.id ?? 0)/confirm", form: [:], csrfFrom: "/imports")
            #expect(confirmed.status == .seeOther)
            try await app.jobs.drain(app)
            let all = try await county.get(Page.vouchers.path + "?year=2025").body.string
            #expect(all.contains("IMP-1") && all.contains("2500.50") && all.contains("部分兑付"))
            let yubei = Browser(app, ip: "10.77.3.2")
            try await yubei.login("county-yb")
            #expect(!(try await yubei.get(Page.vouchers.path).body.string.contains("IMP-1")))
        }
    }

    static func post(_ app: Application, _ body: String, token: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        return try await app.testing().sendRequest(.POST, VoucherAPIController.path, headers: headers,
                                                   body: ByteBuffer(string: body))
    }

    static func count(_ app: Application) async throws -> Int {
        let sql = try #require(app.db as? any SQLDatabase)
        return try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(InnovationVouchers.schema).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    @Test("创新券接口：整批校验，范围外企业、兑付超额都以 422 指明字段且不写入；企业令牌 403，无令牌 401，超大 413")
    func api() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Self.world(app)
            func code(_ key: String) async throws -> String {
                guard let code = try await Enterprise.find(try fixtures.enterprise(key), on: app.db)?.uscc else {
                    throw TestSetupError.missing("enterprise \(key)")
                }
                return code
            }
            let token = try await Fixtures.token(for: "county-gjz", on: app)
            let before = try await Self.count(app)
            func voucher(_ key: String, _ number: String, claimed: String = "\"8000\"", redeemed: String = "0") async throws -> String {
                #"{"uscc":"\#(try await code(key))","number":"\#(number)","type":"technology_transfer","claimedAmount":\#(claimed),"redeemedAmount":\#(redeemed),"redeemedOn":"2025-05-01","claimedOn":"2025-04-01","provider":"重庆大学技术转移中心"}"#
            }
            let good = try await voucher("e1", "API-1", claimed: "12500.5", redeemed: "\"12500.50\"")
            let outOfScope = try await Self.post(app, #"{"vouchers":[\#(good),\#(try await voucher("e2", "API-2"))]}"#, token: token)
            #expect(outOfScope.status == .unprocessableEntity)
            #expect(outOfScope.body.string.contains("\"field\":\"vouchers[1].uscc\""))
            let over = try await Self.post(app, #"{"vouchers":[\#(try await voucher("e1", "API-3", redeemed: "8000.01"))]}"#, token: token)
            #expect(over.status == .unprocessableEntity)
            #expect(over.body.string.contains("\"field\":\"vouchers[0].redeemedAmount\""))
            let foreign = try await Self.post(app, #"{"vouchers":[\#(try await voucher("e1", "YB-3"))]}"#, token: token)
            #expect(foreign.body.string.contains("\"field\":\"vouchers[0].number\""))
            #expect(try await Self.count(app) == before, "nothing written by a refused batch")

            #expect(try await Self.post(app, #"{"vouchers":[\#(good)]}"#, token: nil).status == .unauthorized)
            let enterprise = try await Self.post(app, #"{"vouchers":[\#(good)]}"#, token: try await Fixtures.token(for: "ent-e1", on: app))
            #expect(enterprise.status == .forbidden)
            let huge = #"{"vouchers":["\#(String(repeating: "x", count: VoucherBatchRequest.maxBodyBytes))"]}"#
            #expect(try await Self.post(app, huge, token: token).status == .payloadTooLarge)
            #expect(try await Self.post(app, "not json", token: token).status == .unprocessableEntity)

            let accepted = try await Self.post(app, #"{"vouchers":[\#(good)]}"#, token: token)
            #expect(accepted.status == .ok)
            #expect(accepted.body.string.contains("\"created\":1"))
            let again = try await Self.post(app, #"{"vouchers":[\#(good)]}"#, token: token)
            #expect(again.body.string.contains("\"replaced\":1"), "the same number is replaced, not duplicated")
            #expect(try await Self.count(app) == before + 1)
            let county = Browser(app, ip: "10.77.4.1")
            try await county.login("county-gjz")
            let list = try await county.get(Page.vouchers.path + "?q=\(Browser.encode("甘井子"))&year=2025").body.string
            #expect(list.contains("API-1") && list.contains("12500.50") && list.contains("已兑付") && list.contains("接口"))
            let document = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json").body.string
            #expect(document.contains("VoucherBatchResult") && document.contains("报送科技创新券记录"))
        }
    }

    @Test("演示数据：确定性生成，以重庆为主，三个年度；再次载入不重复；统计合计等于逐张相加")
    func demo() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            try await VoucherDemo.load(app)
            let first = try await Self.count(app)
            try await VoucherDemo.load(app)
            #expect(try await Self.count(app) == first && first > 0)
            let sql = try #require(app.db as? any SQLDatabase)
            let years = try await InnovationVouchers.years(scope: .all, on: sql)
            let thisYear = LocalDate(chinaTimeOf: app.clock.now()).year
            #expect(Set(years).isSubset(of: [thisYear, thisYear - 1, thisYear - 2]))
            for year in years {
                let facts = try await InnovationVouchers.facts(year: year, scope: .all, on: sql)
                let claimed = facts.reduce(Int64(0)) { $0 + $1.claimed.fen }
                for tab in VoucherStatisticsTab.allCases {
                    let table = VoucherStatisticsTable(tab: tab, year: year, facts: facts)
                    #expect(table.total.claimed.fen == claimed)
                    #expect(table.rows.reduce(0) { $0 + $1.vouchers } == facts.count, "every voucher in one row of \(tab)")
                }
                #expect(facts.allSatisfy { $0.redeemed <= $0.claimed })
            }
        }
    }
}
