import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("审核列表、查询与导出")
struct ReviewListTests {
    /// Submits a filing of an enterprise straight through the service, as its account would.
    @discardableResult
    static func submit(_ app: Application, enterprise id: Int, kind: FilingKind = .basicInfo, year: Int? = nil)
        async throws -> FilingRecord
    {
        let enterprise = try #require(try await Enterprise.find(id, on: app.db))
        let form = try #require(FilingService.form(kind))
        let admin = try await Fixtures.currentUser("admin", on: app)
        return try await FilingService(app: app, db: app.db, now: app.clock.now())
            .save(kind, year: year, enterprise: enterprise, values: SampleValues.of(form), actor: admin, submit: true,
                  expectedVersion: nil)
    }

    @Test("审核以对话框进行：页面内嵌审核表单作为无脚本时的后备，“审核”按钮由脚本显示并打开对话框")
    func reviewDialog() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let record = try await Self.submit(app, enterprise: try fixtures.enterprise("e2"))
            let county = Browser(app, ip: "10.9.1.1")
            try await county.login("county-ls")
            let page = try await county.get("/reviews/\(record.id ?? 0)").body.string
            #expect(page.contains("data-open-dialog=\"review-box\""))
            let button = try #require(Browser.extract(#"(<button[^>]*data-open-dialog[^>]*>)"#, from: page))
            #expect(button.contains("hidden"), "without JavaScript the button stays hidden")
            #expect(page.contains("id=\"review-box\""))
            #expect(page.contains("action=\"/reviews/\(record.id ?? 0)/decide\""), "the inline form is the fallback")
            let script = try await county.get("/static/app.js").body.string
            #expect(script.contains("data-open-dialog") && script.contains("showModal"))

            // Someone who cannot decide it gets neither the button nor the form.
            let city = Browser(app, ip: "10.9.1.2")
            try await city.login("city-dl")
            let view = try await city.get("/reviews/\(record.id ?? 0)?kind=basic_info&tab=all").body.string
            #expect(!view.contains("data-open-dialog") && !view.contains("id=\"review-box\""))
        }
    }

    @Test("年报查询的年度选项按平台时钟计算，而非服务器系统时间")
    func yearOptionsFollowTheRequestClock() async throws {
        try await withSeedbedApp { app in
            let before = LocalDate(chinaTimeOf: app.clock.now()).year
            app.clock.advance(by: 10 * 366 * 86_400)
            _ = try await Fixtures.make(app)
            let year = LocalDate(chinaTimeOf: app.clock.now()).year
            #expect(year >= before + 10)
            let county = Browser(app, ip: "10.9.0.1")
            try await county.login("county-gjz")
            let page = try await county.get("/reviews?kind=annual_report&tab=all")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("value=\"\(year - 1)\""), "last year by the platform clock is offered")
            #expect(!page.body.string.contains("value=\"\(before - 1)\""), "years by the system clock are not")
        }
    }
    /// Five more enterprises in 旅顺口区 (county-ls, no zone), named 旅顺批量N号科技有限公司, with their ids.
    static func extras(_ app: Application) async throws -> [Int] {
        var ids: [Int] = []
        for number in 1...5 {
            let enterprise = Enterprise()
            enterprise.uscc = Fixtures.uscc(region: "210212", serial: "bulk\(number)")
            enterprise.name = "旅顺批量\(number)号科技有限公司"
            enterprise.regionCode = "210212"
            enterprise.status = .active
            try await enterprise.create(on: app.db)
            ids.append(try #require(enterprise.id))
        }
        return ids
    }

    /// Data rows of the first table on a page.
    static func rowCount(_ html: String) -> Int {
        max(0, html.components(separatedBy: "<tr>").count - 2)
    }

    /// Downloads an export (a POST: starting one writes the audit log) or a file offered by GET (a template, an error
    /// report) and reads it back with the platform's spreadsheet reader: header, then rows.
    static func export(_ browser: Browser, _ app: Application, _ path: String) async throws -> (header: [String], rows: [[String]]) {
        let response = path.hasPrefix("/exports/") || path.hasPrefix("/statistics/export/")
            ? try await browser.post(path, form: [:]) : try await browser.get(path)
        #expect(response.status == .ok, "\(path) → \(response.status.code)")
        #expect(response.headers.first(name: .contentType)?.contains("spreadsheetml") == true)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).xlsx")
        try Data(buffer: response.body).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try app.spreadsheets.openRows(url)
        let header = try #require(try reader.next()).cells.map(\.display)
        var rows: [[String]] = []
        while let row = try reader.next() { rows.append(row.cells.map(\.display)) }
        return (header, rows)
    }

    static func column(_ name: String, of sheet: (header: [String], rows: [[String]])) throws -> [String] {
        let index = try #require(sheet.header.firstIndex { $0.hasPrefix(name) }, "column \(name) in \(sheet.header)")
        return sheet.rows.map { index < $0.count ? $0[index] : "" }
    }

    @Test("审核列表：模糊搜索名称或代码、分页，导出 Excel 与列表同筛选、同数据范围")
    func searchPaginateAndExport() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let extras = try await Self.extras(app)
            for id in extras + [try fixtures.enterprise("e2"), try fixtures.enterprise("e3")] {
                try await Self.submit(app, enterprise: id)
            }
            let county = Browser(app, ip: "10.9.2.1")
            try await county.login("county-ls")

            let first = try await county.get("/reviews?kind=basic_info&per=5").body.string
            #expect(first.contains("共 6 条"))
            #expect(Self.rowCount(first) == 5)
            #expect(first.contains("page=2"), "a link to the second page")
            let second = try await county.get("/reviews?kind=basic_info&per=5&page=2").body.string
            #expect(Self.rowCount(second) == 1)
            #expect(!first.contains("重庆渝北三号"), "another county's filing is not in the queue")

            let byName = try await county.get("/reviews?kind=basic_info&q=\(Browser.encode("批量3"))").body.string
            #expect(Self.rowCount(byName) == 1)
            #expect(byName.contains("旅顺批量3号科技有限公司"))
            let code = Fixtures.uscc(region: "210212", serial: "bulk4")
            let byCode = try await county.get("/reviews?kind=basic_info&q=\(code.lowercased())").body.string
            #expect(Self.rowCount(byCode) == 1)
            #expect(byCode.contains("旅顺批量4号科技有限公司"))
            #expect(byName.contains("/exports/reviews?"), "the list offers 导出 Excel with its filters")

            let all = try await Self.export(county, app, "/exports/reviews?kind=basic_info&tab=pending")
            #expect(all.rows.count == 6)
            #expect(Set(try Self.column("企业名称", of: all)) == Set((1...5).map { "旅顺批量\($0)号科技有限公司" }
                + ["大连旅顺二号科技有限公司"]))
            let searched = try await Self.export(county, app,
                                                 "/exports/reviews?kind=basic_info&tab=pending&q=\(Browser.encode("批量"))")
            #expect(searched.rows.count == 5)
            #expect(try Self.column("统一社会信用代码", of: searched).contains(code))
            #expect(try Self.column("状态", of: searched).allSatisfy { $0 == "提交待审核" })
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.export.rawValue)
                .filter(\.$targetType == "reviews").count()
            #expect(audit == 2, "each export is audited")
        }
    }

    @Test("详情页上一条、下一条沿筛选后的列表翻页，最后一条之后回到列表；审核后转到下一条")
    func previousAndNext() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            var ids: [Int] = []
            for id in try await Self.extras(app).prefix(3) {
                ids.append(try #require(try await Self.submit(app, enterprise: id).id))
            }
            let county = Browser(app, ip: "10.9.3.1")
            try await county.login("county-ls")
            let query = "?kind=basic_info&tab=pending"
            let list = "/reviews" + query

            let first = try await county.get("/reviews/\(ids[0])\(query)").body.string
            #expect(!first.contains(">上一条<"))
            #expect(first.contains("href=\"/reviews/\(ids[1])?kind=basic_info&tab=pending\">下一条<"))
            let middle = try await county.get("/reviews/\(ids[1])\(query)").body.string
            #expect(middle.contains(">上一条<") && middle.contains(">下一条<"))
            let last = try await county.get("/reviews/\(ids[2])\(query)").body.string
            #expect(!last.contains(">下一条<"))
            #expect(last.contains(">返回列表<"))

            func back(_ page: String) throws -> String {
                try #require(Browser.extract(#"name="back" value="([^"]*)""#, from: page)).replacingOccurrences(of: "&amp;", with: "&")
            }
            func approve(_ id: Int, page: String) async throws -> TestingHTTPResponse {
                try await county.post("/reviews/\(id)/decide", form: [
                    "verdict": "approved", "opinion": "", "back": try back(page),
                    "version": try #require(Browser.extract(#"name="version" value="(\d+)""#, from: page)),
                ], csrfFrom: "/workbench")
            }
            let decidedMiddle = try await approve(ids[1], page: middle)
            #expect(decidedMiddle.location == "/reviews/\(ids[2])\(query)", "on to the next one")
            let decidedLast = try await approve(ids[2], page: last)
            #expect(decidedLast.location == list, "after the last one, back to the list")
        }
    }

    @Test("批量通过：只通过勾选的记录，范围外的记录不受影响并在结果中说明")
    func batchApproval() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            var ids: [Int] = []
            for id in try await Self.extras(app).prefix(3) {
                ids.append(try #require(try await Self.submit(app, enterprise: id).id))
            }
            let foreign = try #require(try await Self.submit(app, enterprise: try fixtures.enterprise("e4")).id)
            let county = Browser(app, ip: "10.9.4.1")
            try await county.login("county-ls")
            let list = try await county.get("/reviews?kind=basic_info").body.string
            #expect(list.contains("name=\"ids\" value=\"\(ids[0])\""))
            #expect(list.contains("批量通过"))

            let answer = try await county.post("/reviews/batch", pairs: [
                ("ids", String(ids[0])), ("ids", String(ids[2])), ("ids", String(foreign)),
                ("back", "/reviews?kind=basic_info&tab=pending"),
            ], csrfFrom: "/reviews?kind=basic_info")
            #expect(answer.status == .seeOther)
            let flash = try await county.get(answer.location).body.string
            #expect(flash.contains("已批量通过 2 条"))
            #expect(flash.contains("#\(foreign) 不存在或不在您的范围内"))
            func status(_ id: Int) async throws -> FilingStatus? { try await FilingRecord.find(id, on: app.db)?.status }
            #expect(try await status(ids[0]) == FilingStatus.approved)
            #expect(try await status(ids[1]) == FilingStatus.submitted, "not ticked, not approved")
            #expect(try await status(ids[2]) == FilingStatus.approved)
            #expect(try await status(foreign) == FilingStatus.submitted)
            #expect(try await ReviewDecisionRecord.query(on: app.db).count() == 2)
        }
    }

    @Test("年报查询：按状态、年度、名称筛选，导出与查询结果一致")
    func annualReportQuery() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let year = LocalDate(chinaTimeOf: app.clock.now()).year - 1
            let e2 = try fixtures.enterprise("e2")
            let extras = try await Self.extras(app)
            try await Self.submit(app, enterprise: e2, kind: .annualReport, year: year)
            let older = try await Self.submit(app, enterprise: e2, kind: .annualReport, year: year - 1)
            try await Self.submit(app, enterprise: extras[0], kind: .annualReport, year: year)
            try await Self.submit(app, enterprise: try fixtures.enterprise("e3"), kind: .annualReport, year: year)
            let county = Browser(app, ip: "10.9.5.1")
            try await county.login("county-ls")
            let older2 = try #require(try await FilingRecord.find(older.id, on: app.db))
            _ = try await FilingFlowTests.decide(county, older2, verdict: "approved")

            let base = "kind=annual_report&tab=all"
            let everything = try await county.get("/reviews?\(base)").body.string
            #expect(Self.rowCount(everything) == 3, "another county's report is not listed")
            let thisYear = try await county.get("/reviews?\(base)&year=\(year)").body.string
            #expect(Self.rowCount(thisYear) == 2)
            let inReview = try await county.get("/reviews?\(base)&status=in_review").body.string
            #expect(Self.rowCount(inReview) == 1)
            #expect(inReview.contains("大连旅顺二号科技有限公司") && inReview.contains(">\(year - 1)<"))
            let searched = try await county.get("/reviews?\(base)&year=\(year)&q=\(Browser.encode("批量1"))").body.string
            #expect(Self.rowCount(searched) == 1)
            #expect(searched.contains("旅顺批量1号科技有限公司"))

            let sheet = try await Self.export(county, app, "/exports/reviews?\(base)&year=\(year)")
            #expect(sheet.rows.count == 2)
            #expect(try Self.column("年度", of: sheet).allSatisfy { $0 == String(year) })
            #expect(Set(try Self.column("企业名称", of: sheet)) == ["大连旅顺二号科技有限公司", "旅顺批量1号科技有限公司"])
            let reviewing = try await Self.export(county, app, "/exports/reviews?\(base)&status=in_review")
            #expect(reviewing.rows.count == 1)
            #expect(try Self.column("状态", of: reviewing) == ["审核中"])
        }
    }
}
