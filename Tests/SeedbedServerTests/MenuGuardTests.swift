import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The sidebar and the route guards read one route table (`Page`, `Access`), so the menu cannot offer a page its
/// guard refuses. Walked from the outside: every account opens every page of the table.
@Suite("菜单与路由守卫")
struct MenuGuardTests {
    @Test("每个角色：菜单上的每一页都能打开（200），不在其菜单上的页一律 403")
    func everyMenuEntryOpensAndNothingElseDoes() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let items = Menu.groups.flatMap(\.items)
            for (index, entry) in (Fixtures.accounts + Fixtures.officers).enumerated() {
                let browser = Browser(app, ip: "10.40.0.\(index + 1)")
                try await browser.login(entry.account)
                let user = try await Fixtures.currentUser(entry.account, on: app)
                let menu = try await browser.get("/workbench").body.string
                for item in items {
                    let status = try await browser.get(item.path).status
                    let linked = menu.contains("href=\"\(item.path)\"")
                    if item.isShown(to: user) {
                        #expect(status == .ok, "\(entry.account) opens \(item.path) from its menu")
                        #expect(linked, "\(entry.account)'s menu links \(item.path)")
                    } else if !item.page.access.admits(user) {
                        #expect(status == .forbidden, "\(entry.account) is refused \(item.path)")
                        #expect(!linked, "\(entry.account)'s menu hides \(item.path)")
                    }
                }
            }
        }
    }

    @Test("注册未通过的企业：菜单只有工作台、注册进度和账号；其余企业页面 403 并指向注册进度")
    func unapprovedEnterpriseSeesOnlyItsRegistration() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let enterpriseID = try fixtures.enterprise("e1")
            guard let sql = app.db as? any SQLDatabase else { return }
            try await sql.raw("UPDATE enterprises SET status = 'pending' WHERE id = \(bind: enterpriseID)").run()
            let browser = Browser(app, ip: "10.41.0.1")
            try await browser.login("ent-e1")
            let menu = try await browser.get("/workbench").body.string
            let linksRegistration = menu.contains("href=\"/my/registration\"")
            let linksPassword = menu.contains("href=\"/account/password\"")
            #expect(linksRegistration)
            #expect(linksPassword)
            for page in [Page.myEnterprise, .myBasicInfo, .myAnnualReports, .myProducts, .myPoints, .myExpress,
                         .myScores, .myRankings, .myChanges, .myMessages, .myLibraries, .mySettings] {
                let linked = menu.contains("href=\"\(page.path)\"")
                #expect(!linked, "menu hides \(page.path)")
                let refused = try await browser.get(page.path)
                #expect(refused.status == .forbidden, "\(page.path)")
                let pointsToRegistration = refused.body.string.contains("/my/registration")
                #expect(pointsToRegistration, "\(page.path) points to 注册进度")
            }
            #expect(try await browser.get("/my/registration").status == .ok)
        }
    }
}
