import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// 三员分立 (GB/T 22239-2019 §8.1.4) and "no GET changes state", tested through HTTP: the system administrator
/// runs users and organisations, the security administrator roles and the password and lock policy, the audit
/// administrator alone reads the logs.
@Suite("三员分立与安全管理")
struct SeparationOfDutiesTests {
    @Test("审计日志与登录日志只有审计管理员能读，系统管理员和安全管理员 403；菜单各见其页")
    func onlyTheAuditorReadsTheLogs() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let auditor = Browser(app, ip: "10.5.0.1")
            try await auditor.login("auditor")
            let audit = try await auditor.get("/admin/audit")
            #expect(audit.status == .ok)
            #expect(audit.body.string.contains("auditor"), "the auditor's own login is in the log")
            #expect(try await auditor.get("/admin/logins").status == .ok)
            let exported = try await auditor.post("/exports/audit", form: [:])
            #expect(exported.status == .ok)
            #expect(exported.headers.first(name: .contentType)?.contains("spreadsheetml") == true)
            let menu = try await auditor.get("/workbench").body.string
            #expect(menu.contains("href=\"/admin/audit\""))
            #expect(!menu.contains("href=\"/admin/users\""))
            #expect(!menu.contains("href=\"/admin/security\""))

            for account in ["admin", "security"] {
                let other = Browser(app, ip: "10.5.0.2")
                try await other.login(account)
                #expect(try await other.get("/admin/audit").status == .forbidden, "\(account)")
                #expect(try await other.get("/admin/logins").status == .forbidden, "\(account)")
                #expect(try await other.post("/exports/audit", form: [:]).status == .forbidden, "\(account)")
                #expect(try await other.post("/exports/logins", form: [:]).status == .forbidden, "\(account)")
                #expect(!(try await other.get("/workbench").body.string.contains("href=\"/admin/audit\"")))
            }
            let admin = Browser(app, ip: "10.5.0.3")
            try await admin.login("admin")
            let adminMenu = try await admin.get("/workbench").body.string
            #expect(adminMenu.contains("href=\"/admin/users\""))
            #expect(!adminMenu.contains("href=\"/admin/security\""))
            let security = Browser(app, ip: "10.5.0.4")
            try await security.login("security")
            let securityMenu = try await security.get("/workbench").body.string
            #expect(securityMenu.contains("href=\"/admin/security\""))
            #expect(!securityMenu.contains("href=\"/admin/users\""))
            #expect(!securityMenu.contains("href=\"/enterprises\""))
        }
    }

    @Test("账号连续 5 次密码错误被锁定，安全管理员解除锁定后即可登录，解锁写入审计日志")
    func securityAdminUnlocks() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let intruder = Browser(app, ip: "10.6.0.1")
            for _ in 0..<5 {
                _ = try await intruder.post("/login", form: ["account": "city-dl", "password": "Wrong@2026x"])
            }
            let owner = Browser(app, ip: "10.6.0.2")
            let refused = try await owner.post("/login", form: ["account": "city-dl", "password": Fixtures.password])
            #expect(refused.status == .tooManyRequests, "the account is locked whatever the address")
            #expect(owner.cookies[SessionAuthenticator.cookieName] == nil)

            let security = Browser(app, ip: "10.6.0.3")
            try await security.login("security")
            let page = try await security.get("/admin/security").body.string
            #expect(page.contains("value=\"\(LoginThrottle.accountSubject("city-dl"))\""))
            #expect(page.contains("10.6.0.1") == false, "5 failures do not lock the address (threshold 20)")
            let unlocked = try await security.post("/admin/security/unlock",
                                                   form: ["subject": LoginThrottle.accountSubject("city-dl")])
            #expect(unlocked.status == .seeOther)
            #expect(!(try await security.get("/admin/security").body.string
                .contains("value=\"\(LoginThrottle.accountSubject("city-dl"))\"")))
            try await owner.login("city-dl")
            let entry = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.unlock.rawValue).first()
            #expect(entry?.account == "security")
            #expect(entry?.targetID == "city-dl")
            // Only login counters can be "unlocked": other limits are not the security page's to reset.
            let other = try await security.post("/admin/security/unlock", form: ["subject": "forgot:ip:10.6.0.1"])
            #expect(other.status == .badRequest)
        }
    }

    @Test("安全管理员修改密码策略后立即生效：最短 12 位时 11 位新密码被拒绝，锁定阈值改为 3 次")
    func policyChangeTakesEffect() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let security = Browser(app, ip: "10.7.0.1")
            try await security.login("security")
            let invalid = try await security.post("/admin/security/policy", form: [
                "minimumLength": "4", "requiredClasses": "3", "historyDepth": "5", "maximumAgeDays": "90",
                "accountLockThreshold": "3", "ipLockThreshold": "20", "lockWindowMinutes": "15", "lockMinutes": "15",
            ])
            #expect(invalid.status == .unprocessableEntity, "a minimum below 8 is refused")
            #expect(try await Setting.find(SecurityPolicy.settingKey, on: app.db) == nil)
            let saved = try await security.post("/admin/security/policy", form: [
                "minimumLength": "12", "requiredClasses": "3", "historyDepth": "5", "maximumAgeDays": "90",
                "accountLockThreshold": "3", "ipLockThreshold": "20", "lockWindowMinutes": "15", "lockMinutes": "15",
            ])
            #expect(saved.status == .seeOther)
            #expect(try await security.get("/admin/security").body.string.contains("value=\"12\""))
            let audited = try await AuditEntry.query(on: app.db)
                .filter(\.$action == AuditAction.securityPolicyChange.rawValue).first()
            #expect(audited?.detail?.contains("密码最短 12 位") == true)

            let user = Browser(app, ip: "10.7.0.2")
            try await user.login("county-gjz")
            let short = try await user.post("/account/password", form: [
                "current": Fixtures.password, "new": "Abcdef@2026", "confirm": "Abcdef@2026",
            ])
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("密码长度至少 12 位"))
            let long = try await user.post("/account/password", form: [
                "current": Fixtures.password, "new": "Abcdefg@2026", "confirm": "Abcdefg@2026",
            ])
            #expect(long.status == .seeOther)

            let intruder = Browser(app, ip: "10.7.0.3")
            for _ in 0..<3 {
                _ = try await intruder.post("/login", form: ["account": "city-dl", "password": "Wrong@2026x"])
            }
            let locked = try await Browser(app, ip: "10.7.0.4").post("/login", form: [
                "account": "city-dl", "password": Fixtures.password,
            ])
            #expect(locked.status == .tooManyRequests, "three failures lock the account under the new policy")
        }
    }

    @Test("系统管理员不能授予或收回管理员角色，也不能停用或重置管理员账号")
    func systemAdminCannotGrantAdministratorRoles() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let admin = Browser(app, ip: "10.8.0.1")
            try await admin.login("admin")
            let form = try await admin.get("/admin/users/new").body.string
            #expect(!form.contains("value=\"security_admin\""))
            #expect(!form.contains("value=\"audit_admin\""))
            for role in [Role.platformAdmin, .securityAdmin, .auditAdmin] {
                let created = try await admin.post("/admin/users", form: [
                    "account": "new-\(role.rawValue)", "name": "新管理员", "role": role.rawValue,
                ])
                #expect(created.status == .unprocessableEntity, "\(role)")
                #expect(created.body.string.contains("管理员角色由安全管理员分配"))
                #expect(try await User.query(on: app.db).filter(\.$account == "new-\(role.rawValue)").first() == nil)
            }
            let county = try fixtures.user("county-gjz")
            let promoted = try await admin.post("/admin/users/\(county)", form: [
                "name": "测试county-gjz", "role": Role.auditAdmin.rawValue,
            ])
            #expect(promoted.status == .unprocessableEntity)
            #expect(try await User.find(county, on: app.db)?.role == .county)
            // Editing an administrator keeps their role, whatever the form says.
            let auditor = try fixtures.user("auditor")
            let demoted = try await admin.post("/admin/users/\(auditor)", form: [
                "name": "审计员", "role": Role.county.rawValue, "regionCode": "210211",
            ])
            #expect(demoted.status == .seeOther)
            #expect(try await User.find(auditor, on: app.db)?.role == .auditAdmin)
            #expect(try await User.find(auditor, on: app.db)?.name == "审计员")
            for action in ["disable", "reset-password"] {
                let response = try await admin.post("/admin/users/\(auditor)/\(action)", form: ["confirmed": "1"])
                #expect(response.status == .forbidden, "\(action)")
            }
            #expect(try await User.find(auditor, on: app.db)?.active == true)
        }
    }

    @Test("安全管理员分配管理员角色并可收回，不能变更本人角色，也不能授予与所属机构不符的角色")
    func securityAdminAssignsRoles() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let security = Browser(app, ip: "10.9.0.1")
            try await security.login("security")
            let county = try fixtures.user("county-gjz")
            let list = try await security.get("/admin/security/roles?q=county-gjz").body.string
            #expect(list.contains("county-gjz"))
            #expect(list.contains("value=\"audit_admin\""))

            #expect(try await security.post("/admin/security/roles/\(county)", form: ["role": "audit_admin"]).status
                == .seeOther)
            #expect(try await User.find(county, on: app.db)?.role == .auditAdmin)
            let promoted = Browser(app, ip: "10.9.0.2")
            try await promoted.login("county-gjz")
            #expect(try await promoted.get("/admin/audit").status == .ok)
            #expect(try await promoted.get("/enterprises").status == .forbidden, "one role at a time: no longer county")

            #expect(try await security.post("/admin/security/roles/\(county)", form: ["role": "county"]).status
                == .seeOther)
            #expect(try await User.find(county, on: app.db)?.role == .county)
            #expect(try await promoted.get("/admin/audit").status == .forbidden)

            _ = try await security.post("/admin/security/roles/\(county)", form: ["role": "city"])
            #expect(try await User.find(county, on: app.db)?.role == .county,
                    "a government role follows the organisation")
            let me = try fixtures.user("security")
            _ = try await security.post("/admin/security/roles/\(me)", form: ["role": "admin"])
            #expect(try await User.find(me, on: app.db)?.role == .securityAdmin)

            let changes = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.roleChange.rawValue)
                .all()
            #expect(changes.filter { $0.outcome == AuditOutcome.success.rawValue }.count == 2)
            #expect(changes.filter { $0.outcome == AuditOutcome.denied.rawValue }.count == 2)
        }
    }

    @Test("导出只能由 POST 发起：GET 不再导出也不写审计或任务，缺少 CSRF 令牌的 POST 被拒绝")
    func exportsArePosts() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let county = Browser(app, ip: "10.10.0.1")
            try await county.login("county-gjz")
            let page = try await county.get("/enterprises").body.string
            #expect(page.contains("formaction=\"/exports/enterprises\""))
            #expect(page.contains("id=\"\(Layout.postFormID)\""))
            let get = try await county.get("/exports/enterprises")
            #expect(get.status == .notFound || get.status == .methodNotAllowed)
            #expect(try await county.get("/statistics/export/counties").status == .notFound)
            let exports = { try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.export.rawValue).count() }
            #expect(try await exports() == 0)
            #expect(try await Job.query(on: app.db).count() == 0)
            #expect(try await county.post("/exports/enterprises", form: [:], csrf: false).status == .forbidden)
            #expect(try await exports() == 0)
            let posted = try await county.post("/exports/enterprises", form: [:])
            #expect(posted.status == .ok)
            #expect(posted.headers.first(name: .contentType)?.contains("spreadsheetml") == true)
            #expect(try await exports() == 1)
        }
    }

    @Test("大批量导出由 POST 启动后台任务；系统管理员看不到他人的导出任务")
    func largeExportStartsAJobOnPost() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let auditor = Browser(app, ip: "10.11.0.1")
            try await auditor.login("auditor")
            let now = app.clock.now()
            let directLimit = app.config.exportDirectRows
            for start in stride(from: 0, through: directLimit, by: 1000) {
                let entries = (start..<min(start + 1000, directLimit + 1)).map { index in
                    let entry = AuditEntry()
                    entry.at = now
                    entry.account = "bulk\(index)"
                    entry.ip = "t"
                    entry.action = AuditAction.loginFailure.rawValue
                    entry.outcome = AuditOutcome.failure.rawValue
                    return entry
                }
                try await entries.create(on: app.db)
            }
            let started = try await auditor.post("/exports/audit", form: [:])
            #expect(started.status == .seeOther)
            #expect(started.headers.first(name: .location)?.hasPrefix("/jobs/") == true)
            let job = try #require(try await Job.query(on: app.db).first())
            #expect(job.kind == ExportJob.kind)
            let admin = Browser(app, ip: "10.11.0.2")
            try await admin.login("admin")
            let id = try #require(job.id)
            #expect(try await admin.get("/jobs/\(id)").status == .notFound)
            #expect(try await admin.get("/jobs/\(id)/download").status == .notFound)
        }
    }
}
