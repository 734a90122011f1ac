import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("注册审核期间的企业")
struct RegistrationStateTests {
    /// The sidebar's links, in order.
    static func menu(_ html: String) -> [String] {
        guard let start = html.range(of: "class=\"sidebar\""), let end = html.range(of: "</nav>", range: start.upperBound..<html.endIndex)
        else { return [] }
        return Browser.extractAll(#"href="([^"]+)""#, from: String(html[start.upperBound..<end.lowerBound]))
    }

    /// Registers an enterprise in 旅顺口区 through the public form; the visitor is then signed in as it.
    static func register(_ app: Application, serial: String, ip: String) async throws -> (Browser, Enterprise) {
        _ = try await Fixtures.make(app)
        let code = Fixtures.uscc(region: "210212", serial: serial)
        let visitor = Browser(app, ip: ip)
        let accepted = try await visitor.upload("/register", form: RegistrationTests.form(uscc: code, region: "210212"),
                                                file: ("business_licence", "营业执照.pdf", RegistrationTests.pdf),
                                                csrfFrom: "/register")
        #expect(accepted.status == .seeOther, "\(Browser.fieldErrors(accepted.body.string))")
        let enterprise = try #require(try await Enterprise.query(on: app.db).filter(\.$uscc == code).first())
        return (visitor, enterprise)
    }

    @Test("注册待审核的企业只看到工作台、注册进度与账号菜单；打开填报页时说明状态并指向注册进度，通过后恢复完整菜单")
    func pendingEnterpriseSeesItsStateInsteadOfRefusals() async throws {
        try await withSeedbedApp { app in
            let (visitor, enterprise) = try await Self.register(app, serial: "pen1", ip: "10.4.1.1")

            let workbench = try await visitor.get("/workbench")
            #expect(workbench.status == .ok)
            let page = workbench.body.string
            #expect(page.contains("注册待审核"))
            #expect(page.contains("审核通过后即可填报"))
            let links = Self.menu(page)
            #expect(links.contains("/my/registration"))
            #expect(links.contains("/account/password"))
            #expect(!links.contains("/my/basic-info") && !links.contains("/my/points") && !links.contains("/my/messages"),
                    "no menu entry leads to a refusal: \(links)")
            #expect(!page.contains("href=\"/my/annual-reports\""), "the workbench cards follow the menu")

            for path in ["/my/basic-info", "/my/annual-reports", "/my/products"] {
                let refused = try await visitor.get(path)
                #expect(refused.status == .forbidden, "\(path)")
                #expect(refused.body.string.contains("注册正在审核"), "\(path) says why")
                #expect(refused.body.string.contains("href=\"/my/registration\""), "\(path) says where to go")
            }

            let record = try await FilingFlowTests.filing(app, enterprise: enterprise.id ?? 0, slot: "registration")
            let county = Browser(app, ip: "10.4.1.2")
            try await county.login("county-ls")
            _ = try await FilingFlowTests.decide(county, record, verdict: "approved")

            let approved = Self.menu(try await visitor.get("/workbench").body.string)
            #expect(approved.contains("/my/basic-info") && approved.contains("/my/points"))
            #expect(!approved.contains("/my/registration"))
            #expect(try await visitor.get("/my/basic-info").status == .ok)
        }
    }

    @Test("注册未通过的企业被告知查看审批意见后重新提交")
    func rejectedEnterpriseIsToldWhatToDo() async throws {
        try await withSeedbedApp { app in
            let (visitor, enterprise) = try await Self.register(app, serial: "pen2", ip: "10.4.1.3")
            enterprise.status = .rejected
            try await enterprise.save(on: app.db)
            let refused = try await visitor.get("/my/basic-info")
            #expect(refused.status == .forbidden)
            #expect(refused.body.string.contains("未通过审核"))
            #expect(refused.body.string.contains("查看审批意见"))
            #expect(try await visitor.get("/workbench").body.string.contains("请按审批意见修改注册信息后重新提交"))
        }
    }
}
