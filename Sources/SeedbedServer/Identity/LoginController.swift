import Fluent
import SeedbedDomain
import Vapor

/// Sign-in, sign-out and the captcha image.
struct LoginController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: showLogin)
        routes.post("login", use: login)
        routes.post("logout", use: logout)
        routes.get("captcha", ":id", use: captcha)
    }

    struct LoginForm: Content {
        var account: String?
        var password: String?
        var captchaID: String?
        var captcha: String?
        var next: String?
    }

    @Sendable func showLogin(req: Request) async throws -> Response {
        if req.auth.get(CurrentUser.self) != nil, req.query[String.self, at: "switch"] == nil {
            return req.redirect(to: Page.workbench.path)
        }
        var notice: String?
        if req.query[String.self, at: "expired"] != nil {
            notice = "您长时间未操作，会话已超时，请重新登录"
        }
        return try await render(req, form: LoginForm(account: nil, next: req.query[String.self, at: "next"]),
                                error: nil, notice: notice)
    }

    @Sendable func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let account = (form.account ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let password = form.password ?? ""
        let ip = req.clientIP
        let userAgent = req.headers.first(name: .userAgent).map { String($0.prefix(255)) }
        let throttle = LoginThrottle(database: req.db, config: req.config, now: req.now)

        guard !account.isEmpty, !password.isEmpty else {
            return try await render(req, form: form, error: "请输入账号和密码")
        }
        guard account.count <= 64 else {
            return try await render(req, form: form, error: "账号或密码错误")
        }
        let attempt: LoginThrottle.Attempt
        switch try await throttle.begin(account: account, ip: ip, userAgent: userAgent) {
        case .failure(let locked):
            return try await render(req, form: form, error: Self.lockedMessage(until: locked.until, now: req.now),
                                    status: .tooManyRequests)
        case .success(let taken):
            attempt = taken
        }
        if req.config.captchaEnabled {
            guard try await CaptchaService(request: req).consume(id: form.captchaID ?? "", answer: form.captcha ?? "")
            else {
                try await throttle.finish(attempt, userAgent: userAgent, success: false, reason: "captcha")
                return try await render(req, form: form, error: "验证码错误或已过期，请重新输入")
            }
        }

        let user = try await User.query(on: req.db).filter(\.$account == account).first()
        let verified: Bool
        if let user {
            verified = try await req.password.async.verify(password, created: user.passwordHash)
        } else {
            // Spend the same time as a real check, so response time does not reveal which accounts exist.
            _ = try? await req.password.async.verify(password, created: req.application.dummyPasswordHash)
            verified = false
        }
        guard let user, verified, let userID = user.id else {
            let locks = try await throttle.finish(attempt, userAgent: userAgent, success: false,
                                                  reason: user == nil ? "unknown_account" : "bad_password")
            try await req.audit.record(.loginFailure, outcome: .failure, targetType: "user",
                                       detail: "账号或密码错误", account: account)
            if !locks.isEmpty {
                try await req.audit.record(.lockout, outcome: .denied, targetType: "login",
                                           detail: locks.joined(separator: ", "), account: account)
                let until = req.now.addingTimeInterval(req.config.lockDuration)
                return try await render(req, form: form, error: Self.lockedMessage(until: until, now: req.now),
                                        status: .tooManyRequests)
            }
            let remaining = try await throttle.remainingTries(account: account)
            return try await render(req, form: form,
                                    error: "账号或密码错误" + (remaining <= 3 ? "，再失败 \(remaining) 次账号将被锁定" : ""))
        }
        guard user.active else {
            try await throttle.finish(attempt, userAgent: userAgent, success: false, reason: "disabled")
            try await req.audit.record(.loginFailure, outcome: .denied, targetType: "user", targetID: String(userID),
                                       detail: "账号已停用", account: account)
            return try await render(req, form: form, error: "该账号已停用，请联系平台管理员")
        }
        guard !user.isDemo || req.config.demo else {
            try await throttle.finish(attempt, userAgent: userAgent, success: false, reason: "disabled")
            return try await render(req, form: form, error: "演示账号仅在演示模式（seedbed serve --demo）下可用")
        }

        try await throttle.finish(attempt, userAgent: userAgent, success: true, reason: "ok")
        // With an authenticator bound, the password only opens the second step (/login/2fa), not a session.
        if try await SecondFactorService.isEnrolled(userID: userID, on: req.db) {
            return try await SecondFactorController.beginChallenge(userID: userID, next: Self.safeNext(form.next),
                                                                   request: req)
        }
        return try await Self.completeSignIn(user, next: form.next, request: req)
    }

    /// Opens the session of a user who has passed every step of signing in, and sends them on: to the
    /// password change when theirs must change, else to `next` or the workbench.
    static func completeSignIn(_ user: User, next: String?, request req: Request) async throws -> Response {
        guard let userID = user.id else { throw AppError.notFound() }
        user.lastLoginAt = req.now
        try await user.save(on: req.db)
        let expired = req.config.passwordPolicy.isExpired(changedAt: user.passwordChangedAt, now: req.now)
        let destination: String
        if user.mustChangePassword || expired {
            destination = Page.password.path
        } else {
            destination = Self.safeNext(next) ?? Page.workbench.path
        }
        let response = user.mustChangePassword
            ? req.redirect(to: destination, flash: Flash(kind: .warning, message: "首次登录或密码已被重置，请先修改密码"))
            : expired
            ? req.redirect(to: destination, flash: Flash(kind: .warning, message: "您的密码已超过有效期，请修改密码"))
            : req.redirect(to: destination)
        try await SessionAuthenticator.open(for: userID, request: req, response: response)
        let actor = try await CurrentUser.load(userID: userID, on: req.db, policy: req.config.passwordPolicy,
                                               now: req.now)
        try await AuditLogger(database: req.db, actor: actor, ip: req.clientIP, now: req.now)
            .record(.loginSuccess, targetType: "user", targetID: String(userID))
        return response
    }

    @Sendable func logout(req: Request) async throws -> Response {
        if let user = req.auth.get(CurrentUser.self), let sessionID = user.sessionID {
            try await UserSession.query(on: req.db).filter(\.$id == sessionID).delete()
            try await req.audit.record(.logout, targetType: "user", targetID: String(user.id))
            req.auth.logout(CurrentUser.self)
        }
        let response = req.redirect(to: "/login", flash: Flash(kind: .info, message: "您已安全退出"))
        response.cookies[SessionAuthenticator.cookieName] = .expired
        return response
    }

    @Sendable func captcha(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id"),
              let png = try await CaptchaService(request: req).image(id: id)
        else { throw AppError.notFound("验证码已过期，请刷新页面") }
        var headers = HTTPHeaders()
        headers.contentType = .png
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: png))
    }

    private func render(_ req: Request, form: LoginForm, error: String?, notice: String? = nil,
                        status: HTTPResponseStatus = .ok) async throws -> Response
    {
        var captchaID: String?
        if req.config.captchaEnabled {
            captchaID = try await CaptchaService(request: req).issue()
        }
        let context = try await req.pageContext()
        let page = LoginView(context: context, account: form.account ?? "", next: Self.safeNext(form.next),
                             captchaID: captchaID, captchaEnabled: req.config.captchaEnabled, error: error,
                             notice: notice)
        return try await HTMLPage(page.render(), status: error == nil ? .ok : (status == .ok ? .unauthorized : status))
            .encodeResponse(for: req)
    }

    static func lockedMessage(until: Date, now: Date) -> String {
        let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
        return "登录失败次数过多，已被暂时锁定，请 \(minutes) 分钟后再试"
    }

    /// Only same-site paths may be a post-login destination (no open redirect).
    /// Browsers drop tabs and line breaks inside a URL and read a backslash as a slash, so `/\t/evil.example`
    /// would become `//evil.example`: any control character, space or backslash refuses the destination.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.utf8.count < 512, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/login"),
              next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0 != "\\" })
        else { return nil }
        return next
    }
}

/// Issues, draws and checks captchas. Stored in the database so any node can check what another drew.
struct CaptchaService {
    let request: Request

    func issue() async throws -> String {
        let id = RandomToken.make(bytes: 16)
        let challenge = CaptchaChallenge(id: id, answer: CaptchaImage.randomAnswer(),
                                         expiresAt: request.now.addingTimeInterval(request.config.captchaLifetime))
        try await challenge.create(on: request.db)
        return id
    }

    /// A new captcha when captchas are on (`SEEDBED_CAPTCHA`), for a form to show.
    func issueIfEnabled() async throws -> String? {
        request.config.captchaEnabled ? try await issue() : nil
    }

    func image(id: String) async throws -> Data? {
        guard id.count <= 64, let challenge = try await CaptchaChallenge.find(id, on: request.db),
              challenge.expiresAt > request.now
        else { return nil }
        return CaptchaImage.png(for: challenge.answer)
    }

    /// Checks an answer and deletes the captcha whatever the outcome: each captcha is good for one try.
    func consume(id: String, answer: String) async throws -> Bool {
        guard !id.isEmpty, id.count <= 64, let challenge = try await CaptchaChallenge.find(id, on: request.db)
        else { return false }
        try await challenge.delete(on: request.db)
        let typed = answer.trimmingCharacters(in: .whitespaces).uppercased()
        return challenge.expiresAt > request.now && !typed.isEmpty && typed == challenge.answer.uppercased()
    }
}

extension Application {
    private struct DummyHashKey: StorageKey { typealias Value = String }

    /// A bcrypt hash (at the configured cost) of a random string, checked when the account does not exist.
    var dummyPasswordHash: String {
        get { storage[DummyHashKey.self] ?? "" }
        set { storage[DummyHashKey.self] = newValue }
    }
}
