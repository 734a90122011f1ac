import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// Changing a password (signed in), and recovering a forgotten one by account + phone + SMS code.
struct PasswordController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let account = routes.grouped(Page.password)
        account.get(use: showChange)
        account.post(use: change)
        routes.get("password", "forgot", use: showForgot)
        routes.post("password", "forgot", use: forgot)
        routes.get("password", "reset", use: showReset)
        routes.post("password", "reset", use: reset)
    }

    // MARK: Change

    struct ChangeForm: Content {
        var current: String?
        var new: String?
        var confirm: String?
    }

    @Sendable func showChange(req: Request) async throws -> Response {
        let user = try req.requireUser()
        return try await changePage(req, user: user, errors: [:]).encodeResponse(for: req)
    }

    @Sendable func change(req: Request) async throws -> Response {
        let current = try req.requireUser()
        let form = try req.content.decode(ChangeForm.self)
        guard let user = try await User.find(current.id, on: req.db) else { throw AppError.notFound() }
        var errors: [String: String] = [:]
        if !(try await req.password.async.verify(form.current ?? "", created: user.passwordHash)) {
            errors["current"] = "当前密码不正确"
        }
        let new = form.new ?? ""
        if new != (form.confirm ?? "") { errors["confirm"] = "两次输入的新密码不一致" }
        if errors.isEmpty {
            let problems = try await PasswordService(request: req).problems(newPassword: new, for: user)
            if !problems.isEmpty { errors["new"] = problems.joined(separator: "；") }
        }
        guard errors.isEmpty else {
            try await req.audit.record(.passwordChange, outcome: .failure, targetType: "user",
                                       targetID: String(current.id), detail: errors.values.sorted().joined(separator: "；"))
            return try await changePage(req, user: current, errors: errors).encodeResponse(for: req)
        }
        try await PasswordService(request: req).set(new, for: user, mustChange: false, keepSessionID: current.sessionID)
        try await req.audit.record(.passwordChange, targetType: "user", targetID: String(current.id))
        return req.redirect(to: Page.workbench.path, flash: Flash(kind: .success, message: "密码已修改，其他设备上的登录已失效"))
    }

    private func changePage(_ req: Request, user: CurrentUser, errors: [String: String]) async throws -> HTMLPage {
        let context = try await req.pageContext()
        var notice: String?
        if user.mustChangePassword {
            notice = "您的账号为新建账号或密码已被管理员重置，请先设置新密码后再使用平台。"
        } else if user.passwordExpired {
            notice = "您的密码已超过 \(req.config.passwordPolicy.maximumAgeDays) 天有效期，请设置新密码。"
        }
        let policy = req.config.passwordPolicy
        let rule = "至少 \(policy.minimumLength) 位，包含大写字母、小写字母、数字、特殊符号中的至少 \(policy.requiredClasses) 类，不能与最近 \(policy.historyDepth) 次密码相同"
        let content = PasswordViews.change(context: context, notice: notice, rule: rule, errors: errors)
        return HTMLPage(Layout.shell("修改密码", context, content), status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    // MARK: Forgot

    struct ForgotForm: Content {
        var account: String?
        var phone: String?
        var captchaID: String?
        var captcha: String?
    }

    @Sendable func showForgot(req: Request) async throws -> HTMLPage {
        let context = try await req.pageContext()
        return HTMLPage(PasswordViews.forgot(context: context, account: "", phone: "", error: nil,
                                             captchaID: try await CaptchaService(request: req).issueIfEnabled()))
    }

    /// Per-address limit of 找回密码 posts. Its failures never count toward the account's login lock: anyone who
    /// knows an account name could otherwise lock it out, again and again.
    static func forgotRule(_ config: AppConfig) -> RateLimiter.Rule {
        .init(limit: config.anonymousFormsPerHour, window: 3600)
    }

    @Sendable func forgot(req: Request) async throws -> Response {
        let form = try req.content.decode(ForgotForm.self)
        let account = String((form.account ?? "").trimmingCharacters(in: .whitespaces).prefix(64))
        let phone = String((form.phone ?? "").trimmingCharacters(in: .whitespaces).prefix(20))
        let context = try await req.pageContext()
        func fail(_ message: String, status: HTTPResponseStatus = .unprocessableEntity) async throws -> Response {
            let captchaID = try await CaptchaService(request: req).issueIfEnabled()
            return try await HTMLPage(PasswordViews.forgot(context: context, account: account, phone: phone,
                                                           error: message, captchaID: captchaID),
                                      status: status).encodeResponse(for: req)
        }
        guard !account.isEmpty, !phone.isEmpty else { return try await fail("请填写账号和注册时的手机号码") }
        let limiter = RateLimiter(database: req.db, now: req.now)
        if case .refused(let until) = try await limiter.take("forgot:ip:" + req.clientIP, rule: Self.forgotRule(req.config)) {
            return try await fail(RateLimiter.tooOften(until: until, now: req.now), status: .tooManyRequests)
        }
        if req.config.captchaEnabled,
           !(try await CaptchaService(request: req).consume(id: form.captchaID ?? "", answer: form.captcha ?? ""))
        {
            return try await fail("验证码错误或已过期，请重新输入")
        }
        // The phone is stored sealed: it is matched by its keyed hash, never decrypted for the comparison.
        let phoneHash = try req.personalData.hash(phone)
        guard let user = try await User.query(on: req.db).filter(\.$account == account)
            .filter(\.$phoneHash == phoneHash).first(),
              let userID = user.id, user.active
        else {
            try await req.audit.record(.passwordResetRequest, outcome: .failure, detail: "账号与手机号不匹配",
                                       account: account)
            return try await fail("账号与手机号码不匹配，请核对后重试")
        }
        // One text a minute per account, decided in one statement so parallel requests cannot send several.
        if case .refused = try await limiter.take("forgot:user:\(userID)", rule: .init(limit: 1, window: 60)) {
            return try await fail("验证码发送过于频繁，请 1 分钟后再试", status: .tooManyRequests)
        }

        let code = String(format: "%06d", Int.random(in: 0...999_999))
        try await PasswordResetCode(userID: userID, codeHash: Self.hash(code: code, userID: userID),
                                    expiresAt: req.now.addingTimeInterval(req.config.resetCodeLifetime),
                                    createdAt: req.now).create(on: req.db)
        let minutes = Int(req.config.resetCodeLifetime / 60)
        try await req.sms.send(to: phone, purpose: "找回密码",
                               content: "【科技企业创新积分平台】您正在找回密码，验证码 \(code)，\(minutes) 分钟内有效。如非本人操作请忽略。",
                               code: code, on: req.db, now: req.now, logger: req.logger)
        try await req.audit.record(.passwordResetRequest, targetType: "user", targetID: String(userID), account: account)
        let target = "/password/reset?account=" + (account.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return req.redirect(to: target, flash: Flash(kind: .success,
                                                     message: "验证码已发送至 \(Masking.phone(phone))，\(minutes) 分钟内有效"))
    }

    // MARK: Reset

    struct ResetForm: Content {
        var account: String?
        var code: String?
        var new: String?
        var confirm: String?
    }

    @Sendable func showReset(req: Request) async throws -> HTMLPage {
        let context = try await req.pageContext()
        return HTMLPage(PasswordViews.reset(context: context, account: req.query[String.self, at: "account"] ?? "",
                                           errors: [:], rule: rule(req)))
    }

    @Sendable func reset(req: Request) async throws -> Response {
        let form = try req.content.decode(ResetForm.self)
        let account = (form.account ?? "").trimmingCharacters(in: .whitespaces)
        let context = try await req.pageContext()
        func fail(_ errors: [String: String]) async throws -> Response {
            try await HTMLPage(PasswordViews.reset(context: context, account: account, errors: errors, rule: rule(req)),
                               status: .unprocessableEntity).encodeResponse(for: req)
        }
        guard let user = try await User.query(on: req.db).filter(\.$account == account).first(), let userID = user.id,
              let pending = try await PasswordResetCode.query(on: req.db).filter(\.$userID == userID)
                .filter(\.$usedAt == nil).sort(\.$createdAt, .descending).first(),
              pending.expiresAt > req.now, pending.attempts < req.config.resetCodeMaxAttempts
        else {
            return try await fail(["code": "验证码无效或已过期，请重新获取"])
        }
        guard let pendingID = pending.id,
              let tries = try await Self.takeTry(codeID: pendingID, max: req.config.resetCodeMaxAttempts, on: req.db)
        else {
            return try await fail(["code": "验证码无效或已过期，请重新获取"])
        }
        let code = String((form.code ?? "").trimmingCharacters(in: .whitespaces).prefix(16))
        guard CSRFMiddleware.constantTimeEquals(Self.hash(code: code, userID: userID), pending.codeHash) else {
            let left = req.config.resetCodeMaxAttempts - tries
            try await req.audit.record(.passwordReset, outcome: .failure, targetType: "user", targetID: String(userID),
                                       detail: "验证码错误", account: account)
            return try await fail(["code": left > 0 ? "验证码错误，还可尝试 \(left) 次" : "验证码错误次数过多，请重新获取"])
        }
        let new = form.new ?? ""
        var errors: [String: String] = [:]
        if new != (form.confirm ?? "") { errors["confirm"] = "两次输入的新密码不一致" }
        let problems = try await PasswordService(request: req).problems(newPassword: new, for: user)
        if !problems.isEmpty { errors["new"] = problems.joined(separator: "；") }
        guard errors.isEmpty else {
            // The right code with a password the policy refuses: the try is given back, the code stays good.
            try await Self.giveBackTry(codeID: pendingID, on: req.db)
            return try await fail(errors)
        }
        // Only one request may use the code, however many carry it at once.
        guard try await Self.markUsed(codeID: pendingID, at: req.now, on: req.db) else {
            return try await fail(["code": "验证码无效或已过期，请重新获取"])
        }
        try await PasswordService(request: req).set(new, for: user, mustChange: false, keepSessionID: nil)
        try await req.audit.record(.passwordReset, targetType: "user", targetID: String(userID), account: account)
        return req.redirect(to: "/login", flash: Flash(kind: .success, message: "密码已重置，请使用新密码登录"))
    }

    private func rule(_ req: Request) -> String {
        let policy = req.config.passwordPolicy
        return "至少 \(policy.minimumLength) 位，包含大写字母、小写字母、数字、特殊符号中的至少 \(policy.requiredClasses) 类"
    }

    /// Counts one try of a reset code in one conditional statement: nil when the code is used or has had all its
    /// tries, so parallel guesses cannot check more codes than allowed.
    static func takeTry(codeID: Int, max: Int, on database: any Database) async throws -> Int? {
        guard let sql = database as? any SQLDatabase else { return nil }
        let row = try await sql.raw("""
            UPDATE \(ident: PasswordResetCode.schema) SET attempts = attempts + 1 \
            WHERE id = \(bind: codeID) AND used_at IS NULL AND attempts < \(bind: max) RETURNING attempts
            """).first()
        return try row?.decode(column: "attempts", as: Int.self)
    }

    static func giveBackTry(codeID: Int, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            UPDATE \(ident: PasswordResetCode.schema) SET attempts = attempts - 1 WHERE id = \(bind: codeID) AND attempts > 0
            """).run()
    }

    static func markUsed(codeID: Int, at now: Date, on database: any Database) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { return false }
        let row = try await sql.raw("""
            UPDATE \(ident: PasswordResetCode.schema) SET used_at = \(bind: now) \
            WHERE id = \(bind: codeID) AND used_at IS NULL RETURNING id
            """).first()
        return row != nil
    }

    static func hash(code: String, userID: Int) -> String {
        RandomToken.sha256Hex("reset:\(userID):\(code)")
    }
}
