import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// The authorization matrix, tested from the outside through HTTP: every route that exists is classified,
/// and every role is tried against in-scope and out-of-scope targets, for reads and writes.
@Suite("数据权限矩阵")
struct ScopeMatrixTests {
    enum Access: String {
        case anyone, signedIn, government, enterpriseOnly, adminOnly, apiToken
        /// 安全管理 (policy, unlocks, roles): the security administrator only (三员分立).
        case securityAdminOnly
        /// 操作日志 and 登录日志: the audit administrator only — not even the system administrator.
        case auditAdminOnly
        /// 待办发布: the national centre (every to-do), provinces and cities (their own) — TodoTests.
        case todoPublishers
        /// 我的待办: provinces, cities, counties, zones and incubators, each only what went to its organisation — TodoTests.
        case todoRecipients
        /// 我的消息 of officials: every government organisation, its own messages — TodoTests.
        case officials
        /// Exports: each list's own roles (checked in ExportTests).
        case perList
        /// Imports: each kind's own roles (企业名录: administrator and zones; 工商数据: administrator and
        /// government except incubators — checked in RegistryImportTests; 积分测算: government).
        case importers
        /// Schemes and runs: the platform administrator, the national centre and zones (PointsTests).
        case pointsManagers
        /// 内容管理: the platform administrator and the national centre (its own sections — ContentTests).
        case contentEditors
        /// 申报时间维护: the platform administrator, province accounts (their own province) and the national centre
        /// (reads) — ApplicationTests.windowMaintenance.
        case applicationWindowManagers
        /// 重新评级 (知识价值信用评级): the platform administrator, provinces and cities — CreditRatingServerTests.recomputeButton.
        case creditRaters
        /// 金融产品管理 and 融资申请: partner banks (合作金融机构) only, each its own institution's (FinanceTests).
        case partnerOnly
    }

    /// Every route of the platform and who may use it. A new route must be added here, or the first test fails.
    static let catalog: [String: Access] = [
        "GET /": .anyone, "GET /notices": .anyone, "GET /policies": .anyone, "GET /guides": .anyone,
        "GET /finance": .anyone, "GET /login": .anyone, "POST /login": .anyone, "GET /captcha/:id": .anyone,
        "GET /password/forgot": .anyone, "POST /password/forgot": .anyone, "GET /password/reset": .anyone,
        "POST /password/reset": .anyone, "GET /healthz": .anyone, "GET /static/:file": .anyone,
        // Operations: /readyz for the proxy; /metrics by address or token, not by role (ObservabilityTests).
        "GET /readyz": .anyone, "GET /metrics": .anyone,
        "GET /api/v1/openapi.json": .anyone, "GET /register": .anyone, "POST /register": .anyone,
        "GET /regions.json": .anyone, "GET /my/registration": .enterpriseOnly, "POST /my/registration": .enterpriseOnly,
        "GET /files/:id": .signedIn,
        // 待办事项 (T5) and the officials' 我的消息 (TodoTests.routesFollowRoles walks every role over these).
        "GET /todos": .todoPublishers, "GET /todos/new": .todoPublishers, "POST /todos": .todoPublishers,
        "GET /todos/:id": .todoPublishers, "GET /todos/:id/attachments/:attachment": .todoPublishers,
        "GET /todos/:id/uploads/:recipient": .todoPublishers, "GET /todos/:id/zip": .todoPublishers,
        "POST /todos/:id/remind": .todoPublishers,
        "GET /my-todos": .todoRecipients, "GET /my-todos/:id": .todoRecipients,
        "GET /my-todos/:id/attachments/:attachment": .todoRecipients, "GET /my-todos/:id/file": .todoRecipients,
        "POST /my-todos/:id/upload": .todoRecipients,
        "GET /inbox": .officials, "POST /inbox/read-all": .officials, "GET /inbox/:id": .officials,
        "GET /workbench": .signedIn, "GET /account/password": .signedIn, "POST /account/password": .signedIn,
        "POST /logout": .signedIn,
        "GET /login/2fa": .anyone, "POST /login/2fa": .anyone, "GET /account/2fa": .signedIn,
        "POST /account/2fa/enrol": .signedIn, "POST /account/2fa/recovery-codes": .signedIn,
        "POST /account/2fa/disable": .signedIn,
        "GET /enterprises": .government, "GET /enterprises/new": .government, "POST /enterprises": .government,
        "GET /enterprises/:id": .government, "GET /enterprises/:id/edit": .government,
        "POST /enterprises/:id": .government, "POST /enterprises/:id/reveal": .government,
        "GET /my/enterprise": .enterpriseOnly,
        "GET /my/basic-info": .enterpriseOnly, "POST /my/basic-info": .enterpriseOnly,
        "GET /my/annual-reports": .enterpriseOnly, "POST /my/annual-reports": .enterpriseOnly,
        "GET /my/annual-reports/:year": .enterpriseOnly, "POST /my/annual-reports/:year": .enterpriseOnly,
        "GET /my/points": .enterpriseOnly,
        "GET /my/points/periods/:id": .enterpriseOnly, "POST /my/points/periods/:id": .enterpriseOnly,
        "GET /my/points/periods/:id/template": .enterpriseOnly, "POST /my/points/periods/:id/upload": .enterpriseOnly,
        "POST /my/points/periods/:id/proofs/:field/delete": .enterpriseOnly,
        "GET /my/points/periods/:id/qualifications/:field": .enterpriseOnly,
        "POST /my/points/periods/:id/qualifications/:field": .enterpriseOnly,
        "POST /my/points/periods/:id/qualifications/:field/:record/delete": .enterpriseOnly,
        "GET /my/express": .enterpriseOnly, "GET /my/express/:id": .enterpriseOnly, "POST /my/express/:id": .enterpriseOnly,
        "GET /my/products": .enterpriseOnly, "GET /my/products/new": .enterpriseOnly, "POST /my/products": .enterpriseOnly,
        "POST /my/products/:id/delete": .enterpriseOnly, "GET /my/changes": .enterpriseOnly,
        "GET /my/changes/new": .enterpriseOnly, "POST /my/changes": .enterpriseOnly, "GET /my/changes/:id": .enterpriseOnly,
        "POST /my/changes/:id": .enterpriseOnly, "POST /my/changes/:id/delete": .enterpriseOnly,
        "GET /my/messages": .enterpriseOnly, "POST /my/messages/read-all": .enterpriseOnly,
        "POST /my/messages/:id/read": .enterpriseOnly,
        "GET /my/messages/:id": .enterpriseOnly,
        "GET /reviews": .government, "GET /reviews/:id": .government, "POST /reviews/:id/decide": .government,
        "POST /reviews/batch": .government, "GET /query": .government,
        "GET /admin/users": .adminOnly, "GET /admin/users/new": .adminOnly, "POST /admin/users": .adminOnly,
        "GET /admin/users/:id": .adminOnly, "POST /admin/users/:id": .adminOnly,
        "POST /admin/users/:id/disable": .adminOnly, "POST /admin/users/:id/enable": .adminOnly,
        "POST /admin/users/:id/reset-password": .adminOnly,
        "GET /admin/organizations": .adminOnly, "GET /admin/organizations/new": .adminOnly,
        "POST /admin/organizations": .adminOnly, "GET /admin/organizations/:id": .adminOnly,
        "POST /admin/organizations/:id": .adminOnly, "POST /admin/organizations/:id/disable": .adminOnly,
        "POST /admin/organizations/:id/enable": .adminOnly,
        "GET /admin/logins": .auditAdminOnly, "GET /admin/audit": .auditAdminOnly, "GET /admin/sms": .adminOnly,
        "GET /admin/security": .securityAdminOnly, "POST /admin/security/policy": .securityAdminOnly,
        "POST /admin/security/unlock": .securityAdminOnly, "GET /admin/security/roles": .securityAdminOnly,
        "POST /admin/security/roles/:id": .securityAdminOnly,
        "POST /exports/:list": .perList,
        "GET /imports": .importers, "GET /imports/:kind": .importers, "GET /imports/:kind/template": .importers,
        "POST /imports/:kind": .importers, "GET /imports/batches/:id/errors": .importers,
        "POST /imports/batches/:id/confirm": .importers,
        "GET /jobs/:id": .signedIn, "GET /jobs/:id/status": .signedIn, "GET /jobs/:id/download": .signedIn,
        "GET /api/v1/me": .apiToken, "GET /api/v1/enterprises": .apiToken, "GET /api/v1/enterprises/:id": .apiToken,
        "GET /api/v1/enterprises/:id/facts": .apiToken, "GET /api/v1/filings": .apiToken,
        "GET /libraries/:library": .government, "GET /libraries/:library/:id": .government,
        "GET /my/libraries": .enterpriseOnly,
        // 认定复核 (M8) and 梯度培育's 认定企业 and 申报与认定统计.
        "GET /my/renewals": .enterpriseOnly, "GET /my/renewals/new": .enterpriseOnly, "POST /my/renewals": .enterpriseOnly,
        "GET /my/renewals/:id": .enterpriseOnly,
        "GET /cultivation/recognitions": .government, "GET /cultivation/statistics": .government,
        "POST /cultivation/statistics/export": .government,
        // 企业申报 (M6) and 申报时间维护.
        "GET /my/applications": .enterpriseOnly, "POST /my/applications": .enterpriseOnly,
        "GET /my/applications/:id": .enterpriseOnly, "POST /my/applications/:id": .enterpriseOnly,
        "POST /my/applications/:id/evidence/:evidence/delete": .enterpriseOnly,
        "GET /my/applications/:id/download": .enterpriseOnly,
        "GET /cultivation/windows": .applicationWindowManagers, "GET /cultivation/windows/new": .applicationWindowManagers,
        "POST /cultivation/windows": .applicationWindowManagers,
        "GET /cultivation/windows/:id/edit": .applicationWindowManagers,
        "POST /cultivation/windows/:id": .applicationWindowManagers,
        "POST /cultivation/windows/:id/delete": .applicationWindowManagers,
        "GET /showcase": .anyone, "GET /overview": .government, "GET /statistics/progress": .government,
        "GET /statistics/counties": .government, "GET /statistics/annual": .government,
        "GET /statistics/city": .government, "POST /statistics/export/:table": .government,
        "GET /api/v1/scores": .apiToken,
        "POST /api/v1/evaluations": .apiToken,
        "GET /points/schemes": .pointsManagers, "POST /points/schemes": .pointsManagers,
        "GET /points/schemes/:id": .pointsManagers, "GET /points/schemes/:id/edit": .pointsManagers,
        "POST /points/schemes/:id": .pointsManagers, "GET /points/schemes/:id/indicators/new": .pointsManagers,
        "POST /points/schemes/:id/indicators": .pointsManagers,
        "POST /points/schemes/:id/indicators/:index/delete": .pointsManagers,
        "POST /points/schemes/:id/try": .pointsManagers, "POST /points/schemes/:id/publish": .pointsManagers,
        "POST /points/schemes/:id/delete": .pointsManagers,
        "GET /points/periods": .pointsManagers, "GET /points/periods/new": .pointsManagers,
        "POST /points/periods": .pointsManagers, "GET /points/periods/:id/edit": .pointsManagers,
        "POST /points/periods/:id": .pointsManagers, "POST /points/periods/:id/close": .pointsManagers,
        "GET /points/express-list": .pointsManagers, "POST /points/express-list": .pointsManagers,
        "POST /points/express-list/:id/delete": .pointsManagers,
        "GET /points/runs": .pointsManagers, "POST /points/runs": .pointsManagers, "GET /points/runs/:id": .pointsManagers,
        "POST /points/runs/:id/publish": .pointsManagers,
        "GET /points/results": .government, "GET /points/rankings": .government, "GET /points/results/:id": .government,
        "GET /points/estimates": .government, "GET /points/estimates/:id": .government,
        "GET /points/estimates/rows/:id": .government,
        "GET /my/scores": .enterpriseOnly, "GET /my/scores/:id": .enterpriseOnly, "GET /my/rankings": .enterpriseOnly,
        "GET /my/settings": .enterpriseOnly, "POST /my/settings/consent": .enterpriseOnly,
        "GET /notices/:id": .anyone, "GET /policies/:id": .anyone, "GET /guides/:id": .anyone, "GET /finance/:id": .anyone,
        "GET /notices/:id/attachment": .anyone, "GET /policies/:id/attachment": .anyone,
        "GET /guides/:id/attachment": .anyone,
        "GET /admin/content": .contentEditors, "GET /admin/content/new": .contentEditors,
        "POST /admin/content": .contentEditors, "GET /admin/content/:id": .contentEditors,
        "POST /admin/content/:id": .contentEditors, "POST /admin/content/:id/publish": .contentEditors,
        "POST /admin/content/:id/withdraw": .contentEditors, "POST /admin/content/:id/delete": .contentEditors,
        "GET /admin/content/showcase": .adminOnly, "POST /admin/content/showcase": .adminOnly,
        // 审核时限: the platform administrator sets each queue's review period.
        "GET /admin/review-periods": .adminOnly, "POST /admin/review-periods": .adminOnly,
        // Public side and help (M1, M9).
        "GET /faq": .anyone, "GET /faq/:id": .anyone, "GET /faq/:id/attachment": .anyone,
        "GET /recognition-query": .anyone, "POST /recognition-query": .anyone, "GET /apply": .anyone,
        "GET /my/account-change": .enterpriseOnly, "POST /my/account-change/email": .enterpriseOnly,
        "POST /my/account-change/email/confirm": .enterpriseOnly, "POST /my/account-change/manual": .enterpriseOnly,
        "GET /admin/account-changes": .adminOnly, "GET /admin/account-changes/:id": .adminOnly,
        "POST /admin/account-changes/:id/approve": .adminOnly, "POST /admin/account-changes/:id/reject": .adminOnly,
        "GET /admin/email": .adminOnly,
        // 数字化水平评测 (M3): the enterprise's own attempts; the questionnaires for content editors.
        "GET /my/digital": .enterpriseOnly, "POST /my/digital/start": .enterpriseOnly,
        "GET /my/digital/:id": .enterpriseOnly, "POST /my/digital/:id": .enterpriseOnly,
        "GET /admin/questionnaires": .contentEditors, "POST /admin/questionnaires/new": .contentEditors,
        "GET /admin/questionnaires/:id": .contentEditors, "POST /admin/questionnaires/:id": .contentEditors,
        "POST /admin/questionnaires/:id/publish": .contentEditors,
        // 知识价值信用评级 (C6): the list and each enterprise-year's explanation within scope, 重新评级, the enterprise's own.
        "GET /credit-ratings": .government, "GET /credit-ratings/:id/:year": .government,
        "POST /credit-ratings/recompute": .creditRaters, "GET /my/credit-rating": .enterpriseOnly,
        // 知识产权公共服务 (D1): the public counts, the enterprise's own records, the government list, the API.
        "GET /ip": .anyone, "GET /my/ip": .enterpriseOnly, "GET /ip-records": .government,
        "POST /api/v1/ip-records": .apiToken,
        // 金融超市 (D12): the banks' products and applications; the enterprise's market and applications.
        "GET /bank/products": .partnerOnly, "GET /bank/products/new": .partnerOnly, "POST /bank/products": .partnerOnly,
        "GET /bank/products/:id": .partnerOnly, "POST /bank/products/:id": .partnerOnly,
        "POST /bank/products/:id/status": .partnerOnly,
        "GET /bank/applications": .partnerOnly, "GET /bank/applications/:id": .partnerOnly,
        "POST /bank/applications/:id/accept": .partnerOnly, "POST /bank/applications/:id/disburse": .partnerOnly,
        "POST /bank/applications/:id/reject": .partnerOnly,
        "GET /my/finance": .enterpriseOnly, "GET /my/finance/products/:id": .enterpriseOnly,
        "POST /my/finance/products/:id": .enterpriseOnly, "GET /my/finance/applications/:id": .enterpriseOnly,
        // 定向政策推送 (D13): 适用条件 in 内容管理, the enterprise's 政策匹配, the officials' 匹配企业 and 推送 (PolicyMatchTests).
        "GET /admin/content/:id/conditions": .contentEditors, "POST /admin/content/:id/conditions": .contentEditors,
        "POST /admin/content/:id/conditions/:index/delete": .contentEditors,
        "GET /my/policies": .enterpriseOnly, "GET /policy-matches": .government, "GET /policy-matches/:id": .government,
        "POST /policy-matches/:id/push": .government,
        // 科技创新券 (C7, C8): the statistics and the situation table for government, the enterprise's own, the API.
        "GET /vouchers/statistics": .government, "POST /vouchers/statistics/export": .government,
        "GET /vouchers": .government, "GET /my/vouchers": .enterpriseOnly, "POST /api/v1/vouchers": .apiToken,
    ]

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
    }

    /// A concrete path for a route pattern.
    static func path(_ pattern: String, id: Int) -> String {
        pattern.replacingOccurrences(of: ":id", with: String(id)).replacingOccurrences(of: ":file", with: "app.css")
            .replacingOccurrences(of: ":list", with: "enterprises").replacingOccurrences(of: ":kind", with: "enterprises")
            .replacingOccurrences(of: ":year", with: "2024").replacingOccurrences(of: ":library", with: "hightech_reserve")
            .replacingOccurrences(of: ":table", with: "counties").replacingOccurrences(of: ":index", with: "0")
            .replacingOccurrences(of: ":field", with: "proof_audit")
    }

    @Test("每一条路由都在权限矩阵中登记")
    func everyRouteIsClassified() async throws {
        try await withSeedbedApp { app in
            let registered = Set(app.routes.all.map(Self.key))
            let catalogued = Set(Self.catalog.keys)
            #expect(registered.subtracting(catalogued).isEmpty, "routes missing from the matrix: \(registered.subtracting(catalogued).sorted())")
            #expect(catalogued.subtracting(registered).isEmpty, "matrix lists routes that do not exist: \(catalogued.subtracting(registered).sorted())")
        }
    }

    @Test("未登录访问需要登录的页面被引导至登录页，接口返回 401 JSON")
    func anonymousIsTurnedAway() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try fixtures.enterprise("e1")
            let browser = Browser(app)
            for (key, access) in Self.catalog where access != .anyone {
                let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
                let path = Self.path(parts[1], id: id)
                let response = parts[0] == "GET" ? try await browser.get(path) : try await browser.post(path, form: [:])
                if access == .apiToken {
                    #expect(response.status == .unauthorized, "\(key)")
                    #expect(response.body.string.contains("\"code\":\"unauthorized\""), "\(key)")
                } else {
                    #expect(response.status == .seeOther, "\(key) → \(response.status.code)")
                    #expect(response.location.hasPrefix("/login"), "\(key) → \(response.location)")
                }
            }
        }
    }

    @Test("积分方案与积分计算的每一条路由只对平台管理员、火炬中心和高新区开放")
    func pointsManagerRoutes() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let scheme = try #require(try await SchemeRecord.query(on: app.db).first()?.id)
            let before = try #require(try await SchemeRecord.find(scheme, on: app.db)?.content)
            for account in ["prov-ln", "city-dl", "county-gjz", "incubator-dl", "ent-e1"] {
                let browser = Browser(app)
                try await browser.login(account)
                for (key, access) in Self.catalog where access == .pointsManagers {
                    let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
                    let path = Self.path(parts[1], id: scheme)
                    let response = parts[0] == "GET" ? try await browser.get(path)
                        : try await browser.post(path, form: ["confirmed": "1", "year": "2024", "scheme": String(scheme),
                                                              "name": "被篡改"], csrfFrom: "/workbench")
                    #expect(response.status == .forbidden, "\(account) \(key) → \(response.status.code)")
                }
            }
            #expect(try await SchemeRecord.find(scheme, on: app.db)?.content == before)
            #expect(try await SchemeRecord.query(on: app.db).count() == 1)
            #expect(try await ScoringRun.query(on: app.db).count() == 0)
            _ = fixtures
        }
    }

    @Test("只有平台管理员能使用系统管理的每一条路由")
    func adminRoutesAreAdminOnly() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let target = try fixtures.user("ent-e2")
            for (account, role) in Fixtures.accounts + Fixtures.officers where role != .platformAdmin {
                let browser = Browser(app)
                try await browser.login(account)
                for (key, access) in Self.catalog where access == .adminOnly {
                    let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
                    let path = Self.path(parts[1], id: target)
                    let response = parts[0] == "GET"
                        ? try await browser.get(path)
                        : try await browser.post(path, form: ["confirmed": "1", "name": "改名", "role": "admin"])
                    #expect(response.status == .forbidden, "\(account) \(key) → \(response.status.code)")
                }
            }
            let target2 = try await User.find(target, on: app.db)
            #expect(target2?.active == true, "no refused request changed anything")
            #expect(target2?.role == .enterprise)
        }
    }

    @Test("安全管理只对安全管理员开放，操作日志与登录日志只对审计管理员开放：其他每个角色 403 且不留改动",
          arguments: [(Access.securityAdminOnly, Role.securityAdmin), (.auditAdminOnly, .auditAdmin)])
    func officerRoutes(access: Access, allowed: Role) async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let target = try fixtures.user("county-gjz")
            let routes = Self.catalog.filter { $0.value == access }.keys.sorted()
            #expect(!routes.isEmpty)
            for (account, role) in Fixtures.accounts + Fixtures.officers {
                let browser = Browser(app)
                try await browser.login(account)
                for key in routes {
                    let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
                    let path = Self.path(parts[1], id: target)
                    if role == allowed {
                        if parts[0] == "GET" { #expect(try await browser.get(path).status == .ok, "\(account) \(key)") }
                        continue
                    }
                    let response = parts[0] == "GET" ? try await browser.get(path)
                        : try await browser.post(path, form: ["role": "admin", "subject": "login:account:county-gjz",
                                                              "minimumLength": "64"], csrfFrom: "/workbench")
                    #expect(response.status == .forbidden, "\(account) \(key) → \(response.status.code)")
                }
            }
            #expect(try await User.find(target, on: app.db)?.role == .county)
            #expect(try await Setting.find(SecurityPolicy.settingKey, on: app.db) == nil)
        }
    }

    @Test("安全管理员与审计管理员不能使用政府端、企业端、系统管理、导入、积分与内容管理的任何路由")
    func officersSeeNoBusinessRoutes() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try fixtures.enterprise("e1")
            let closed: Set<Access> = [.government, .enterpriseOnly, .adminOnly, .importers, .pointsManagers,
                                       .contentEditors]
            for (account, _) in Fixtures.officers {
                let browser = Browser(app)
                try await browser.login(account)
                for (key, access) in Self.catalog where closed.contains(access) {
                    let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
                    let path = Self.path(parts[1], id: id)
                    let response = parts[0] == "GET" ? try await browser.get(path)
                        : try await browser.post(path, form: ["confirmed": "1", "name": "被篡改", "uscc": "x",
                                                              "region_code": "210211"], csrfFrom: "/workbench")
                    #expect(response.status == .forbidden, "\(account) \(key) → \(response.status.code)")
                }
                #expect(try await browser.post("/exports/enterprises", form: [:]).status == .forbidden)
            }
            #expect(try await Enterprise.find(id, on: app.db)?.name == Fixtures.enterpriseCodes["e1"]?.name)
        }
    }

    @Test("内容管理的每一条路由只对平台管理员和火炬中心开放，其他角色 403 且内容不变")
    func contentRoutesAreForEditors() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            try await ContentDemo.ensure(on: app.db, now: app.clock.now())
            let draft = try #require(try await Article.query(on: app.db).filter(\.$section == .notices).first())
            draft.status = .draft
            try await draft.save(on: app.db)
            let id = try #require(draft.id)
            let before = try await Article.query(on: app.db).sort(\.$id).all().map { "\($0.id ?? 0)|\($0.title)|\($0.status.rawValue)" }
            for (account, role) in Fixtures.accounts where ![.platformAdmin, .national].contains(role) {
                let browser = Browser(app)
                try await browser.login(account)
                for (key, access) in Self.catalog where access == .contentEditors {
                    let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
                    let path = Self.path(parts[1], id: id)
                    let response = parts[0] == "GET" ? try await browser.get(path)
                        : try await browser.post(path, form: ["confirmed": "1", "section": "notices", "title": "被篡改",
                                                              "body": "被篡改", "publisher": "x"])
                    #expect(response.status == .forbidden, "\(account) \(key) → \(response.status.code)")
                }
            }
            let after = try await Article.query(on: app.db).sort(\.$id).all().map { "\($0.id ?? 0)|\($0.title)|\($0.status.rawValue)" }
            #expect(after == before)
        }
    }

    @Test("企业账号不能使用政府端路由，政府账号不能使用企业端路由")
    func roleSeparation() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try fixtures.enterprise("e1")
            let enterprise = Browser(app)
            try await enterprise.login("ent-e1")
            for (key, access) in Self.catalog where access == .government {
                let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
                let path = Self.path(parts[1], id: id)
                let response = parts[0] == "GET" ? try await enterprise.get(path)
                    : try await enterprise.post(path, form: ["name": "被篡改", "uscc": "x", "region_code": "210211"])
                #expect(response.status == .forbidden, "ent-e1 \(key) → \(response.status.code)")
            }
            #expect(try await Enterprise.find(id, on: app.db)?.name == Fixtures.enterpriseCodes["e1"]?.name)
            let county = Browser(app)
            try await county.login("county-gjz")
            #expect(try await county.get("/my/enterprise").status == .forbidden)
        }
    }

    @Test("企业只看到自己的企业信息")
    func enterpriseSeesItself() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            for (account, own, other) in [("ent-e1", "e1", "e2"), ("ent-e2", "e2", "e1")] {
                let browser = Browser(app)
                try await browser.login(account)
                let page = try await browser.get("/my/enterprise")
                #expect(page.status == .ok)
                #expect(page.body.string.contains(Fixtures.enterpriseCodes[own]?.name ?? "?"))
                #expect(!page.body.string.contains(Fixtures.enterpriseCodes[other]?.name ?? "?"))
            }
        }
    }

    @Test("每个角色读取企业：列表、详情、编辑页只含范围内企业，范围外一律 404")
    func readsFollowScope() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            for (account, role) in Fixtures.accounts where role != .enterprise {
                let browser = Browser(app)
                try await browser.login(account)
                let expected = Fixtures.visible[account] ?? []
                let list = try await browser.get("/enterprises?per=100")
                #expect(list.status == .ok)
                for key in ["e1", "e2", "e3", "e4", "e5"] {
                    let name = Fixtures.enterpriseCodes[key]?.name ?? "?"
                    let id = try fixtures.enterprise(key)
                    #expect(list.body.string.contains(name) == expected.contains(key), "\(account) list \(key)")
                    let detail = try await browser.get("/enterprises/\(id)")
                    #expect(detail.status == (expected.contains(key) ? .ok : .notFound), "\(account) detail \(key)")
                    #expect(detail.body.string.contains(name) == expected.contains(key), "\(account) detail body \(key)")
                    let edit = try await browser.get("/enterprises/\(id)/edit")
                    #expect(edit.status == (expected.contains(key) ? .ok : .notFound), "\(account) edit \(key)")
                }
                let missing = try await browser.get("/enterprises/999999")
                #expect(missing.status == .notFound, "a missing id looks the same as an out-of-scope one")
            }
        }
    }

    @Test("每个角色通过接口读取企业：令牌的数据范围与页面一致")
    func apiReadsFollowScope() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            struct Page: Decodable {
                struct Item: Decodable { let id: Int }
                let items: [Item]
                let total: Int
            }
            for (account, _) in Fixtures.accounts {
                let token = try await Fixtures.token(for: account, on: app)
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: token)
                let list = try await app.testing().sendRequest(.GET, "/api/v1/enterprises?per=100", headers: headers)
                #expect(list.status == .ok, "\(account)")
                let page = try list.content.decode(Page.self)
                let expectedIDs = Set(try (Fixtures.visible[account] ?? []).map { try fixtures.enterprise($0) })
                #expect(Set(page.items.map(\.id)) == expectedIDs, "\(account) API list")
                #expect(page.total == expectedIDs.count, "\(account) API total")
                for key in ["e1", "e2", "e3", "e4", "e5"] {
                    let id = try fixtures.enterprise(key)
                    let detail = try await app.testing().sendRequest(.GET, "/api/v1/enterprises/\(id)", headers: headers)
                    #expect(detail.status == (expectedIDs.contains(id) ? .ok : .notFound), "\(account) API detail \(key)")
                    if !expectedIDs.contains(id) {
                        #expect(detail.body.string.contains("\"code\":\"not_found\""))
                    }
                }
            }
        }
    }

    @Test("每个角色修改企业：范围内可改，范围外 404 且数据不变，不能把企业移出自己的范围")
    func updatesFollowScope() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            for (account, role) in Fixtures.accounts where role != .enterprise {
                let browser = Browser(app)
                try await browser.login(account)
                let expected = Fixtures.visible[account] ?? []
                for key in ["e1", "e2", "e3", "e4", "e5"] {
                    let id = try fixtures.enterprise(key)
                    let before = try #require(try await Enterprise.find(id, on: app.db))
                    let newName = "\(key)-改名-\(account)"
                    let response = try await browser.post("/enterprises/\(id)", form: [
                        "uscc": before.uscc, "name": newName, "region_code": before.regionCode,
                        "zone": before.zoneID.map(String.init) ?? "", "industry_code": "C39", "tech_field": "1",
                        "registered_on": "2018-05-01", "status": "active",
                    ], csrfFrom: "/workbench")
                    let after = try await Enterprise.find(id, on: app.db)
                    if expected.contains(key) {
                        #expect(response.status == .seeOther, "\(account) update \(key): \(Browser.alertText(response.body.string) ?? "")")
                        #expect(after?.name == newName)
                        let audited = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.update.rawValue)
                            .filter(\.$targetID == String(id)).filter(\.$account == account).count()
                        #expect(audited == 1, "\(account)'s update of \(key) is audited")
                    } else {
                        #expect(response.status == .notFound, "\(account) update \(key) → \(response.status.code)")
                        #expect(after?.name == before.name)
                    }
                }
            }
            // A county user cannot move its enterprise into another county through the form field.
            let county = Browser(app)
            try await county.login("county-gjz")
            let id = try fixtures.enterprise("e1")
            let e1 = try #require(try await Enterprise.find(id, on: app.db))
            let move = try await county.post("/enterprises/\(id)", form: [
                "uscc": e1.uscc, "name": e1.name, "region_code": "500112", "status": "active",
            ], csrfFrom: "/workbench")
            #expect(move.status == .unprocessableEntity)
            #expect(move.body.string.contains("超出您的管辖范围"))
            #expect(try await Enterprise.find(id, on: app.db)?.regionCode == "210211")
            // A zone user cannot hand its enterprise to another zone.
            let zone = Browser(app)
            try await zone.login("zone-dl")
            let otherZone = fixtures.organizations["zone-cq"] ?? 0
            let hop = try await zone.post("/enterprises/\(id)", form: [
                "uscc": e1.uscc, "name": e1.name, "region_code": e1.regionCode, "zone": String(otherZone),
                "status": "active",
            ], csrfFrom: "/workbench")
            #expect(hop.status == .seeOther, "the zone field is not the zone user's to choose")
            #expect(try await Enterprise.find(id, on: app.db)?.zoneID == fixtures.organizations["zone-dl"])
            // A city user cannot hand its enterprise to another city's zone (which would open it to that zone).
            let city = Browser(app)
            try await city.login("city-dl")
            let e2ID = try fixtures.enterprise("e2")
            let e2 = try #require(try await Enterprise.find(e2ID, on: app.db))
            let handOver = try await city.post("/enterprises/\(e2ID)", form: [
                "uscc": e2.uscc, "name": e2.name, "region_code": e2.regionCode, "zone": String(otherZone),
                "status": "active",
            ], csrfFrom: "/workbench")
            #expect(handOver.status == .unprocessableEntity)
            #expect(handOver.body.string.contains("不在同一城市"))
            #expect(try await Enterprise.find(e2ID, on: app.db)?.zoneID == nil)
            // Nor can a zone user move its enterprise out of its city (the zone scope itself ignores regions).
            let away = try await zone.post("/enterprises/\(id)", form: [
                "uscc": e1.uscc, "name": e1.name, "region_code": "500112", "status": "active",
            ], csrfFrom: "/workbench")
            #expect(away.status == .unprocessableEntity)
            #expect(try await Enterprise.find(id, on: app.db)?.regionCode == "210211")
        }
    }

    @Test("每个角色新增企业：只能新增在自己范围内")
    func createsFollowScope() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let attempts: [(account: String, region: String, allowed: Bool)] = [
                ("admin", "500109", true), ("national", "110108", true), ("prov-ln", "210212", true),
                ("prov-ln", "500112", false), ("city-dl", "210213", true), ("city-dl", "210311", false),
                ("county-gjz", "210211", true), ("county-gjz", "210212", false), ("county-yb", "500112", true),
                ("county-yb", "500109", false), ("zone-dl", "210211", true), ("incubator-dl", "210211", true),
                ("zone-dl", "500112", false), ("incubator-dl", "110108", false),
            ]
            for (index, attempt) in attempts.enumerated() {
                let browser = Browser(app)
                try await browser.login(attempt.account)
                let code = Fixtures.uscc(region: attempt.region, serial: "n\(index)x")
                let response = try await browser.post("/enterprises", form: [
                    "uscc": code, "name": "新增测试\(index)有限公司", "region_code": attempt.region,
                ], csrfFrom: "/workbench")
                let created = try await Enterprise.query(on: app.db).filter(\.$uscc == code).first()
                if attempt.allowed {
                    #expect(response.status == .seeOther, "\(attempt.account) → \(attempt.region): \(Browser.alertText(response.body.string) ?? "")")
                    #expect(created != nil)
                } else {
                    #expect(response.status == .unprocessableEntity, "\(attempt.account) → \(attempt.region)")
                    #expect(created == nil)
                }
            }
            let denied = try await AuditEntry.query(on: app.db).filter(\.$outcome == AuditOutcome.denied.rawValue)
                .filter(\.$action == AuditAction.create.rawValue).count()
            #expect(denied == 6)
            let created = try await AuditEntry.query(on: app.db).filter(\.$outcome == AuditOutcome.success.rawValue)
                .filter(\.$action == AuditAction.create.rawValue).filter(\.$targetType == "enterprise").all()
            #expect(created.count == attempts.filter(\.allowed).count, "every creation is audited with its target")
            #expect(created.allSatisfy { $0.targetID != nil && $0.account != nil && $0.ip != nil })
            // Zone and incubator users' enterprises land in their own zone / incubator.
            let zoneCreated = try await Enterprise.query(on: app.db).filter(\.$name == "新增测试10有限公司").first()
            #expect(zoneCreated?.zoneID != nil)
            let incubatorCreated = try await Enterprise.query(on: app.db).filter(\.$name == "新增测试11有限公司").first()
            #expect(incubatorCreated?.incubatorID != nil)
        }
    }

    @Test("合作金融机构账号：页面上除公开页与个人账号页外一律 403，接口里看不到任何企业")
    func partnerSeesNoEnterprise() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let bank = User(account: "bank", name: "测试银行", role: .partner, organizationID: nil, enterpriseID: nil,
                            phone: "13800138009", passwordHash: try await app.password.async.hash(Fixtures.password),
                            mustChangePassword: false, now: app.clock.now())
            try await bank.create(on: app.db)
            let id = try fixtures.enterprise("e1")
            let browser = Browser(app)
            try await browser.login("bank")
            let home = try await browser.get("/workbench")
            #expect(home.status == .ok, "the partner has a shell, so refusals below are about role, not the CSRF token")
            #expect(home.body.string.contains("csrf"))
            let closed: Set<Access> = [.government, .enterpriseOnly, .adminOnly, .importers, .pointsManagers, .contentEditors,
                                       .securityAdminOnly, .auditAdminOnly]
            for (key, access) in Self.catalog where closed.contains(access) {
                let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
                let path = Self.path(parts[1], id: id)
                let response = parts[0] == "GET" ? try await browser.get(path)
                    : try await browser.post(path, form: ["confirmed": "1", "name": "被篡改", "uscc": "x",
                                                          "region_code": "210211"], csrfFrom: "/workbench")
                #expect(response.status == .forbidden, "bank \(key) → \(response.status.code)")
            }
            #expect(try await Enterprise.find(id, on: app.db)?.name == Fixtures.enterpriseCodes["e1"]?.name)
            #expect(try await browser.post("/exports/enterprises", form: [:]).status == .forbidden)

            let token = try await Fixtures.token(for: "bank", on: app)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            let list = try await app.testing().sendRequest(.GET, "/api/v1/enterprises", headers: headers)
            #expect(list.body.string.contains("\"total\":0"))
            for key in ["e1", "e2", "e3", "e4", "e5"] {
                let one = try await app.testing().sendRequest(.GET, "/api/v1/enterprises/\(try fixtures.enterprise(key))",
                                                              headers: headers)
                #expect(one.status == .notFound, "bank reads \(key)")
            }
        }
    }

    @Test("无法推导数据范围的账号什么也看不到")
    func underivableScopeSeesNothing() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            // A county account whose organisation was removed from it.
            let user = try #require(try await User.query(on: app.db).filter(\.$account == "county-gjz").first())
            user.organizationID = nil
            try await user.save(on: app.db)
            let browser = Browser(app)
            try await browser.login("county-gjz")
            let list = try await browser.get("/enterprises")
            #expect(list.status == .ok)
            #expect(list.body.string.contains("没有符合条件的企业"))
            let token = try await Fixtures.token(for: "county-gjz", on: app)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            let api = try await app.testing().sendRequest(.GET, "/api/v1/enterprises", headers: headers)
            #expect(api.body.string.contains("\"total\":0"))
        }
    }
}
