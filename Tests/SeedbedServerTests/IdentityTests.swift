import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("登录、会话与密码")
struct IdentityTests {
    @Test("正确的账号密码登录后进入工作台，会话 Cookie 为 HttpOnly 与 SameSite=Lax")
    func loginSucceeds() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            let response = try await browser.post("/login", form: ["account": "city-dl", "password": Fixtures.password])
            #expect(response.status == .seeOther)
            #expect(response.location == "/workbench")
            let cookie = response.headers[.setCookie].first { $0.hasPrefix(SessionAuthenticator.cookieName + "=") } ?? ""
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.lowercased().contains("samesite=lax"))
            #expect(!cookie.contains("Secure"), "plain HTTP must not get a Secure cookie")
            let workbench = try await browser.get("/workbench")
            #expect(workbench.status == .ok)
            #expect(workbench.body.string.contains("市级管理部门"))
            #expect(workbench.body.string.contains("企业信息查询"))
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.loginSuccess.rawValue).all()
            #expect(audit.count == 1)
            #expect(audit.first?.account == "city-dl")
            #expect(audit.first?.ip == "10.0.0.1")
        }
    }

    @Test("经 TLS 反向代理访问时会话 Cookie 带 Secure")
    func secureCookieBehindTLS() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            let token = try await browser.csrfToken(from: "/login")
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            headers.add(name: "X-Forwarded-Proto", value: "https")
            headers.add(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            let body = "account=city-dl&password=\(Browser.encode(Fixtures.password))&_csrf=\(Browser.encode(token))"
            let response = try await app.testing().sendRequest(.POST, "/login", headers: headers,
                                                               body: ByteBuffer(string: body))
            #expect(response.status == .seeOther)
            let cookie = response.headers[.setCookie].first { $0.hasPrefix(SessionAuthenticator.cookieName + "=") } ?? ""
            #expect(cookie.contains("Secure"))
        }
    }

    @Test("密码错误时提示并记录登录失败，不建立会话")
    func wrongPassword() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            let response = try await browser.post("/login", form: ["account": "city-dl", "password": "Wrong@2026x"])
            #expect(response.status == .unauthorized)
            #expect(response.body.string.contains("账号或密码错误"))
            #expect(browser.cookies[SessionAuthenticator.cookieName] == nil)
            let failures = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.loginFailure.rawValue).count()
            #expect(failures == 1)
            let unknown = try await browser.post("/login", form: ["account": "nobody", "password": "Wrong@2026x"])
            #expect(unknown.body.string.contains("账号或密码错误"), "an unknown account reads like a wrong password")
        }
    }

    @Test("同一账号 15 分钟内失败 5 次即锁定 15 分钟，正确密码也不能登录，期满后恢复")
    func accountLockout() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            for attempt in 1...5 {
                let response = try await browser.post("/login", form: ["account": "county-gjz", "password": "Bad@pass\(attempt)"])
                if attempt < 5 { #expect(response.status == .unauthorized) }
                else {
                    #expect(response.status == .tooManyRequests)
                    #expect(response.body.string.contains("已被暂时锁定"))
                }
            }
            let locked = try await browser.post("/login", form: ["account": "county-gjz", "password": Fixtures.password])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.body.string.contains("分钟后再试"))
            let other = Browser(app, ip: "10.0.0.2")
            let stillLocked = try await other.post("/login", form: ["account": "county-gjz", "password": Fixtures.password])
            #expect(stillLocked.status == .tooManyRequests, "the lock is on the account, whatever the address")
            let lockouts = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.lockout.rawValue).count()
            #expect(lockouts == 1)

            app.clock.advance(by: 15 * 60 + 1)
            try await browser.login("county-gjz")
        }
    }

    @Test("同一 IP 15 分钟内失败 20 次即锁定该 IP，其他 IP 不受影响")
    func ipLockout() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let attacker = Browser(app, ip: "192.0.2.9")
            for attempt in 1...20 {
                // Spread over accounts so no single account locks first.
                let account = "guess\(attempt % 10)"
                _ = try await attacker.post("/login", form: ["account": account, "password": "Bad@pass\(attempt)"])
            }
            let blocked = try await attacker.post("/login", form: ["account": "city-dl", "password": Fixtures.password])
            #expect(blocked.status == .tooManyRequests)
            let neighbour = Browser(app, ip: "192.0.2.10")
            try await neighbour.login("city-dl")
        }
    }

    @Test("锁定阈值与时长可配置")
    func lockoutIsConfigurable() async throws {
        try await withSeedbedApp({ $0.accountLockThreshold = 2; $0.lockDuration = 60 }) { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            _ = try await browser.post("/login", form: ["account": "city-dl", "password": "Bad@pass1"])
            let second = try await browser.post("/login", form: ["account": "city-dl", "password": "Bad@pass2"])
            #expect(second.status == .tooManyRequests)
            app.clock.advance(by: 61)
            try await browser.login("city-dl")
        }
    }

    @Test("验证码：服务器绘制的图片，只能使用一次，2 分钟后失效，输错不能登录")
    func captcha() async throws {
        try await withSeedbedApp({ $0.captchaEnabled = true }) { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            func freshCaptcha() async throws -> (id: String, answer: String) {
                let page = try await browser.get("/login")
                guard let id = Browser.extract(#"name="captchaID" value="([^"]+)""#, from: page.body.string),
                      let challenge = try await CaptchaChallenge.find(id, on: app.db)
                else { throw TestSetupError.missing("captcha") }
                return (id, challenge.answer)
            }
            let first = try await freshCaptcha()
            let image = try await browser.get("/captcha/\(first.id)")
            #expect(image.status == .ok)
            #expect(image.headers.contentType == .png)
            #expect(Array(image.body.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])

            let wrong = try await browser.post("/login", form: [
                "account": "city-dl", "password": Fixtures.password, "captchaID": first.id, "captcha": "ZZZZ",
            ])
            #expect(wrong.body.string.contains("验证码错误"))
            // The captcha was consumed by the wrong try: its right answer no longer works either.
            let reused = try await browser.post("/login", form: [
                "account": "city-dl", "password": Fixtures.password, "captchaID": first.id, "captcha": first.answer,
            ])
            #expect(reused.body.string.contains("验证码错误"))
            #expect(browser.cookies[SessionAuthenticator.cookieName] == nil)

            let expiring = try await freshCaptcha()
            app.clock.advance(by: 121)
            let late = try await browser.post("/login", form: [
                "account": "city-dl", "password": Fixtures.password, "captchaID": expiring.id,
                "captcha": expiring.answer.lowercased(),
            ])
            #expect(late.body.string.contains("验证码错误或已过期"))

            let good = try await freshCaptcha()
            let ok = try await browser.post("/login", form: [
                "account": "city-dl", "password": Fixtures.password, "captchaID": good.id, "captcha": good.answer.lowercased(),
            ])
            #expect(ok.status == .seeOther)
        }
    }

    @Test("关闭验证码时登录页说明已关闭")
    func captchaOffIsAnnounced() async throws {
        try await withSeedbedApp { app in
            let page = try await Browser(app).get("/login")
            #expect(page.body.string.contains("已关闭登录验证码"))
            #expect(!page.body.string.contains("SEEDBED_CAPTCHA"), "a configuration name means nothing to a user")
            #expect(!page.body.string.contains("captchaID"))
        }
    }

    @Test("没有或伪造 CSRF 令牌的 POST 一律拒绝")
    func csrfRefusal() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            let missing = try await browser.post("/login", form: ["account": "city-dl", "password": Fixtures.password],
                                                 csrf: false)
            #expect(missing.status == .forbidden)
            #expect(missing.body.string.contains("请刷新页面后重试"))
            let forged = try await browser.post("/login", form: [
                "account": "city-dl", "password": Fixtures.password, "_csrf": "forged-token",
            ])
            #expect(forged.status == .forbidden)
            try await browser.login("city-dl")
            let token = try await browser.csrfToken(from: "/workbench")
            // A token from another browser does not work in this one.
            let stranger = Browser(app)
            let foreign = try await stranger.post("/logout", form: ["_csrf": token], csrf: false)
            #expect(foreign.status == .forbidden)
            let logout = try await browser.post("/logout", form: [:], csrf: false)
            #expect(logout.status == .forbidden, "signed-in forms need the token too")
            #expect(try await browser.get("/workbench").status == .ok)
        }
    }

    @Test("退出后服务器端会话失效，旧 Cookie 不能再用")
    func logoutInvalidatesSession() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            try await browser.login("county-yb")
            let stolen = browser.cookies
            let logout = try await browser.post("/logout", form: [:], csrfFrom: "/workbench")
            #expect(logout.status == .seeOther)
            #expect(try await UserSession.query(on: app.db).count() == 0)
            let thief = Browser(app)
            thief.cookies = stolen
            let page = try await thief.get("/workbench")
            #expect(page.status == .seeOther)
            #expect(page.location.hasPrefix("/login"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.logout.rawValue).count() == 1)
        }
    }

    @Test("30 分钟无操作会话超时，需重新登录并提示")
    func sessionIdleTimeout() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            try await browser.login("zone-dl")
            app.clock.advance(by: 29 * 60)
            #expect(try await browser.get("/workbench").status == .ok, "activity within 30 minutes keeps the session")
            app.clock.advance(by: 29 * 60)
            #expect(try await browser.get("/workbench").status == .ok, "the idle clock restarts on each request")
            app.clock.advance(by: 31 * 60)
            let expired = try await browser.get("/workbench")
            #expect(expired.status == .seeOther)
            #expect(expired.location.contains("expired=1"))
            let login = try await browser.get(expired.location)
            #expect(login.body.string.contains("会话已超时"))
            #expect(try await UserSession.query(on: app.db).count() == 0)
        }
    }

    @Test("管理员创建的账号首次登录必须修改密码，修改前不能进入其他页面")
    func forcedChangeAtFirstLogin() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            guard let user = try await User.query(on: app.db).filter(\.$account == "county-yb").first() else { return }
            user.mustChangePassword = true
            try await user.save(on: app.db)
            let browser = Browser(app)
            let login = try await browser.post("/login", form: ["account": "county-yb", "password": Fixtures.password])
            #expect(login.location == "/account/password")
            let blocked = try await browser.get("/enterprises")
            #expect(blocked.status == .seeOther)
            #expect(blocked.location == "/account/password")
            let page = try await browser.get("/account/password")
            #expect(page.body.string.contains("请先设置新密码"))
            let changed = try await browser.post("/account/password", form: [
                "current": Fixtures.password, "new": "Fresh#2026abc", "confirm": "Fresh#2026abc",
            ], csrfFrom: "/account/password")
            #expect(changed.status == .seeOther)
            #expect(try await browser.get("/enterprises").status == .ok)
        }
    }

    @Test("密码规则：长度、字符类别、不得与最近 5 次相同，错误逐项提示")
    func passwordPolicy() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            try await browser.login("city-dl")
            func change(_ current: String, _ new: String) async throws -> TestingHTTPResponse {
                try await browser.post("/account/password", form: ["current": current, "new": new, "confirm": new],
                                       csrfFrom: "/account/password")
            }
            let short = try await change(Fixtures.password, "Ab1!")
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("密码长度至少 8 位"))
            let oneClass = try await change(Fixtures.password, "abcdefghij")
            #expect(oneClass.body.string.contains("至少 3 类"))
            let wrongCurrent = try await change("Nope@2026x", "Better#2026a")
            #expect(wrongCurrent.body.string.contains("当前密码不正确"))
            let same = try await change(Fixtures.password, Fixtures.password)
            #expect(same.body.string.contains("最近 5 次"))

            var current = Fixtures.password
            for round in 1...5 {
                let next = "Round#\(round)abcX"
                let response = try await change(current, next)
                #expect(response.status == .seeOther, "round \(round): \(Browser.alertText(response.body.string) ?? "")")
                current = next
            }
            // The original password is now six changes back: allowed again. One of the last five is not.
            let recent = try await change(current, "Round#3abcX")
            #expect(recent.body.string.contains("最近 5 次"))
            let old = try await change(current, Fixtures.password)
            #expect(old.status == .seeOther)
            let changes = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.passwordChange.rawValue)
                .filter(\.$outcome == AuditOutcome.success.rawValue).count()
            #expect(changes == 6)
        }
    }

    @Test("密码超过 90 天有效期后登录即要求修改（天数可配置）")
    func passwordExpiry() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            app.clock.advance(by: 91 * 86_400)
            let login = try await browser.post("/login", form: ["account": "city-dl", "password": Fixtures.password])
            #expect(login.location == "/account/password")
            let page = try await browser.get("/account/password")
            #expect(page.body.string.contains("90 天有效期"))
        }
        try await withSeedbedApp({ $0.passwordPolicy.maximumAgeDays = 200 }) { app in
            _ = try await Fixtures.make(app)
            app.clock.advance(by: 91 * 86_400)
            let login = try await Browser(app).post("/login", form: ["account": "city-dl", "password": Fixtures.password])
            #expect(login.location == "/workbench")
        }
    }

    @Test("忘记密码：账号与手机号同时匹配才发送验证码，验证码 5 分钟有效、最多试 5 次")
    func forgottenPassword() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            let mismatch = try await browser.post("/password/forgot", form: ["account": "city-dl", "phone": "13900000000"],
                                                  csrfFrom: "/password/forgot")
            #expect(mismatch.body.string.contains("不匹配"))
            #expect(try await SMSMessage.query(on: app.db).count() == 0)

            let sent = try await browser.post("/password/forgot", form: ["account": "city-dl", "phone": "13800138000"],
                                              csrfFrom: "/password/forgot")
            #expect(sent.status == .seeOther)
            let message = try #require(app.sentTexts.first)
            #expect(message.phone == "13800138000")
            let code = try #require(Browser.extract(#"验证码 (\d{6})"#, from: message.content))

            for _ in 1...4 {
                let wrong = try await browser.post("/password/reset", form: [
                    "account": "city-dl", "code": code == "000000" ? "111111" : "000000", "new": "Reset#2026ab",
                    "confirm": "Reset#2026ab",
                ], csrfFrom: "/password/reset")
                #expect(wrong.body.string.contains("验证码错误"))
            }
            let ok = try await browser.post("/password/reset", form: [
                "account": "city-dl", "code": code, "new": "Reset#2026ab", "confirm": "Reset#2026ab",
            ], csrfFrom: "/password/reset")
            #expect(ok.status == .seeOther)
            try await browser.login("city-dl", password: "Reset#2026ab")

            // A second code, tried after five minutes, is dead.
            app.clock.advance(by: 61)
            _ = try await Browser(app).post("/password/forgot", form: ["account": "city-dl", "phone": "13800138000"],
                                            csrfFrom: "/password/forgot")
            let second = try #require(app.sentTexts.last.flatMap { Browser.extract(#"验证码 (\d{6})"#, from: $0.content) })
            app.clock.advance(by: 301)
            let late = try await Browser(app).post("/password/reset", form: [
                "account": "city-dl", "code": second, "new": "Later#2026ab", "confirm": "Later#2026ab",
            ], csrfFrom: "/password/reset")
            #expect(late.body.string.contains("验证码无效或已过期"))
        }
    }

    @Test("第 5 次输错找回验证码后，正确的验证码也失效")
    func resetCodeTries() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            _ = try await browser.post("/password/forgot", form: ["account": "city-dl", "phone": "13800138000"],
                                       csrfFrom: "/password/forgot")
            let message = try #require(app.sentTexts.first)
            let code = try #require(Browser.extract(#"验证码 (\d{6})"#, from: message.content))
            let wrongCode = code == "000000" ? "111111" : "000000"
            for _ in 1...5 {
                _ = try await browser.post("/password/reset", form: [
                    "account": "city-dl", "code": wrongCode, "new": "Reset#2026ab", "confirm": "Reset#2026ab",
                ], csrfFrom: "/password/reset")
            }
            let late = try await browser.post("/password/reset", form: [
                "account": "city-dl", "code": code, "new": "Reset#2026ab", "confirm": "Reset#2026ab",
            ], csrfFrom: "/password/reset")
            #expect(late.body.string.contains("验证码无效或已过期"))
        }
    }

    @Test("演示账号只能在演示模式下登录")
    func demoAccountsOnlyInDemoMode() async throws {
        try await withSeedbedApp { app in
            let loader = DemoDataLoader(database: app.db, logger: app.logger, now: app.clock.now())
            let zones = try await loader.ensureOrganizations()
            try await loader.loadEnterprises(count: 20, seed: 7, zoneIDs: zones)
            try await loader.ensureAccounts(passwordHash: try await app.password.async.hash(DemoAccounts.password),
                                            zoneIDs: zones)
            let refused = try await Browser(app).post("/login", form: ["account": "yubei", "password": DemoAccounts.password])
            #expect(refused.body.string.contains("演示账号仅在演示模式"))
            app.config.demo = true
            try await Browser(app).login("yubei", password: DemoAccounts.password)
        }
    }
}
