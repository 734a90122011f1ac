import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("系统管理")
struct AdminTests {
    @Test("管理员新增用户：临时密码只显示一次，新用户首次登录须改密码，操作写入审计")
    func createUser() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let invalid = try await admin.post("/admin/users", form: [
                "account": "a b", "name": "", "role": "county", "regionCode": "999999",
            ], csrfFrom: "/admin/users/new")
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.body.string.contains("3–32 位字母"))
            #expect(invalid.body.string.contains("请填写姓名"))
            #expect(invalid.body.string.contains("未找到该行政区划代码"))

            let created = try await admin.post("/admin/users", form: [
                "account": "new-county", "name": "新区县用户", "phone": "13700000000", "role": "county",
                "regionCode": "210212",
            ], csrfFrom: "/admin/users/new")
            #expect(created.status == .ok)
            let password = try #require(Browser.extract(#"<code class="secret">([^<]+)</code>"#, from: created.body.string))
            let user = try #require(try await User.query(on: app.db).filter(\.$account == "new-county").first())
            #expect(user.mustChangePassword)
            #expect(!user.passwordHash.contains(password))

            let newcomer = Browser(app, ip: "10.0.0.7")
            let login = try await newcomer.post("/login", form: ["account": "new-county", "password": password])
            #expect(login.location == "/account/password")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.create.rawValue)
                .filter(\.$targetType == "user").count() == 1)
            let duplicate = try await admin.post("/admin/users", form: [
                "account": "new-county", "name": "重复", "role": "county", "regionCode": "210212",
            ], csrfFrom: "/admin/users/new")
            #expect(duplicate.body.string.contains("该账号已存在"))
        }
    }

    @Test("停用用户需先确认，停用后其会话立即失效且无法登录；重新启用后恢复")
    func disableUser() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let victim = Browser(app, ip: "10.0.0.8")
            try await victim.login("county-yb")
            let admin = Browser(app)
            try await admin.login("admin")
            let id = try fixtures.user("county-yb")
            let ask = try await admin.post("/admin/users/\(id)/disable", form: [:], csrfFrom: "/admin/users/\(id)")
            #expect(ask.status == .ok)
            #expect(ask.body.string.contains("确定停用账号"))
            #expect(try await User.find(id, on: app.db)?.active == true, "nothing happens before confirmation")

            let done = try await admin.post("/admin/users/\(id)/disable", form: ["confirmed": "1"], csrfFrom: "/admin/users/\(id)")
            #expect(done.status == .seeOther)
            #expect(try await User.find(id, on: app.db)?.active == false)
            #expect(try await victim.get("/workbench").status == .seeOther)
            let refused = try await Browser(app, ip: "10.0.0.9").post("/login", form: ["account": "county-yb",
                                                                                       "password": Fixtures.password])
            #expect(refused.body.string.contains("已停用"))
            _ = try await admin.post("/admin/users/\(id)/enable", form: ["confirmed": "1"], csrfFrom: "/admin/users/\(id)")
            try await Browser(app, ip: "10.0.0.10").login("county-yb")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.disable.rawValue).count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.enable.rawValue).count() == 1)
        }
    }

    @Test("重置密码生成临时密码并强制下次登录修改，旧密码失效")
    func resetPassword() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let id = try fixtures.user("zone-dl")
            let reset = try await admin.post("/admin/users/\(id)/reset-password", form: ["confirmed": "1"],
                                             csrfFrom: "/admin/users/\(id)")
            let password = try #require(Browser.extract(#"<code class="secret">([^<]+)</code>"#, from: reset.body.string))
            #expect(PasswordPolicy().problems(with: password, account: "zone-dl").isEmpty)
            let old = try await Browser(app, ip: "10.0.0.3").post("/login", form: ["account": "zone-dl",
                                                                                  "password": Fixtures.password])
            #expect(old.status == .unauthorized)
            let fresh = try await Browser(app, ip: "10.0.0.4").post("/login", form: ["account": "zone-dl", "password": password])
            #expect(fresh.location == "/account/password")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.adminPasswordReset.rawValue).count() == 1)
        }
    }

    @Test("用户列表支持搜索、角色筛选与分页")
    func userListSearchAndPaging() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let search = try await admin.get("/admin/users?q=county")
            #expect(search.body.string.contains("county-gjz"))
            #expect(search.body.string.contains("county-yb"))
            #expect(!search.body.string.contains("zone-dl"))
            let byRole = try await admin.get("/admin/users?role=zone")
            #expect(byRole.body.string.contains("zone-cq"))
            #expect(!byRole.body.string.contains("county-yb"))
            let paged = try await admin.get("/admin/users?per=5&page=3")
            #expect(paged.body.string.contains("共 14 条，第 3/3 页"), "12 accounts and the security and audit administrators")
            #expect(search.body.string.contains("138****8000"), "phone numbers are masked in lists")
        }
    }

    @Test("机构管理：行政区划机构齐全，可新增高新区并停用，搜索与分页")
    func organizations() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let regional = try await Organization.query(on: app.db)
                .filter(\.$kind ~~ [.province, .city, .county]).count()
            #expect(regional == RegionTable.shipped.regions.count)
            let admin = Browser(app)
            try await admin.login("admin")
            let search = try await admin.get("/admin/organizations?q=500112")
            #expect(search.body.string.contains("重庆市渝北区"))
            let invalid = try await admin.post("/admin/organizations", form: ["kind": "province", "name": "", "regionCode": "1"],
                                               csrfFrom: "/admin/organizations/new")
            #expect(invalid.body.string.contains("只能新增高新区或孵化器"))
            let created = try await admin.post("/admin/organizations", form: [
                "kind": "zone", "name": "测试新高新区", "regionCode": "210213",
            ], csrfFrom: "/admin/organizations/new")
            #expect(created.status == .seeOther)
            let zone = try #require(try await Organization.query(on: app.db).filter(\.$name == "测试新高新区").first())
            let zoneID = try #require(zone.id)
            _ = try await admin.post("/admin/organizations/\(zoneID)/disable", form: ["confirmed": "1"],
                                     csrfFrom: "/admin/organizations/\(zoneID)")
            #expect(try await Organization.find(zoneID, on: app.db)?.active == false)
            let paged = try await admin.get("/admin/organizations?kind=province&page=2&per=20")
            #expect(paged.body.string.contains("第 2/2 页"))
        }
    }

    @Test("停用机构后其用户不能再登录")
    func disabledOrganizationLocksItsUsers() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let member = Browser(app, ip: "10.0.0.5")
            try await member.login("zone-cq")
            let admin = Browser(app)
            try await admin.login("admin")
            let zoneID = fixtures.organizations["zone-cq"] ?? 0
            _ = try await admin.post("/admin/organizations/\(zoneID)/disable", form: ["confirmed": "1"],
                                     csrfFrom: "/admin/organizations/\(zoneID)")
            #expect(try await member.get("/workbench").status == .seeOther)
        }
    }

    @Test("登录日志、操作日志、短信记录可查询；操作日志没有修改或删除的入口")
    func logsAreReadOnly() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            _ = try await Browser(app, ip: "10.9.9.9").post("/login", form: ["account": "city-dl", "password": "Wrong@2026x"])
            let auditor = Browser(app)
            try await auditor.login("auditor")
            let logins = try await auditor.get("/admin/logins?q=10.9.9.9")
            #expect(logins.body.string.contains("密码错误"))
            let audit = try await auditor.get("/admin/audit?action=login.failure")
            #expect(audit.body.string.contains("city-dl"))
            #expect(audit.body.string.contains("只可查询，不可修改或删除"))
            let auditRoutes = app.routes.all.filter { $0.path.map(\.description).contains("audit") }
            #expect(auditRoutes.allSatisfy { $0.method == .GET })
            let admin = Browser(app)
            try await admin.login("admin")
            let sms = try await admin.get("/admin/sms")
            #expect(sms.status == .ok)
        }
    }

    @Test("审计日志保留期不低于 180 天，清理只删除超期记录")
    func auditRetention() async throws {
        try await withSeedbedApp({ $0.auditRetentionDays = 30 }) { app in
            #expect(app.config.auditRetentionDays == 180)
            let logger = AuditLogger(database: app.db, actor: nil, ip: "t", now: app.clock.now().addingTimeInterval(-200 * 86_400))
            try await logger.record(.loginFailure, outcome: .failure, account: "old")
            let recent = AuditLogger(database: app.db, actor: nil, ip: "t", now: app.clock.now().addingTimeInterval(-170 * 86_400))
            try await recent.record(.loginFailure, outcome: .failure, account: "recent")
            try await Maintenance.sweep(app)
            let left = try await AuditEntry.query(on: app.db).all().compactMap(\.account)
            #expect(left == ["recent"])
        }
    }
}
