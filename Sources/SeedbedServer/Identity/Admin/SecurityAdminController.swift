import Fluent
import SeedbedDomain
import Vapor

/// 安全管理: the security administrator's pages (三员分立). The password and lock policy, the accounts and
/// addresses locked after failed logins (and their unlocking), and the roles of existing accounts — the only
/// place besides the command line where an administrator role is granted. Every change is audited.
struct SecurityAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let security = routes.grouped(Page.security)
        security.get(use: show)
        security.post("policy", use: savePolicy)
        security.post("unlock", use: unlock)
        security.get("roles", use: roleList)
        security.post("roles", ":id", use: changeRole)
    }

    // MARK: Policy and locks

    struct PolicyForm: Content {
        var minimumLength: String?
        var requiredClasses: String?
        var historyDepth: String?
        var maximumAgeDays: String?
        var accountLockThreshold: String?
        var ipLockThreshold: String?
        var lockWindowMinutes: String?
        var lockMinutes: String?

        init(_ policy: SecurityPolicy) {
            minimumLength = String(policy.minimumLength)
            requiredClasses = String(policy.requiredClasses)
            historyDepth = String(policy.historyDepth)
            maximumAgeDays = String(policy.maximumAgeDays)
            accountLockThreshold = String(policy.accountLockThreshold)
            ipLockThreshold = String(policy.ipLockThreshold)
            lockWindowMinutes = String(policy.lockWindowMinutes)
            lockMinutes = String(policy.lockMinutes)
        }
    }

    /// A subject locked now, as the page lists it.
    struct LockedSubject: Sendable {
        let subject: String
        let kind: String
        let name: String
        let until: Date
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        return try await page(req, form: PolicyForm(SecurityPolicy(req.config)), errors: FormErrors())
    }

    @Sendable func savePolicy(req: Request) async throws -> Response {
        let form = try req.content.decode(PolicyForm.self)
        var errors = FormErrors()
        func number(_ field: String, _ text: String?, _ range: ClosedRange<Int>) -> Int {
            guard let value = InputNumber.integer(text, in: range) else {
                errors[field] = "请填写 \(range.lowerBound)–\(range.upperBound) 之间的整数"
                return range.lowerBound
            }
            return value
        }
        typealias Bounds = SecurityPolicy.Bounds
        var policy = SecurityPolicy(req.config)
        policy.minimumLength = number("minimumLength", form.minimumLength, Bounds.minimumLength)
        policy.requiredClasses = number("requiredClasses", form.requiredClasses, Bounds.requiredClasses)
        policy.historyDepth = number("historyDepth", form.historyDepth, Bounds.historyDepth)
        policy.maximumAgeDays = number("maximumAgeDays", form.maximumAgeDays, Bounds.maximumAgeDays)
        policy.accountLockThreshold = number("accountLockThreshold", form.accountLockThreshold,
                                             Bounds.accountLockThreshold)
        policy.ipLockThreshold = number("ipLockThreshold", form.ipLockThreshold, Bounds.ipLockThreshold)
        policy.lockWindowMinutes = number("lockWindowMinutes", form.lockWindowMinutes, Bounds.lockWindowMinutes)
        policy.lockMinutes = number("lockMinutes", form.lockMinutes, Bounds.lockMinutes)
        guard errors.isEmpty else {
            return try await page(req, form: form, errors: errors).encodeResponse(for: req)
        }
        try await req.application.securityPolicies.save(policy, on: req.db)
        try await req.audit.record(.securityPolicyChange, targetType: "security_policy", detail: policy.summary)
        return req.redirect(to: Page.security.path, flash: Flash(kind: .success, message: "安全策略已保存，立即生效"))
    }

    struct UnlockForm: Content {
        var subject: String?
    }

    @Sendable func unlock(req: Request) async throws -> Response {
        let subject = try req.content.decode(UnlockForm.self).subject ?? ""
        guard subject.utf8.count <= 300,
              subject.hasPrefix(LoginThrottle.accountSubject("")) || subject.hasPrefix(LoginThrottle.ipSubject(""))
        else { throw AppError.badRequest("无效的解锁对象") }
        try await RateLimiter(database: req.db, now: req.now).reset(subject)
        let named = Self.describe(subject)
        try await req.audit.record(.unlock, targetType: named.kind == "账号" ? "account" : "ip", targetID: named.name,
                                   detail: "解除\(named.kind)“\(named.name)”的登录锁定")
        return req.redirect(to: Page.security.path,
                            flash: Flash(kind: .success, message: "已解除\(named.kind)“\(named.name)”的锁定"))
    }

    /// The accounts and addresses locked now, under the rules in force.
    static func lockedSubjects(_ req: Request) async throws -> [LockedSubject] {
        let config = req.config
        let limiter = RateLimiter(database: req.db, now: req.now)
        let accounts = try await limiter.locked(
            prefix: LoginThrottle.accountSubject(""),
            rule: .init(limit: config.accountLockThreshold, window: config.lockWindow, lock: config.lockDuration))
        let addresses = try await limiter.locked(
            prefix: LoginThrottle.ipSubject(""),
            rule: .init(limit: config.ipLockThreshold, window: config.lockWindow, lock: config.lockDuration))
        return (accounts + addresses).map { entry in
            let named = describe(entry.subject)
            return LockedSubject(subject: entry.subject, kind: named.kind, name: named.name, until: entry.until)
        }
    }

    static func describe(_ subject: String) -> (kind: String, name: String) {
        let account = LoginThrottle.accountSubject("")
        if subject.hasPrefix(account) { return ("账号", String(subject.dropFirst(account.count))) }
        return ("IP 地址", String(subject.dropFirst(LoginThrottle.ipSubject("").count)))
    }

    private func page(_ req: Request, form: PolicyForm, errors: FormErrors) async throws -> HTMLPage {
        let context = try await req.pageContext()
        let locked = try await Self.lockedSubjects(req)
        return HTMLPage(Layout.shell("安全管理", context, SecurityViews.page(form, errors: errors, locked: locked,
                                                                      context: context)),
                        status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    // MARK: Roles

    /// An account as the role page lists it, with the roles it may be given.
    struct RoleRow: Sendable {
        let id: Int
        let account: String
        let name: String
        let role: Role?
        let organization: String?
        let choices: [Role]
        let isSelf: Bool
    }

    @Sendable func roleList(req: Request) async throws -> HTMLPage {
        let me = try req.requireUser()
        let q = queryText(req.queryDictionary, "q", max: 32)
        var query = User.query(on: req.db)
        if !q.isEmpty {
            query = query.group(.or) { group in
                group.filter(\.$account ~~ q)
                group.filter(\.$name ~~ q)
            }
        }
        let users = try await query.sort(\.$id).limit(50).all()
        var rows: [RoleRow] = []
        for user in users {
            guard let id = user.id else { continue }
            let organization = try await user.organizationID.asyncFlatMap { try await Organization.find($0, on: req.db) }
            rows.append(RoleRow(id: id, account: user.account, name: user.name, role: user.role,
                                organization: organization?.name,
                                choices: Self.choices(for: user, organization: organization), isSelf: id == me.id))
        }
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("角色分配", context, SecurityViews.roles(rows, q: q, context: context)))
    }

    /// The roles an account may hold: the three administrators', or the one its organisation or enterprise
    /// gives it (so an administrator role can be taken back). Government roles follow the organisation, so
    /// they are never picked freely.
    static func choices(for user: User, organization: Organization?) -> [Role] {
        var natural: Role?
        if let kind = organization?.kind {
            natural = kind.role
        } else if user.enterpriseID != nil {
            natural = .enterprise
        } else if user.role == .partner {
            natural = .partner
        }
        return [Role.platformAdmin, .securityAdmin, .auditAdmin] + (natural.map { [$0] } ?? [])
    }

    struct RoleForm: Content {
        var role: String?
    }

    @Sendable func changeRole(req: Request) async throws -> Response {
        let me = try req.requireUser()
        let id = try req.requireID()
        guard let user = try await User.find(id, on: req.db) else { throw AppError.notFound() }
        guard let role = try req.content.decode(RoleForm.self).role.flatMap(Role.init(rawValue:)) else {
            throw AppError.badRequest("请选择角色")
        }
        let back = "/admin/security/roles?q=" + (user.account.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        if id == me.id {
            try await req.audit.record(.roleChange, outcome: .denied, targetType: "user", targetID: String(id),
                                       detail: "试图变更本人角色为\(role.label)")
            return req.redirect(to: back, flash: Flash(kind: .error, message: "管理员不能变更本人的角色"))
        }
        let organization = try await user.organizationID.asyncFlatMap { try await Organization.find($0, on: req.db) }
        guard Self.choices(for: user, organization: organization).contains(role) else {
            try await req.audit.record(.roleChange, outcome: .denied, targetType: "user", targetID: String(id),
                                       detail: "\(user.account)：不能授予\(role.label)（与所属机构不符）")
            return req.redirect(to: back, flash: Flash(kind: .error,
                                                       message: "账号“\(user.account)”不能授予\(role.label)：角色须与所属机构一致"))
        }
        let before = user.role.label
        guard user.role != role else {
            return req.redirect(to: back, flash: Flash(kind: .info, message: "角色未变化"))
        }
        user.role = role
        try await user.save(on: req.db)
        try await req.audit.record(.roleChange, targetType: "user", targetID: String(id),
                                   detail: "\(user.account)：\(before) → \(role.label)")
        return req.redirect(to: back, flash: Flash(kind: .success,
                                                   message: "账号“\(user.account)”的角色已变更为\(role.label)"))
    }
}

extension Optional {
    /// `flatMap` for an async transform.
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
