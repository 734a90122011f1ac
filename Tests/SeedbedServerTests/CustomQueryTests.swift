import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("自定义查询")
struct CustomQueryTests {
    @Test("按所选字段与年度显示范围内企业：年报金额按表单单位（千元）显示，字段选择可分享")
    func pickFields() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            for key in ["e2", "e3"] {
                guard let enterprise = try await Enterprise.find(try fixtures.enterprise(key), on: app.db) else { continue }
                try await EnterpriseFacts.upsert(enterprise: enterprise, year: 2024,
                                                 facts: [.mainRevenue: 1234.56, .employees: 77, .hightechCertified: 1],
                                                 source: "test", on: app.db, now: app.clock.now())
            }
            let revenueField = try #require(AnnualReportForm.form.fields.first { $0.fact == .mainRevenue })
            let staffField = try #require(AnnualReportForm.form.fields.first { $0.fact == .employees })
            let county = Browser(app, ip: "10.10.0.1")
            try await county.login("county-ls")
            let folded = try await county.get("/query?year=2024&f=\(revenueField.id.rawValue)&f=\(staffField.id.rawValue)&f=nonsense")
            #expect(folded.status == .seeOther)
            #expect(folded.location.contains("fields="))
            let page = try await county.get(folded.location)
            let html = page.body.string
            #expect(html.contains(revenueField.header))
            #expect(html.contains("12345.60"), "1234.56 万元 shown as 12345.60 千元")
            #expect(html.contains(">77<"))
            #expect(html.contains("大连旅顺二号科技有限公司"))
            #expect(!html.contains("重庆渝北三号科技有限公司"), "other counties' enterprises are never listed")
            let otherYear = try await county.get("/query?year=2023&fields=\(revenueField.id.rawValue)")
            #expect(!otherYear.body.string.contains("12345.60"))
            let enterprise = Browser(app, ip: "10.10.0.2")
            try await enterprise.login("ent-e2")
            #expect(try await enterprise.get("/query").status == .forbidden)
        }
    }
}
