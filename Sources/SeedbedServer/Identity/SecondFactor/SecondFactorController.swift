import Fluent
import Foundation
import Plot
import QRCode
import Vapor

/// The second step of signing in (/login/2fa) and binding an authenticator to one's account (/account/2fa).
struct SecondFactorController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", "2fa", use: showChallenge)
        routes.post("login", "2fa", use: challenge)
        let account = routes.grouped(Page.secondFactor)
        account.get(use: showAccount)
        account.post("enrol", use: enrol)
        account.post("recovery-codes", use: regenerateRecoveryCodes)
        account.post("disable", use: disable)
    }

    struct CodeForm: Content {
        var code: String?
    }

    static func accountSubject(_ userID: Int) -> String { "2fa:user:\(userID)" }

    /// Sends a user whose password was right on to the code step.
    static func beginChallenge(userID: Int, next: String?, request: Request) async throws -> Response {
        let pending = PendingSignIn.make(userID: userID, next: next, now: request.now)
        let response = request.redirect(to: "/login/2fa")
        try await pending.setCookie(on: response, request: request)
        return response
    }

    // MARK: Signing in

    @Sendable func showChallenge(req: Request) async throws -> Response {
        guard try await PendingSignIn.read(from: req) != nil else { return Self.restart(req) }
        return try await challengePage(req, error: nil)
    }

    @Sendable func challenge(req: Request) async throws -> Response {
        guard let pending = try await PendingSignIn.read(from: req) else { return Self.restart(req) }
        let service = SecondFactorService(request: req)
        guard let user = try await User.find(pending.userID, on: req.db), user.active, let userID = user.id,
              !user.isDemo || req.config.demo, let factor = try await service.confirmedFactor(userID: userID)
        else { return Self.restart(req) }
        let form = try req.content.decode(CodeForm.self)

        let limiter = RateLimiter(database: req.db, now: req.now)
        let tries: Int
        switch try await limiter.take(pending.subject, rule: SecondFactorService.pendingRule) {
        case .refused:
            return try await lockedOut(req)
        case .allowed(let count):
            tries = count
        }
        if case .refused(let until) = try await limiter.take(Self.accountSubject(userID),
                                                             rule: SecondFactorService.accountRule(req.config)) {
            let response = try await challengePage(req, error: LoginController.lockedMessage(until: until, now: req.now),
                                                   status: .tooManyRequests)
            response.cookies[PendingSignIn.cookieName] = .expired
            return response
        }

        let audit = AuditLogger(database: req.db, actor: nil, ip: req.clientIP, now: req.now)
        let check = try await service.verify(form.code ?? "", factor: factor)
        switch check {
        case .totp, .recoveryCode:
            // The pending sign-in is spent: the same cookie cannot open a second session.
            try await limiter.lock(pending.subject, for: PendingSignIn.lifetime)
            try await limiter.reset(Self.accountSubject(userID))
            if check == .recoveryCode {
                let left = try await service.unusedRecoveryCodes(userID: userID)
                try await audit.record(.recoveryCodeUse, targetType: "user", targetID: String(userID),
                                       detail: "剩余恢复码 \(left) 个", account: user.account)
            }
            let response = try await LoginController.completeSignIn(user, next: pending.next, request: req)
            response.cookies[PendingSignIn.cookieName] = .expired
            return response
        case .wrong, .replayed:
            try await audit.record(.secondFactorFailure, outcome: .failure, targetType: "user",
                                   targetID: String(userID),
                                   detail: check == .replayed ? "动态口令已使用过" : "动态口令或恢复码错误",
                                   account: user.account)
            let limit = SecondFactorService.pendingRule.limit
            guard tries < limit else {
                try await audit.record(.lockout, outcome: .denied, targetType: "2fa", targetID: String(userID),
                                       detail: "动态口令连续错误 \(limit) 次", account: user.account)
                return try await lockedOut(req)
            }
            let message = check == .replayed
                ? "该动态口令已使用过，请等待手机上出现新的口令后再输入"
                : "动态口令或恢复码错误" + (limit - tries <= 3 ? "，还可尝试 \(limit - tries) 次" : "")
            return try await challengePage(req, error: message, status: .unauthorized)
        }
    }

    /// The pending sign-in is over: back to the password.
    private static func restart(_ req: Request) -> Response {
        let response = req.redirect(to: "/login", flash: Flash(kind: .warning, message: "验证已超时，请重新登录"))
        response.cookies[PendingSignIn.cookieName] = .expired
        return response
    }

    private func lockedOut(_ req: Request) async throws -> Response {
        let response = try await challengePage(
            req, error: "动态口令错误次数过多，本次登录已失效，请稍后重新输入账号和密码", status: .tooManyRequests,
            showForm: false)
        response.cookies[PendingSignIn.cookieName] = .expired
        return response
    }

    private func challengePage(_ req: Request, error: String?, status: HTTPResponseStatus = .ok,
                               showForm: Bool = true) async throws -> Response
    {
        let context = try await req.pageContext()
        return try await HTMLPage(SecondFactorViews.challenge(context: context, error: error, showForm: showForm),
                                  status: status).encodeResponse(for: req)
    }

    // MARK: Account

    @Sendable func showAccount(req: Request) async throws -> Response {
        let user = try req.requireUser()
        return try await accountPage(req, user: user, error: nil, status: .ok)
    }

    @Sendable func enrol(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(CodeForm.self)
        let service = SecondFactorService(request: req)
        guard let enrolment = try await service.enrolment(userID: user.id) else {
            return req.redirect(to: Page.secondFactor.path, flash: Flash(kind: .info, message: "您的账号已绑定动态口令"))
        }
        if let refused = try await takeAccountTry(req, user: user) { return refused }
        guard try await service.confirm(enrolment.factor, code: form.code ?? "") else {
            try await req.audit.record(.secondFactorFailure, outcome: .failure, targetType: "user",
                                       targetID: String(user.id), detail: "绑定时动态口令错误")
            return try await accountPage(req, user: user, error: "动态口令错误，请确认手机时间准确后输入当前显示的 6 位数字",
                                         status: .unprocessableEntity)
        }
        try await RateLimiter(database: req.db, now: req.now).reset(Self.accountSubject(user.id))
        let codes = try await service.issueRecoveryCodes(userID: user.id)
        try await req.audit.record(.secondFactorEnrol, targetType: "user", targetID: String(user.id))
        return try await recoveryCodesPage(req, codes: codes, message: "动态口令已绑定。以后登录时，输入密码后还需输入手机上的动态口令。")
    }

    @Sendable func regenerateRecoveryCodes(req: Request) async throws -> Response {
        let user = try req.requireUser()
        if let refusal = try await checkCurrentCode(req, user: user) { return refusal }
        let codes = try await SecondFactorService(request: req).issueRecoveryCodes(userID: user.id)
        try await req.audit.record(.recoveryCodesIssue, targetType: "user", targetID: String(user.id))
        return try await recoveryCodesPage(req, codes: codes, message: "已生成新的恢复码，原有恢复码全部作废。")
    }

    @Sendable func disable(req: Request) async throws -> Response {
        let user = try req.requireUser()
        if let refusal = try await checkCurrentCode(req, user: user) { return refusal }
        try await SecondFactorService(request: req).remove(userID: user.id)
        try await req.audit.record(.secondFactorDisable, targetType: "user", targetID: String(user.id))
        let required = SecondFactorPolicy.required(for: user.role, config: req.config)
        return req.redirect(to: Page.secondFactor.path, flash: Flash(
            kind: .success,
            message: required ? "已解除原动态口令，请用新手机扫码重新绑定" : "已解除动态口令，登录时不再需要输入动态口令"))
    }

    /// Checks the code typed to change a bound authenticator (a TOTP code or a recovery code), within the
    /// account's try limit: `nil` when it is right, else the page to answer with.
    private func checkCurrentCode(_ req: Request, user: CurrentUser) async throws -> Response? {
        let form = try req.content.decode(CodeForm.self)
        let service = SecondFactorService(request: req)
        guard let factor = try await service.confirmedFactor(userID: user.id) else {
            return req.redirect(to: Page.secondFactor.path, flash: Flash(kind: .info, message: "您的账号尚未绑定动态口令"))
        }
        if let refused = try await takeAccountTry(req, user: user) { return refused }
        let check = try await service.verify(form.code ?? "", factor: factor)
        switch check {
        case .totp, .recoveryCode:
            try await RateLimiter(database: req.db, now: req.now).reset(Self.accountSubject(user.id))
            if check == .recoveryCode {
                try await req.audit.record(.recoveryCodeUse, targetType: "user", targetID: String(user.id))
            }
            return nil
        case .wrong, .replayed:
            try await req.audit.record(.secondFactorFailure, outcome: .failure, targetType: "user",
                                       targetID: String(user.id), detail: "动态口令或恢复码错误")
            return try await accountPage(req, user: user, error: "动态口令或恢复码错误", status: .unprocessableEntity)
        }
    }

    /// A refusal when the account has used up its code tries.
    private func takeAccountTry(_ req: Request, user: CurrentUser) async throws -> Response? {
        let outcome = try await RateLimiter(database: req.db, now: req.now)
            .take(Self.accountSubject(user.id), rule: SecondFactorService.accountRule(req.config))
        guard case .refused(let until) = outcome else { return nil }
        return req.redirect(to: Page.secondFactor.path, flash: Flash(kind: .error,
                                                             message: LoginController.lockedMessage(until: until, now: req.now)))
    }

    private func accountPage(_ req: Request, user: CurrentUser, error: String?, status: HTTPResponseStatus)
        async throws -> Response
    {
        let context = try await req.pageContext()
        let service = SecondFactorService(request: req)
        let required = SecondFactorPolicy.required(for: user.role, config: req.config)
        let content: Node<HTML.BodyContext>
        if let factor = try await service.confirmedFactor(userID: user.id) {
            content = SecondFactorViews.bound(context: context, since: factor.confirmedAt,
                                              recoveryCodesLeft: try await service.unusedRecoveryCodes(userID: user.id),
                                              required: required, error: error)
        } else if let enrolment = try await service.enrolment(userID: user.id) {
            let totp = TOTP(secret: enrolment.secret)
            let qr = try QRCode(text: totp.uri(account: user.account))
            content = SecondFactorViews.enrol(context: context, qrSVG: qr.svg(moduleSize: 4, title: "动态口令绑定二维码"),
                                              secret: Base32.encode(enrolment.secret), required: required, error: error)
        } else {
            throw AppError.notFound()
        }
        return try await HTMLPage(Layout.shell("动态口令", context, content), status: status).encodeResponse(for: req)
    }

    private func recoveryCodesPage(_ req: Request, codes: [String], message: String) async throws -> Response {
        let context = try await req.pageContext()
        let content = SecondFactorViews.recoveryCodes(context: context, codes: codes, message: message)
        // HTMLPage answers `Cache-Control: no-store`: the codes stay out of every cache.
        return try await HTMLPage(Layout.shell("恢复码", context, content)).encodeResponse(for: req)
    }
}

/// Keeps a user who must use a second factor but has not bound one on /account/2fa, as `PasswordChangeGate` does
/// for passwords. API tokens are not affected.
struct SecondFactorGate: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let user = request.auth.get(CurrentUser.self), user.apiTokenID == nil,
           SecondFactorPolicy.required(for: user.role, config: request.config),
           !(try await SecondFactorService.isEnrolled(userID: user.id, on: request.db))
        {
            return request.redirect(to: Page.secondFactor.path, flash: Flash(
                kind: .warning, message: "按照安全要求，您的账号须先绑定动态口令（双因素认证）才能使用平台"))
        }
        return try await next.respond(to: request)
    }
}
