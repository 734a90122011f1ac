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
}
