import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// 账号变更 for an enterprise account: bind a new phone either by a code sent to the account's registered e-mail
/// (邮箱核验), or by uploading the signed 手机号变更申请表 for the platform administrator to approve (人工核验).
/// Either way the new phone is stored sealed, the change is audited and the new phone gets its login name by SMS.
/// An enterprise sees only its own requests.
struct AccountChangeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let page = routes.grouped(Page.myAccountChange)
        page.get(use: show)
        page.post("email", use: sendCode)
        page.post("email", "confirm", use: confirm)
        page.on(.POST, "manual", body: .collect(maxSize: "20mb"), use: manual)
    }

    /// What the signed form may be: a PDF or a scan.
    static let formKinds: Set<FileKind> = [.pdf, .jpeg, .png]

    struct State {
        let user: User
        let pendingCode: AccountChangeCode?
        let requests: [AccountChangeRequest]
    }

    private func state(_ req: Request) async throws -> (CurrentUser, State) {
        let current = try req.requireUser()
        guard let user = try await User.find(current.id, on: req.db), let enterpriseID = current.enterpriseID else {
            throw AppError.notFound()
        }
        let code = try await AccountChanges.pendingCode(userID: current.id, now: req.now, on: req.db)
        let requests = try await AccountChangeRequest.query(on: req.db).filter(\.$enterpriseID == enterpriseID)
            .filter(\.$userID == current.id).sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(20).all()
        return (current, State(user: user, pendingCode: code, requests: requests))
    }

    private func render(_ req: Request, errors: FormErrors = FormErrors(), phone: String = "",
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let (_, state) = try await state(req)
        let context = try await req.pageContext()
        return try await HTMLPage(Layout.shell(Page.myAccountChange.title, context, AccountChangeViews.page(
            state, errors: errors, phone: phone, context: context)), status: status).encodeResponse(for: req)
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(req)
    }

    struct PhoneForm: Content {
        var phone: String?
    }

    /// The new phone, or the field's error.
    private func newPhone(_ typed: String?, user: User, req: Request) throws -> Result<String, PhoneProblemError> {
        let cipher = try req.personalData
        let typed = String((typed ?? "").prefix(40))
        return AccountChangeRule.newPhone(typed) { cipher.hash($0) == user.phoneHash }
    }

    @Sendable func sendCode(req: Request) async throws -> Response {
        let (current, state) = try await state(req)
        let form = try req.content.decode(PhoneForm.self)
        let typed = String((form.phone ?? "").prefix(40))
        let phone: String
        switch try newPhone(typed, user: state.user, req: req) {
        case .failure(let error):
            return try await render(req, errors: .one("phone", error.problem.message), phone: typed, status: .unprocessableEntity)
        case .success(let value): phone = value
        }
        guard let address = state.user.email?.trimmingCharacters(in: .whitespaces), address.contains("@") else {
            return try await render(req, errors: .one("phone", "本账号未登记电子邮箱，无法邮箱核验，请选择人工核验"), phone: typed,
                                    status: .unprocessableEntity)
        }
        // One mail a minute per account, decided in one statement.
        let limiter = RateLimiter(database: req.db, now: req.now)
        if case .refused = try await limiter.take("account-change:user:\(current.id)", rule: .init(limit: 1, window: 60)) {
            return try await render(req, errors: .one("phone", "验证码发送过于频繁，请 1 分钟后再试"), phone: typed,
                                    status: .tooManyRequests)
        }
        let cipher = try req.personalData
        let code = String(format: "%06d", Int.random(in: 0...999_999))
        let sealed = try cipher.protect(phone, as: .phone)
        try await req.db.transaction { db in
            try await AccountChanges.retireCodes(userID: current.id, at: req.now, on: db)
            let record = AccountChangeCode()
            record.userID = current.id
            record.codeHash = AccountChanges.codeHash(code, userID: current.id, cipher: cipher)
            record.phoneSealed = sealed?.sealed ?? ""
            record.phoneMasked = Masking.phone(phone)
            record.expiresAt = req.now.addingTimeInterval(Double(AccountChangeRule.codeLifetimeMinutes) * 60)
            record.tries = 0
            record.createdAt = req.now
            try await record.create(on: db)
        }
        let minutes = AccountChangeRule.codeLifetimeMinutes
        try await req.mail.send(
            to: address, purpose: "账号变更", subject: "账号变更验证码",
            body: "您正在为账号 \(state.user.account) 绑定新手机号码 \(Masking.phone(phone))，验证码 \(code)，\(minutes) 分钟内有效。如非本人操作，请忽略本邮件。",
            code: code, on: req.db, now: req.now, logger: req.logger)
        try await req.audit.record(.update, targetType: "user", targetID: String(current.id),
                                   detail: "账号变更：向登记邮箱 \(Masking.email(address)) 发送验证码")
        return req.redirect(to: Page.myAccountChange.path, flash: Flash(
            kind: .success, message: "验证码已发送至 \(Masking.email(address))，\(minutes) 分钟内有效"))
    }

    struct CodeForm: Content {
        var code: String?
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        let (current, state) = try await state(req)
        let form = try req.content.decode(CodeForm.self)
        let invalid = "验证码无效或已过期，请重新获取"
        guard let pending = state.pendingCode, let codeID = pending.id else {
            return try await render(req, errors: .one("code", invalid), status: .unprocessableEntity)
        }
        guard let tries = try await AccountChanges.takeTry(codeID: codeID, on: req.db) else {
            return try await render(req, errors: .one("code", "验证码错误次数过多，请重新获取"), status: .unprocessableEntity)
        }
        let cipher = try req.personalData
        let code = String((form.code ?? "").trimmingCharacters(in: .whitespaces).prefix(16))
        guard CSRFMiddleware.constantTimeEquals(AccountChanges.codeHash(code, userID: current.id, cipher: cipher),
                                                pending.codeHash)
        else {
            try await req.audit.record(.update, outcome: .failure, targetType: "user", targetID: String(current.id),
                                       detail: "账号变更：邮箱验证码错误")
            let left = AccountChangeRule.triesLeft(after: tries)
            return try await render(req, errors: .one("code", left > 0 ? "验证码错误，还可尝试 \(left) 次" : "验证码错误次数过多，请重新获取"),
                                    status: .unprocessableEntity)
        }
        guard let phone = cipher.open(pending.phoneSealed),
              try await AccountChanges.markUsed(codeID: codeID, at: req.now, on: req.db)
        else {
            return try await render(req, errors: .one("code", invalid), status: .unprocessableEntity)
        }
        let before = state.user.phone ?? "—"
        try await AccountChanges.bind(phone: phone, to: state.user, cipher: cipher, sms: req.sms, db: req.db,
                                      now: req.now, logger: req.logger)
        try await req.audit.record(.update, targetType: "user", targetID: String(current.id),
                                   detail: "账号变更（邮箱核验）：手机号 \(before) → \(Masking.phone(phone))")
        return req.redirect(to: Page.myAccountChange.path, flash: Flash(
            kind: .success, message: "手机号码已变更为 \(Masking.phone(phone))，登录名已通过短信发送至新号码"))
    }

    struct ManualForm: Content {
        var phone: String?
        var form: File?
    }

    @Sendable func manual(req: Request) async throws -> Response {
        let (current, state) = try await state(req)
        let posted = try req.content.decode(ManualForm.self)
        let typed = String((posted.phone ?? "").prefix(40))
        var errors = FormErrors()
        let checked = try newPhone(typed, user: state.user, req: req)
        if case .failure(let error) = checked { errors["manual_phone"] = error.problem.message }
        let phone = (try? checked.get()) ?? ""
        if posted.form.map({ $0.data.readableBytes == 0 }) ?? true {
            errors["form"] = "请上传已签字盖章的手机号变更申请表"
        }
        if state.requests.contains(where: { $0.status == .pending }) {
            errors["manual_phone"] = "已有待审核的变更申请，请等待审核结果"
        }
        guard errors.isEmpty, let file = posted.form, let enterpriseID = current.enterpriseID,
              let enterprise = try await Enterprise.find(enterpriseID, on: req.db)
        else {
            return try await render(req, errors: errors, phone: typed, status: .unprocessableEntity)
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-account-change-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(buffer: file.data).write(to: url)
        let cipher = try req.personalData
        let sealed = try cipher.protect(phone, as: .phone)
        let request = AccountChangeRequest()
        do {
            try await req.db.transaction { db in
                let stored = try await Files(app: req.application, db: db).keep(
                    url, name: file.filename, purpose: "account-change", owner: current.id,
                    subject: (enterpriseID, enterprise.regionCode, enterprise.zoneID, enterprise.incubatorID),
                    allowed: Self.formKinds)
                request.enterpriseID = enterpriseID
                request.regionCode = enterprise.regionCode
                request.zoneID = enterprise.zoneID
                request.incubatorID = enterprise.incubatorID
                request.userID = current.id
                request.phoneSealed = sealed?.sealed ?? ""
                request.phoneMasked = Masking.phone(phone)
                request.fileID = stored.id ?? 0
                request.status = .pending
                request.createdAt = req.now
                try await request.create(on: db)
            }
        } catch let error as AppError {
            return try await render(req, errors: .one("form", error.message), phone: typed, status: .unprocessableEntity)
        }
        try await req.audit.record(.create, targetType: "account_change", targetID: request.id.map(String.init),
                                   detail: "账号变更（人工核验）申请：新手机号 \(Masking.phone(phone))")
        return req.redirect(to: Page.myAccountChange.path, flash: Flash(
            kind: .success, message: "变更申请已提交，平台管理员审核通过后将向新号码发送登录名"))
    }
}

extension FormErrors {
    /// Errors naming one field.
    static func one(_ field: String, _ message: String) -> FormErrors {
        var errors = FormErrors()
        errors[field] = message
        return errors
    }
}
