import Fluent
import Foundation
import QRCode
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// TOTP (RFC 6238) and the second step of signing in for administrators (等保三级), through HTTP.
@Suite("双因素认证")
struct SecondFactorTests {
    // MARK: TOTP and Base32

    /// RFC 6238 Appendix B, SHA-1, secret "12345678901234567890".
    @Test("RFC 6238 附录 B 测试向量（SHA-1，8 位与截取 6 位）", arguments: [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ])
    func rfc6238Vectors(time: Int, expected: String) {
        let secret = Array("12345678901234567890".utf8)
        let eight = TOTP(secret: secret, digits: 8)
        let step = eight.step(at: Date(timeIntervalSince1970: TimeInterval(time)))
        #expect(eight.code(step: step) == expected)
        let six = TOTP(secret: secret)
        #expect(six.code(step: step) == String(expected.suffix(6)))
        #expect(six.matchingStep(String(expected.suffix(6)), at: Date(timeIntervalSince1970: TimeInterval(time + 30))) == step)
        #expect(six.matchingStep(String(expected.suffix(6)), at: Date(timeIntervalSince1970: TimeInterval(time + 90))) == nil)
    }

    @Test("Base32（RFC 4648 测试向量）", arguments: [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI"),
    ])
    func base32(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded.lowercased()) == Array(plain.utf8))
        #expect(Base32.decode(encoded + "====") == Array(plain.utf8))
    }

    @Test("otpauth 地址带发行方，二维码可容纳")
    func otpauthURI() throws {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let uri = totp.uri(account: "admin")
        #expect(uri.hasPrefix("otpauth://totp/%E7%A7%91%E6%8A%80"))
        #expect(uri.contains(":admin?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=%E7%A7%91"))
        #expect(uri.hasSuffix("&algorithm=SHA1&digits=6&period=30"))
        let code = try QRCode(text: uri)
        #expect(code.version <= 15)
    }

    @Test("配置：管理员默认要求、演示模式默认不要求；政府账号由 SEEDBED_2FA_GOVERNMENT 开启")
    func configuration() throws {
        let plain = try AppConfig.fromEnvironment([:])
        #expect(plain.secondFactorRequired)
        #expect(!plain.secondFactorForGovernment)
        var demo = plain
        demo.demo = true
        #expect(!demo.secondFactorRequired)
        let configured = try AppConfig.fromEnvironment(["SEEDBED_2FA": "off", "SEEDBED_2FA_GOVERNMENT": "on"])
        #expect(!configured.secondFactorRequired)
        #expect(configured.secondFactorForGovernment)
        #expect(throws: ConfigError.self) { try AppConfig.fromEnvironment(["SEEDBED_2FA_GOVERNMENT": "maybe"]) }
        for administrator in [Role.platformAdmin, .securityAdmin, .auditAdmin] {
            #expect(SecondFactorPolicy.required(for: administrator, config: plain), "\(administrator)")
        }
        #expect(!SecondFactorPolicy.required(for: .county, config: plain))
        #expect(SecondFactorPolicy.required(for: .county, config: configured) == true)
        #expect(!SecondFactorPolicy.required(for: .enterprise, config: configured))
    }

    // MARK: Through HTTP

    static func required(_ config: inout AppConfig) {
        config.secondFactorRequired = true
    }

    /// The current code of a secret by the application's clock.
    static func code(_ secret: [UInt8], _ app: Application) -> String {
        let totp = TOTP(secret: secret)
        return totp.code(step: totp.step(at: app.clock.now()))
    }

    /// Binds an authenticator for the signed-in browser; returns its secret and the recovery codes shown.
    /// The fixtures' administrator, signed in with the password and enrolled in the second factor.
    static func enrolledAdmin(_ app: Application) async throws -> (admin: Browser, secret: [UInt8], codes: [String]) {
        _ = try await Fixtures.make(app)
        let admin = Browser(app)
        try await admin.login("admin")
        let (secret, codes) = try await enrol(admin, app)
        return (admin, secret, codes)
    }

    static func enrol(_ browser: Browser, _ app: Application) async throws -> (secret: [UInt8], codes: [String]) {
        let page = try await browser.get("/account/2fa")
        #expect(page.status == .ok)
        #expect(page.body.string.contains("<svg"))
        guard let text = Browser.extract(#"class="totp-secret">([A-Z2-7 ]+)<"#, from: page.body.string),
              let secret = Base32.decode(text)
        else { throw TestSetupError.missing("secret on /account/2fa") }
        let wrong = try await browser.post("/account/2fa/enrol", form: ["code": "000000" == code(secret, app) ? "111111" : "000000"])
        #expect(wrong.status == .unprocessableEntity)
        let confirmed = try await browser.post("/account/2fa/enrol", form: ["code": code(secret, app)])
        #expect(confirmed.status == .ok)
        let codes = matches(#"<code>([a-z2-7]{5}-[a-z2-7]{5})</code>"#, in: confirmed.body.string)
        #expect(codes.count == 10)
        return (secret, codes)
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    static func auditCount(_ action: String, _ app: Application) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$action == action).count()
    }

    /// Signs out and signs in again with the password only, which must stop at the code step.
    static func passwordStep(_ browser: Browser, account: String = "admin") async throws {
        try await browser.post("/logout", form: [:])
        let response = try await browser.post("/login", form: ["account": account, "password": Fixtures.password])
        #expect(response.status == .seeOther)
        #expect(response.location == "/login/2fa")
        #expect(browser.cookies[SessionAuthenticator.cookieName] == nil)
        #expect(browser.cookies[PendingSignIn.cookieName] != nil)
    }

    @Test("未绑定的管理员登录后只能先绑定动态口令；绑定、解除均记入审计")
    func unenrolledAdminIsSentToEnrolment() async throws {
        try await withSeedbedApp(Self.required) { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let workbench = try await admin.get("/workbench")
            #expect(workbench.status == .seeOther)
            #expect(workbench.location == "/account/2fa")
            #expect(try await admin.get("/admin/users").location == "/account/2fa")

            let (secret, _) = try await Self.enrol(admin, app)
            #expect(try await admin.get("/workbench").status == .ok)
            #expect(try await Self.auditCount("2fa.enrol", app) == 1)
            #expect(try await Self.auditCount("2fa.failure", app) == 1)

            // Disabling takes the current code; an administrator is then sent back to bind a new one.
            app.clock.advance(by: 30)
            #expect(try await admin.post("/account/2fa/disable", form: ["code": "12345"]).status == .unprocessableEntity)
            let disabled = try await admin.post("/account/2fa/disable", form: ["code": Self.code(secret, app)])
            #expect(disabled.status == .seeOther)
            #expect(try await Self.auditCount("2fa.disable", app) == 1)
            #expect(try await admin.get("/workbench").location == "/account/2fa")
        }
    }

    @Test("仅凭密码进不了工作台；正确的动态口令完成登录，且同一口令不能再用")
    func passwordAloneIsNotEnough() async throws {
        try await withSeedbedApp(Self.required) { app in
            let (admin, secret, _) = try await Self.enrolledAdmin(app)
            app.clock.advance(by: 30)

            try await Self.passwordStep(admin)
            let blocked = try await admin.get("/workbench")
            #expect(blocked.status == .seeOther)
            #expect(blocked.location.hasPrefix("/login"))
            #expect(try await admin.get("/login/2fa").status == .ok)

            let code = Self.code(secret, app)
            let done = try await admin.post("/login/2fa", form: ["code": code])
            #expect(done.status == .seeOther)
            #expect(done.location == "/workbench")
            #expect(admin.cookies[PendingSignIn.cookieName] == nil)
            #expect(try await admin.get("/workbench").status == .ok)

            // The same code, in the same 30 seconds, is refused the second time.
            try await Self.passwordStep(admin)
            let replay = try await admin.post("/login/2fa", form: ["code": code])
            #expect(replay.status == .unauthorized)
            #expect(admin.cookies[SessionAuthenticator.cookieName] == nil)
            app.clock.advance(by: 30)
            #expect(try await admin.post("/login/2fa", form: ["code": Self.code(secret, app)]).status == .seeOther)
            #expect(try await admin.get("/workbench").status == .ok)
        }
    }

    @Test("连续 5 次口令错误后本次登录失效，保留的 cookie 也不能再用")
    func fiveWrongCodesLockThePendingSignIn() async throws {
        try await withSeedbedApp(Self.required) { app in
            let (admin, secret, _) = try await Self.enrolledAdmin(app)
            app.clock.advance(by: 30)
            try await Self.passwordStep(admin)
            let kept = admin.cookies[PendingSignIn.cookieName]
            let right = Self.code(secret, app)
            let wrong = right == "000000" ? "111111" : "000000"
            for attempt in 1...5 {
                let response = try await admin.post("/login/2fa", form: ["code": wrong])
                #expect(response.status == (attempt < 5 ? .unauthorized : .tooManyRequests))
            }
            #expect(admin.cookies[PendingSignIn.cookieName] == nil)
            admin.cookies[PendingSignIn.cookieName] = kept
            let late = try await admin.post("/login/2fa", form: ["code": right])
            #expect(late.status == .tooManyRequests)
            #expect(admin.cookies[SessionAuthenticator.cookieName] == nil)
            #expect(try await Self.auditCount("2fa.failure", app) == 6)
            #expect(try await Self.auditCount("login.lockout", app) == 1)

            // A new sign-in with the password gets its own tries.
            try await Self.passwordStep(admin)
            #expect(try await admin.post("/login/2fa", form: ["code": right]).status == .seeOther)
        }
    }

    @Test("恢复码可代替动态口令登录一次")
    func recoveryCodeWorksOnce() async throws {
        try await withSeedbedApp(Self.required) { app in
            let (admin, _, codes) = try await Self.enrolledAdmin(app)
            guard codes.count == 10 else { return }

            try await Self.passwordStep(admin)
            let used = try await admin.post("/login/2fa", form: ["code": " " + codes[0].uppercased() + " "])
            #expect(used.status == .seeOther)
            #expect(try await admin.get("/workbench").status == .ok)
            #expect(try await Self.auditCount("2fa.recovery", app) == 1)

            try await Self.passwordStep(admin)
            #expect(try await admin.post("/login/2fa", form: ["code": codes[0]]).status == .unauthorized)
            #expect(try await admin.post("/login/2fa", form: ["code": codes[1]]).status == .seeOther)
            let page = try await admin.get("/account/2fa")
            #expect(page.body.string.contains("未使用的恢复码：8 个"))
        }
    }

    @Test("区县账号默认无需动态口令；SEEDBED_2FA_GOVERNMENT 开启后须先绑定", arguments: [false, true])
    func governmentAccounts(government: Bool) async throws {
        try await withSeedbedApp({ config in
            config.secondFactorRequired = true
            config.secondFactorForGovernment = government
        }) { app in
            _ = try await Fixtures.make(app)
            let county = Browser(app)
            try await county.login("county-gjz")
            let workbench = try await county.get("/workbench")
            if government {
                #expect(workbench.location == "/account/2fa")
            } else {
                #expect(workbench.status == .ok)
            }
            // Enterprises are never asked.
            let enterprise = Browser(app, ip: "10.0.0.2")
            try await enterprise.login("ent-e1")
            #expect(try await enterprise.get("/workbench").status == .ok)
        }
    }

    @Test("接口令牌不受双因素认证影响")
    func apiTokensAreUnaffected() async throws {
        try await withSeedbedApp(Self.required) { app in
            let fixtures = try await Fixtures.make(app)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: try await Fixtures.token(for: "admin", on: app))
            let response = try await app.testing().sendRequest(
                .GET, "/api/v1/enterprises/\(try fixtures.enterprise("e1"))/facts", headers: headers)
            #expect(response.status != .seeOther)
            #expect(response.status != .unauthorized)
        }
    }
}
