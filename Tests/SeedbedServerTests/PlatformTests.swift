import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Spreadsheet
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("平台、接口与错误处理")
struct PlatformTests {
    @Test("首页为中文，含导航与企业业务、管理部门业务入口")
    func home() async throws {
        try await withSeedbedApp { app in
            let page = try await Browser(app).get("/")
            #expect(page.status == .ok)
            let html = page.body.string
            for text in ["科技企业创新积分与梯度培育平台", "首页", "通知公告", "政策文件", "操作说明", "金融超市", "登录", "企业业务", "管理部门业务"] {
                #expect(html.contains(text), "home shows \(text)")
            }
            #expect(html.contains(#"lang="zh""#))
            #expect(page.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
            #expect(page.headers.first(name: "X-Frame-Options") == "DENY")
        }
    }

    @Test("样式与脚本由平台自身提供，页面不引用任何外部资源")
    func assetsAreLocal() async throws {
        try await withSeedbedApp { app in
            let browser = Browser(app)
            let css = try await browser.get("/static/app.css")
            #expect(css.status == .ok)
            #expect(css.headers.contentType?.subType == "css")
            let etag = try #require(css.headers.first(name: .eTag))
            let cached = try await browser.get("/static/app.css", headers: [HTTPHeaders.Name.ifNoneMatch.description: etag])
            #expect(cached.status == .notModified)
            #expect(try await browser.get("/static/app.js").status == .ok)
            #expect(try await browser.get("/static/../Package.swift").status == .notFound)
            // Every page names its icon; without it browsers ask for /favicon.ico and log the 404 as an error.
            let icon = try await browser.get("/static/favicon.svg")
            #expect(icon.status == .ok)
            #expect(icon.headers.contentType?.subType == "svg+xml")
            for path in ["/", "/login", "/password/forgot"] {
                let html = try await browser.get(path).body.string
                // No stylesheet, script, image, frame or font comes from elsewhere; the only external addresses are
                // links out (the 创客大赛 entrance), opened as leaving the platform.
                let loadsExternal = html.contains(/<(script|link|img|iframe|source)[^>]*(src|href)="(https?:)?\/\//)
                    || html.contains(/url\((["']?)(https?:)?\/\//)
                #expect(!loadsExternal, "\(path) loads no external resource")
                for link in html.matches(of: /<a [^>]*href="https?:[^>]*>/) {
                    #expect(link.output.contains("rel=\"noopener noreferrer\""), "\(path): \(link.output) leaves as such")
                }
                #expect(html.contains(#"<link rel="icon" type="image/svg+xml" href="/static/favicon.svg"/>"#),
                        "\(path) names its icon")
            }
        }
    }

    @Test("不存在的页面显示中文 404 页，不含堆栈或 SQL")
    func notFoundPage() async throws {
        try await withSeedbedApp { app in
            let page = try await Browser(app).get("/no/such/page")
            #expect(page.status == .notFound)
            #expect(page.body.string.contains("页面不存在"))
            #expect(page.headers.contentType == .html)
        }
    }

    @Test("格式错误的请求得到中文错误，进程不崩溃")
    func badRequestsDoNotCrash() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            try await browser.login("admin")
            let token = try await browser.csrfToken(from: "/workbench")
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.add(name: "X-CSRF-Token", value: token)
            headers.add(name: "X-Forwarded-For", value: browser.ip)
            headers.add(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            let garbage = try await app.testing().sendRequest(.POST, "/enterprises", headers: headers,
                                                              body: ByteBuffer(string: "{not json"))
            #expect(garbage.status == .badRequest)
            #expect(garbage.body.string.contains("请求格式不正确"))
            #expect(!garbage.body.string.contains("DecodingError"))
            for path in ["/enterprises/abc", "/enterprises/-1", "/enterprises/99999999999999999999", "/admin/users/0"] {
                #expect(try await browser.get(path).status == .notFound, "\(path)")
            }
            let weird = try await browser.get("/enterprises?page=-5&per=100000&q=%25_%5C&field=99&section=ZZ")
            #expect(weird.status == .ok)
            #expect(try await browser.get("/healthz").status == .ok, "the process is still serving")
        }
    }

    /// A test-only error for the one class no domain error has yet.
    private struct ForbiddenProbe: CodedError {
        var code: String { "probe.forbidden" }
        var message: String { "您不能查看该数据" }
        var failure: FailureKind { .forbidden }
    }

    /// One domain error of each class, the status and message it must reach the person with.
    static let escapedErrors: [(name: String, error: any CodedError, status: HTTPResponseStatus, code: String, message: String)] = [
        ("invalid", RuleError.parameterNotInteger(label: "成立年限"), .unprocessableEntity, "rules.parameter_not_integer",
         "“成立年限”应填写整数"),
        ("conflict", WorkflowError.staleVersion, .conflict, "workflow.stale_version",
         "该材料已被修改或已被其他审核人处理，请刷新后重试"),
        ("notFound", RuleError.unknownLibrary("nowhere"), .notFound, "rules.unknown_library", "没有名为“nowhere”的培育库"),
        ("forbidden", ForbiddenProbe(), .forbidden, "probe.forbidden", "您不能查看该数据"),
        ("spreadsheet", SpreadsheetError.notXLSX, .unprocessableEntity, "xlsx.not_xlsx", "文件不是有效的 Excel（.xlsx）文件"),
        // The detail of an internal failure is for the log, not the page.
        ("internal", WorkflowError.corruptFiling("第 3 步不存在"), .internalServerError, "internal_error", "服务器内部错误，请稍后再试"),
    ]

    @Test("未被捕获的领域错误按类别得到正确的状态码与中文信息：页面为错误页，接口为 JSON",
          arguments: PlatformTests.escapedErrors.indices)
    func escapedDomainErrors(index: Int) async throws {
        let expected = Self.escapedErrors[index]
        try await withSeedbedApp { app in
            let error = expected.error
            app.get("probe", "error") { _ -> String in throw error }
            app.get("api", "v1", "probe", "error") { _ -> String in throw error }

            let page = try await Browser(app).get("/probe/error")
            #expect(page.status == expected.status, "\(expected.name) page")
            #expect(page.headers.contentType == .html)
            #expect(page.body.string.contains(expected.message), "\(expected.name) page shows the message")
            #expect(!page.body.string.contains("第 3 步不存在"), "an internal detail stays in the log")

            let api = try await app.testing().sendRequest(.GET, "/api/v1/probe/error")
            #expect(api.status == expected.status, "\(expected.name) API")
            #expect(api.headers.contentType == .json)
            let body = try JSONDecoder().decode(APIErrorBody.self, from: Data(buffer: api.body))
            #expect(body.error.code == expected.code)
            #expect(body.error.message == expected.message)
        }
    }

    @Test("健康检查返回 JSON 并检查数据库")
    func health() async throws {
        try await withSeedbedApp { app in
            let response = try await app.testing().sendRequest(.GET, "/healthz")
            #expect(response.status == .ok)
            #expect(response.body.string.contains("\"database\":\"ok\""))
        }
    }

    @Test("接口：令牌缺失、错误或已吊销返回 401 JSON；参数错误返回 400 JSON")
    func apiAuthAndErrors() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let missing = try await app.testing().sendRequest(.GET, "/api/v1/me")
            #expect(missing.status == .unauthorized)
            #expect(missing.headers.contentType == .json)
            #expect(missing.body.string.contains("\"error\":{"))
            var bad = HTTPHeaders()
            bad.bearerAuthorization = BearerAuthorization(token: "sbk_wrong")
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bad).status == .unauthorized)

            let token = try await Fixtures.token(for: "county-yb", on: app)
            var good = HTTPHeaders()
            good.bearerAuthorization = BearerAuthorization(token: token)
            let me = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: good)
            #expect(me.body.string.contains("\"scope\":\"region:500112\""))
            #expect(me.body.string.contains("\"role\":\"county\""), "the role goes out as its stored raw value")
            let badPage = try await app.testing().sendRequest(.GET, "/api/v1/enterprises?page=abc", headers: good)
            #expect(badPage.status == .badRequest)
            #expect(badPage.body.string.contains("\"code\":\"invalid_parameter\""))
            let missingEnterprise = try await app.testing().sendRequest(.GET, "/api/v1/enterprises/x", headers: good)
            #expect(missingEnterprise.status == .notFound)

            if let stored = try await APIToken.query(on: app.db).first() {
                stored.revokedAt = app.clock.now()
                try await stored.save(on: app.db)
            }
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: good).status == .unauthorized)
        }
    }

    @Test("接口列表分页与搜索，电话号码一律脱敏")
    func apiPagination() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let token = try await Fixtures.token(for: "national", on: app)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            let page = try await app.testing().sendRequest(.GET, "/api/v1/enterprises?page=2&per=2", headers: headers)
            #expect(page.body.string.contains("\"total\":5"))
            #expect(page.body.string.contains("\"page\":2"))
            let search = try await app.testing().sendRequest(.GET, "/api/v1/enterprises?q=%E6%B8%9D%E5%8C%97", headers: headers)
            #expect(search.body.string.contains("\"total\":1"))
            let detail = try await app.testing().sendRequest(.GET, "/api/v1/enterprises/\(try fixtures.enterprise("e1"))",
                                                             headers: headers)
            #expect(detail.body.string.contains("139****5678"), "the API answers phones masked, to every role")
            #expect(!detail.body.string.contains("13912345678"))
            let enterpriseToken = try await Fixtures.token(for: "ent-e1", on: app)
            var own = HTTPHeaders()
            own.bearerAuthorization = BearerAuthorization(token: enterpriseToken)
            let mine = try await app.testing().sendRequest(.GET, "/api/v1/enterprises/\(try fixtures.enterprise("e1"))",
                                                           headers: own)
            #expect(mine.body.string.contains("139****5678"))
        }
    }

    @Test("OpenAPI 文档描述每一条 /api/v1 路由")
    func openAPICoversEveryRoute() async throws {
        try await withSeedbedApp { app in
            let response = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            let document = try response.content.decode(JSONValue.self)
            #expect(document["openapi"] == .string("3.0.3"))
            guard case .object(let paths)? = document["paths"] else {
                Issue.record("no paths")
                return
            }
            for route in app.routes.all {
                let components = route.path.map(\.description)
                guard components.starts(with: ["api", "v1"]) else { continue }
                let path = "/" + components.map { $0.hasPrefix(":") ? "{" + $0.dropFirst() + "}" : $0 }.joined(separator: "/")
                #expect(paths[path]?[route.method.rawValue.lowercased()] != nil, "\(route.method.rawValue) \(path) is documented")
            }
        }
    }

    @Test("迁移可回滚并重新执行")
    func migrationsRevertAndRerun() async throws {
        try await withSeedbedApp { app in
            try await app.autoRevert()
            try await app.autoMigrate()
            #expect(try await Organization.query(on: app.db).count() == RegionTable.shipped.regions.count + 1)
        }
    }

    @Test("演示数据：serve --demo 在空库上载入企业与全部演示账号，可按角色登录")
    func demoData() async throws {
        try await withSeedbedApp({ $0.demo = true; $0.demoEnterprises = 300 }) { app in
            try await DemoCommand.loadIfEmpty(app, console: Terminal())
            #expect(try await Enterprise.query(on: app.db).count() == 300)
            let codes = try await Enterprise.query(on: app.db).all().map(\.uscc)
            #expect(codes.allSatisfy { if case .success = USCC.parse($0) { true } else { false } })
            for account in DemoAccounts.all {
                let browser = Browser(app, ip: "10.1.0.\(account.account.count)")
                try await browser.login(account.account, password: DemoAccounts.password)
                let shell = try await browser.get("/workbench")
                #expect(shell.status == .ok, "\(account.account)")
                // Each role lands on its own shell: the sidebar holds its menu and nobody else's.
                let page = shell.body.string
                // Officials have a 我的消息 of their own (/inbox): the enterprise's is told apart by its address.
                let enterpriseMenu = ["基本信息填报", "年度经营信息", "产品信息填报", "企业重大变更", "企业设置"]
                #expect(page.contains("href=\"/my/messages\">我的消息") == (account.role == .enterprise), "\(account.account)")
                #expect(page.contains("href=\"/inbox\">我的消息") == account.role.isGovernment, "\(account.account)")
                let governmentMenu = ["注册审核", "基本信息审核", "年报数据审核", "企业信息查询", "自定义查询"]
                let adminMenu = ["用户管理", "机构管理", "短信记录"]
                let securityMenu = ["密码与锁定策略", "角色分配"]
                let auditMenu = ["登录日志", "操作日志"]
                let officers = adminMenu + securityMenu + auditMenu
                let expected: [String], absent: [String]
                switch account.role {
                case .enterprise: (expected, absent) = (enterpriseMenu, governmentMenu + officers)
                case .platformAdmin: (expected, absent) = (adminMenu, enterpriseMenu + securityMenu + auditMenu)
                case .securityAdmin: (expected, absent) = (securityMenu, enterpriseMenu + governmentMenu + adminMenu + auditMenu)
                case .auditAdmin: (expected, absent) = (auditMenu, enterpriseMenu + governmentMenu + adminMenu + securityMenu)
                case .partner: (expected, absent) = (["金融产品管理", "融资申请"], enterpriseMenu + governmentMenu + officers)
                default: (expected, absent) = (governmentMenu, enterpriseMenu + officers)
                }
                for item in expected { #expect(page.contains(">\(item)<"), "\(account.account) sees \(item)") }
                for item in absent { #expect(!page.contains(">\(item)<"), "\(account.account) must not see \(item)") }
            }
            let enterprise = Browser(app, ip: "10.1.1.1")
            try await enterprise.login("ent-demo", password: DemoAccounts.password)
            #expect(try await enterprise.get("/my/enterprise").body.string.contains(DemoEnterpriseGenerator.showcaseName))
            let yubei = Browser(app, ip: "10.1.1.2")
            try await yubei.login("yubei", password: DemoAccounts.password)
            let list = try await yubei.get("/enterprises?per=100")
            #expect(list.body.string.contains("重庆市渝北区"))
            #expect(!list.body.string.contains("大连市"))
            // Filings and facts for the features that read them: the showcase enterprise has approved basic info
            // and three years of approved reports whose numbers are its facts; some filings wait for review.
            let showcase = try #require(try await Enterprise.query(on: app.db)
                .filter(\.$name == DemoEnterpriseGenerator.showcaseName).first()?.id)
            let approved = try await FilingRecord.query(on: app.db).filter(\.$enterpriseID == showcase)
                .filter(\.$status == FilingStatus.approved).count()
            #expect(approved == 4)
            #expect(try await EnterpriseFacts.years(enterpriseID: showcase, scope: .all, on: app.db).count == 3)
            let pending = try await FilingRecord.query(on: app.db).filter(\.$pendingReviewer != nil).count()
            #expect(pending > 0)
            let mine = try await enterprise.get("/my/annual-reports")
            #expect(mine.body.string.contains("审核通过"))
            // A second start does not load again.
            try await DemoCommand.loadIfEmpty(app, console: Terminal())
            #expect(try await Enterprise.query(on: app.db).count() == 300)
        }
    }

    @Test("导出行数超过 SEEDBED_EXPORT_DIRECT_ROWS 时转为后台任务，完成后从任务页下载")
    func exportAboveTheConfiguredRowsRunsAsAJob() async throws {
        #expect(try AppConfig.fromEnvironment([:]).exportDirectRows == 10_000)
        #expect(try AppConfig.fromEnvironment(["SEEDBED_EXPORT_DIRECT_ROWS": "50"]).exportDirectRows == 50)
        #expect(throws: ConfigError.self) { try AppConfig.fromEnvironment(["SEEDBED_EXPORT_DIRECT_ROWS": "many"]) }
        try await withSeedbedApp({ $0.exportDirectRows = 0 }) { app in
            _ = try await Fixtures.make(app)
            let county = Browser(app, ip: "10.12.0.1")
            try await county.login("county-gjz")
            let started = try await county.post("/exports/enterprises", form: [:])
            #expect(started.status == .seeOther)
            let location = try #require(started.headers.first(name: .location))
            #expect(location.hasPrefix("/jobs/"))
            try await app.jobs.drain(app)
            let page = try await county.get(location).body.string
            #expect(page.contains("已完成") && page.contains("下载文件"))
            let file = try await county.get(location + "/download")
            #expect(file.status == .ok)
            #expect(file.headers.first(name: .contentType)?.contains("spreadsheetml") == true)
        }
    }
}
