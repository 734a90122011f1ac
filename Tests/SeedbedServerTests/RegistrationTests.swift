import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("企业注册")
struct RegistrationTests {
    static let pdf = Data("%PDF-1.4 营业执照".utf8)

    static func form(uscc: String, region: String, zone: String = "") -> [String: String] {
        ["uscc": uscc, "name": "大连注册测试科技有限公司", "region_code": region, "zone": zone, "contact_name": "张三",
         "contact_phone": "13912340000", "contact_email": "zs@example.cn", "account": "reg-test",
         "password": "Regist#2026a", "confirm": "Regist#2026a", "consent": "1"]
    }

    @Test("注册：校验码、同意书、营业执照类型逐项提示；提交后由区县审核，通过后企业启用并短信通知")
    func registerAndApprove() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let code = Fixtures.uscc(region: "210212", serial: "reg1")
            let visitor = Browser(app, ip: "10.4.0.1")
            let page = try await visitor.get("/register")
            #expect(page.body.string.contains("知情同意书"))

            var bad = Self.form(uscc: code.dropLast() + "0", region: "210212")
            bad["consent"] = ""
            let refused = try await visitor.upload("/register", form: bad,
                                                   file: ("business_licence", "licence.exe", Data("MZ...".utf8)),
                                                   csrfFrom: "/register")
            #expect(refused.status == .unprocessableEntity)
            let errors = Browser.fieldErrors(refused.body.string).joined()
            #expect(errors.contains("校验位"))
            #expect(errors.contains("知情同意书"))
            #expect(errors.contains("营业执照请上传 PDF、JPG 或 PNG 文件"))
            #expect(try await Enterprise.query(on: app.db).filter(\.$uscc == code).count() == 0)

            let accepted = try await visitor.upload("/register", form: Self.form(uscc: code, region: "210212"),
                                                    file: ("business_licence", "营业执照.pdf", Self.pdf), csrfFrom: "/register")
            #expect(accepted.status == .seeOther, "\(Browser.fieldErrors(accepted.body.string))")
            let enterprise = try #require(try await Enterprise.query(on: app.db).filter(\.$uscc == code).first())
            #expect(enterprise.status == EnterpriseStatus.pending.rawValue)
            let status = try await visitor.get("/my/registration")
            #expect(status.body.string.contains("提交待审核"))
            #expect(try await visitor.get("/my/basic-info").status == .forbidden, "no filing before registration approval")

            let record = try await FilingFlowTests.filing(app, enterprise: enterprise.id ?? 0, slot: "registration")
            #expect(record.pendingReviewer == "county:210212")
            let county = Browser(app, ip: "10.4.0.2")
            try await county.login("county-ls")
            let detail = try await county.get("/reviews/\(record.id ?? 0)")
            let fileID = try #require(Browser.extract(#"href="/files/(\d+)""#, from: detail.body.string))
            let licence = try await county.get("/files/\(fileID)")
            #expect(licence.status == .ok)
            #expect(licence.body.string.hasPrefix("%PDF"))
            let outsider = Browser(app, ip: "10.4.0.3")
            try await outsider.login("county-yb")
            #expect(try await outsider.get("/files/\(fileID)").status == .notFound, "another county cannot download it")

            _ = try await FilingFlowTests.decide(county, record, verdict: "approved")
            #expect(try await Enterprise.find(enterprise.id, on: app.db)?.status == EnterpriseStatus.active.rawValue)
            let sms = try #require(try await SMSMessage.query(on: app.db).filter(\.$phone == "13912340000").first())
            #expect(sms.content.contains("通过"))
            #expect(try await visitor.get("/my/basic-info").status == .ok)
        }
    }

    @Test("在高新区注册的企业由高新区审核；重复的代码与账号被拒绝")
    func zoneReviewsAndDuplicates() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let zone = String(fixtures.organizations["zone-dl"] ?? 0)
            let code = Fixtures.uscc(region: "210211", serial: "reg2")
            let visitor = Browser(app, ip: "10.5.0.1")
            let accepted = try await visitor.upload("/register", form: Self.form(uscc: code, region: "210211", zone: zone),
                                                    file: ("business_licence", "a.pdf", Self.pdf), csrfFrom: "/register")
            #expect(accepted.status == .seeOther, "\(Browser.fieldErrors(accepted.body.string))")
            let enterprise = try #require(try await Enterprise.query(on: app.db).filter(\.$uscc == code).first())
            let record = try await FilingFlowTests.filing(app, enterprise: enterprise.id ?? 0, slot: "registration")
            #expect(record.pendingReviewer == "zone:\(zone)")
            let again = try await Browser(app, ip: "10.5.0.2").upload("/register", form: Self.form(uscc: code, region: "210211"),
                                                                      file: ("business_licence", "a.pdf", Self.pdf),
                                                                      csrfFrom: "/register")
            let errors = Browser.fieldErrors(again.body.string).joined()
            #expect(errors.contains("已注册"))
            #expect(errors.contains("登录账号已被使用"))
        }
    }
}
