import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// What an attacker tried (issue "Hardening"): a request that traps the process, counters that lose a race,
/// bodies read before anyone is known, anonymous forms run in a loop. Each test failed before its fix.
@Suite("加固：崩溃、竞争与滥用")
struct HardeningTests {
    // MARK: Numbers from requests

    @Test("分步表单提交 step=Int.max 不会让服务器崩溃，页面照常可用")
    func steppedFormWithHugeStep() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let owner = Browser(app, ip: "10.8.0.1")
            try await owner.login("ent-e1")
            for step in [String(Int.max), String(Int.min), "-1", "1e309", "NaN", "99999999999999999999999"] {
                for action in ["next", "prev", "save", "submit"] {
                    let response = try await owner.post("/my/basic-info", form: ["action": action, "step": step],
                                                        csrfFrom: "/my/basic-info")
                    #expect(response.status.code < 500, "step=\(step) action=\(action)")
                }
            }
            for year in [String(Int.max), "-1", "NaN", "2024.5"] {
                let annual = try await owner.post("/my/annual-reports", form: ["year": year], csrfFrom: "/my/annual-reports")
                #expect(annual.status.code < 500)
                #expect(annual.location == "/my/annual-reports", "year \(year) is refused")
            }
            #expect(try await owner.get("/my/basic-info").status == .ok)
        }
    }

    @Test("路径与查询参数中的超大整数得到 404 或 400，而不是崩溃")
    func hugeNumbersInPathAndQuery() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let city = Browser(app, ip: "10.8.0.2")
            try await city.login("city-dl")
            for path in ["/enterprises/\(Int.max)", "/enterprises/-1", "/reviews/99999999999999999999",
                         "/enterprises?page=\(Int.max)&per=\(Int.max)", "/reviews?year=\(Int.max)",
                         "/overview?zone=\(Int.max)&field=\(Int.max)", "/points/results?page=-5"] {
                let response = try await city.get(path)
                #expect(response.status.code < 500, "\(path)")
            }
            let token = try await Fixtures.token(for: "city-dl", on: app)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            for path in ["/api/v1/enterprises?page=\(Int.max)", "/api/v1/enterprises?per=100000",
                         "/api/v1/enterprises/\(Int.max)/facts?year=\(Int.max)", "/api/v1/filings?year=1e309"] {
                let response = try await app.testing().sendRequest(.GET, path, headers: headers)
                #expect(response.status.code < 500, "\(path)")
                #expect(response.status != .ok || path.contains("page="), "\(path) is refused, not clamped")
            }
        }
    }

    // MARK: Counters under a burst

    /// Many browsers, each with its own CSRF cookie and token, posting at once.
    static func burst(_ app: Application, count: Int, path: String, csrfFrom: String,
                      form: @escaping @Sendable (Int) -> [String: String]) async throws -> [HTTPResponseStatus] {
        var browsers: [Browser] = []
        var tokens: [String] = []
        for index in 0..<count {
            let browser = Browser(app, ip: "10.9.\(index / 200).\(index % 200 + 1)")
            tokens.append(try await browser.csrfToken(from: csrfFrom))
            browsers.append(browser)
        }
        let prepared = Array(zip(browsers, tokens))
        return try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
            for (index, (browser, token)) in prepared.enumerated() {
                group.addTask {
                    var fields = form(index)
                    fields["_csrf"] = token
                    return try await browser.post(path, form: fields, csrf: false).status
                }
            }
            var statuses: [HTTPResponseStatus] = []
            for try await status in group { statuses.append(status) }
            return statuses
        }
    }

    @Test("64 个并发的错误密码登录同一账号：最多检查 5 次，之后正确密码也被锁定")
    func parallelLoginsCheckAtMostTheLimit() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let statuses = try await Self.burst(app, count: 64, path: "/login", csrfFrom: "/login") { index in
                ["account": "county-gjz", "password": "Wrong@pass\(index)"]
            }
            #expect(statuses.allSatisfy { $0.code < 500 })
            let checked = try await LoginAttempt.query(on: app.db).filter(\.$account == "county-gjz")
                .filter(\.$reason == "bad_password").count()
            #expect(checked == 5, "passwords checked in the burst: \(checked)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 60)
            let late = try await Browser(app, ip: "10.9.9.9").post("/login", form: ["account": "county-gjz",
                                                                                   "password": Fixtures.password])
            #expect(late.status == .tooManyRequests, "the right password after the burst still meets the lock")
        }
    }

    @Test("64 个并发的错误找回验证码：最多检查 5 次，正确的验证码随后失效；64 个并发的正确验证码只有一个生效")
    func parallelResetCodesCheckAtMostTheLimit() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            _ = try await Browser(app, ip: "10.9.8.1").post("/password/forgot", form: [
                "account": "city-dl", "phone": "13800138000",
            ], csrfFrom: "/password/forgot")
            let message = try #require(app.sentTexts.first)
            let code = try #require(Browser.extract(#"验证码 (\d{6})"#, from: message.content))
            let wrong = code == "000000" ? "111111" : "000000"
            let statuses = try await Self.burst(app, count: 64, path: "/password/reset", csrfFrom: "/password/reset") { _ in
                ["account": "city-dl", "code": wrong, "new": "Reset#2026ab", "confirm": "Reset#2026ab"]
            }
            #expect(statuses.allSatisfy { $0.code < 500 })
            let pending = try #require(try await PasswordResetCode.query(on: app.db).first())
            #expect(pending.attempts == 5, "tries counted: \(pending.attempts)")
            let late = try await Browser(app, ip: "10.9.8.2").post("/password/reset", form: [
                "account": "city-dl", "code": code, "new": "Reset#2026ab", "confirm": "Reset#2026ab",
            ], csrfFrom: "/password/reset")
            #expect(late.body.string.contains("验证码无效或已过期"))

            // A fresh code, sent to 64 requests at once: one of them resets the password.
            app.clock.advance(by: 61)
            _ = try await Browser(app, ip: "10.9.8.3").post("/password/forgot", form: [
                "account": "city-dl", "phone": "13800138000",
            ], csrfFrom: "/password/forgot")
            let second = try #require(app.sentTexts.last)
            let fresh = try #require(Browser.extract(#"验证码 (\d{6})"#, from: second.content))
            let winners = try await Self.burst(app, count: 64, path: "/password/reset", csrfFrom: "/password/reset") { _ in
                ["account": "city-dl", "code": fresh, "new": "Winner#2026ab", "confirm": "Winner#2026ab"]
            }
            #expect(winners.filter { $0 == .seeOther }.count == 1)
            let resets = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.passwordReset.rawValue)
                .filter(\.$outcome == "success").count()
            #expect(resets == 1)
        }
    }

    // MARK: Abuse without an account

    @Test("找回密码失败不计入账号的登录锁定：任何人都不能借此锁住管理员")
    func forgotPasswordDoesNotLockTheAccount() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            for index in 0..<8 {
                let stranger = Browser(app, ip: "198.51.100.\(index + 1)")
                let response = try await stranger.post("/password/forgot", form: ["account": "admin", "phone": "1390000000\(index)"],
                                                       csrfFrom: "/password/forgot")
                #expect(response.body.string.contains("不匹配"))
            }
            try await Browser(app, ip: "10.9.7.1").login("admin")
        }
    }

    @Test("找回密码与企业注册按来源地址限流：一小时内超过 10 次即 429，其他地址不受影响")
    func anonymousFormsAreRateLimited() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let bot = Browser(app, ip: "203.0.113.7")
            var last: TestingHTTPResponse?
            for index in 0..<11 {
                last = try await bot.post("/password/forgot", form: ["account": "guess\(index)", "phone": "13900000000"],
                                          csrfFrom: "/password/forgot")
            }
            #expect(last?.status == .tooManyRequests)
            #expect(last?.body.string.contains("操作过于频繁") == true)
            let neighbour = try await Browser(app, ip: "203.0.113.8").post("/password/forgot", form: [
                "account": "guess", "phone": "13900000000",
            ], csrfFrom: "/password/forgot")
            #expect(neighbour.status == .unprocessableEntity)

            var register: TestingHTTPResponse?
            for _ in 0..<11 {
                register = try await bot.upload("/register", form: ["name": "刷注册"], file: ("business_licence", "", Data()),
                                                csrfFrom: "/register")
            }
            #expect(register?.status == .tooManyRequests)
            app.clock.advance(by: 3601)
            let later = try await bot.post("/password/forgot", form: ["account": "guess", "phone": "13900000000"],
                                           csrfFrom: "/password/forgot")
            #expect(later.status == .unprocessableEntity, "the window ends after an hour")
        }
    }

    @Test("开启验证码时找回密码与注册页面要求验证码")
    func anonymousFormsShowACaptcha() async throws {
        try await withSeedbedApp({ $0.captchaEnabled = true }) { app in
            let visitor = Browser(app, ip: "10.9.6.1")
            #expect(try await visitor.get("/password/forgot").body.string.contains("captchaID"))
            #expect(try await visitor.get("/register").body.string.contains("captchaID"))
            let response = try await visitor.post("/password/forgot", form: ["account": "admin", "phone": "13800138000"],
                                                  csrfFrom: "/password/forgot")
            #expect(response.body.string.contains("验证码错误"))
            #expect(try await SMSMessage.query(on: app.db).count() == 0)
        }
    }

    @Test("登录后跳转只接受本站路径", arguments: [
        ("/workbench", true), ("/enterprises?q=%E5%A4%A7", true), ("//evil.example", false), ("/\\evil.example", false),
        ("/\t/evil.example", false), ("/\n/evil.example", false), ("/\r/evil.example", false), (" /workbench", false),
        ("https://evil.example", false), ("/login?next=/x", false), ("/a\\b", false), ("/\u{7F}/x", false),
    ])
    func safeNext(next: String, allowed: Bool) {
        #expect((LoginController.safeNext(next) != nil) == allowed)
    }

    @Test("被拒绝的重大变更不留下上传的文件")
    func refusedMajorChangeLeavesNoFile() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await EnterpriseRecordsTests.recognise(app, fixtures)
            let owner = Browser(app, ip: "10.9.5.1")
            try await owner.login("ent-e2")
            let before = try await StoredFile.query(on: app.db).count()
            for _ in 0..<3 {
                let refused = try await owner.upload("/my/changes", form: [
                    "change_type": "1", "before_value": "旧", "after_value": "新", "change_date": "2999-01-01",
                    "description": "未来的日期", "action": "submit",
                ], file: ("proof", "证明.pdf", Data("%PDF-1.4 \(UUID().uuidString)".utf8)), csrfFrom: "/my/changes/new")
                #expect(refused.status == .unprocessableEntity)
            }
            #expect(try await StoredFile.query(on: app.db).count() == before)
        }
    }

    // MARK: Bodies before the route and the token

    @Test("上传的 CSRF 令牌只在网址中有效：令牌放在请求体里的上传被拒绝，且不读取请求体")
    func uploadTokenTravelsInTheURL() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let owner = Browser(app, ip: "10.9.4.1")
            try await owner.login("ent-e1")
            let token = try await owner.csrfToken(from: "/my/basic-info")
            let boundary = "----hardening"
            var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n".utf8)
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nsave\r\n--\(boundary)--\r\n".utf8))
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            headers.replaceOrAdd(name: .cookie, value: owner.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            headers.replaceOrAdd(name: "X-Forwarded-For", value: owner.ip)
            let response = try await app.testing().sendRequest(.POST, "/my/basic-info", headers: headers,
                                                               body: ByteBuffer(data: body))
            #expect(response.status == .forbidden)
        }
    }

    @Test("不存在的路径收到 POST 时直接 404，不先读取请求体")
    func postToUnknownPathIsNotRead() async throws {
        try await withSeedbedApp { app in
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=x")
            headers.replaceOrAdd(name: .cookie, value: "seedbed_csrf=anything")
            let large = ByteBuffer(repeating: UInt8(ascii: "a"), count: 3 * 1024 * 1024)
            let response = try await app.testing().sendRequest(.POST, "/no/such/path", headers: headers, body: large)
            #expect(response.status == .notFound)
        }
    }

    // MARK: The API takes tokens only

    @Test("接口只认令牌：已登录浏览器的会话 Cookie 访问 /api/v1 得到 401")
    func apiRefusesSessionCookies() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let city = Browser(app, ip: "10.9.3.1")
            try await city.login("city-dl")
            #expect(try await city.get("/workbench").status == .ok)
            #expect(try await city.get("/api/v1/me").status == .unauthorized)
            #expect(try await city.get("/api/v1/enterprises").status == .unauthorized)
        }
    }

    @Test("演示账号的令牌只在演示模式下有效")
    func demoTokensOnlyInDemoMode() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let token = try await Fixtures.token(for: "city-dl", on: app)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: headers).status == .ok)
            let user = try #require(try await User.query(on: app.db).filter(\.$account == "city-dl").first())
            user.isDemo = true
            try await user.save(on: app.db)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: headers).status == .unauthorized)
        }
    }
}
