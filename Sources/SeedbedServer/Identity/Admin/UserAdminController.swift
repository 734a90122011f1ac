import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// 系统管理 → 用户管理: the system administrator creates, edits, disables and enables accounts and resets
/// passwords (which forces a change at next login). The three administrator roles are not theirs to give or
/// take (三员分立): only the security administrator and the command line grant them, and the accounts that hold
/// them are out of this page's reach except for their name and contact details.
struct UserAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped(Page.users)
        users.get(use: list)
        users.get("new", use: new)
        users.post(use: create)
        users.get(":id", use: show)
        users.post(":id", use: update)
        users.post(":id", "disable", use: disable)
        users.post(":id", "enable", use: enable)
        users.post(":id", "reset-password", use: resetPassword)
    }

    struct UserRow: Decodable, Sendable {
        let id: Int
        let account: String
        let name: String
        let phone: String?
        let role: Role
        let active: Bool
        let organizationName: String?
        let enterpriseName: String?
        let lastLoginAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, account, name, phone, role, active
            case organizationName = "organization_name"
            case enterpriseName = "enterprise_name"
            case lastLoginAt = "last_login_at"
        }
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let list = UserList()
        return try await list.respond(req) { AdminViews.users(list, page: $0, filter: $1, viewer: $2) }
    }

    struct UserForm: Content {
        var account: String?
        var name: String?
        var phone: String?
        var email: String?
        var role: String?
        var regionCode: String?
        var organizationID: String?
        var uscc: String?
    }

    @Sendable func new(req: Request) async throws -> HTMLPage {
        return try await formPage(req, form: UserForm(role: Role.county.rawValue), errors: FormErrors(), id: nil)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(UserForm.self)
        let resolved = try await resolve(form, req: req, existing: nil)
        guard case .success(let target) = resolved else {
            if case .failure(let errors) = resolved {
                return try await formPage(req, form: form, errors: errors, id: nil).encodeResponse(for: req)
            }
            throw AppError.badRequest("表单无效")
        }
        let password = PasswordService.temporaryPassword()
        let user = User(account: target.account, name: target.name, role: target.role,
                        organizationID: target.organizationID, enterpriseID: target.enterpriseID,
                        phone: try req.personalData.protect(target.phone, as: .phone),
                        passwordHash: try await req.password.async.hash(password), mustChangePassword: true,
                        now: req.now)
        user.email = target.email
        try await user.create(on: req.db)
        let id = user.id.map(String.init) ?? ""
        try await req.audit.record(.create, targetType: "user", targetID: id,
                                   detail: "\(target.account)（\(target.role.label)）")
        let context = try await req.pageContext()
        return try await HTMLPage(Layout.shell("用户已创建", context, AdminViews.passwordShown(
            title: "用户已创建", account: target.account, password: password, back: "/admin/users/\(id)")))
            .encodeResponse(for: req)
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let id = try req.requireID()
        guard let user = try await User.find(id, on: req.db) else { throw AppError.notFound() }
        var form = UserForm(account: user.account, name: user.name, phone: user.phone, email: user.email,
                            role: user.role.rawValue)
        if let orgID = user.organizationID, let org = try await Organization.find(orgID, on: req.db) {
            form.organizationID = String(orgID)
            form.regionCode = org.regionCode
        }
        if let enterpriseID = user.enterpriseID, let enterprise = try await Enterprise.find(enterpriseID, on: req.db) {
            form.uscc = enterprise.uscc
        }
        return try await formPage(req, form: form, errors: FormErrors(), id: id, user: user)
    }

    @Sendable func update(req: Request) async throws -> Response {
        let id = try req.requireID()
        guard let user = try await User.find(id, on: req.db) else { throw AppError.notFound() }
        var form = try req.content.decode(UserForm.self)
        form.account = user.account
        if user.role.isAdministrator {
            // The form shows an administrator's role but cannot change it.
            form.role = user.role.rawValue
        }
        // The form shows the phone masked; sent back unchanged it keeps the stored number.
        let shown = form.phone
        let keepingPhone = shown?.contains("*") == true && shown == user.phone
        if keepingPhone { form.phone = nil }
        switch try await resolve(form, req: req, existing: user) {
        case .failure(let errors):
            form.phone = shown
            return try await formPage(req, form: form, errors: errors, id: id, user: user).encodeResponse(for: req)
        case .success(let target):
            user.name = target.name
            if !keepingPhone { user.setPhone(try req.personalData.protect(target.phone, as: .phone)) }
            user.email = target.email
            user.role = target.role
            user.organizationID = target.organizationID
            user.enterpriseID = target.enterpriseID
            try await user.save(on: req.db)
            try await req.audit.record(.update, targetType: "user", targetID: String(id),
                                       detail: "\(user.account)（\(target.role.label)）")
            return req.redirect(to: "/admin/users/\(id)", flash: Flash(kind: .success, message: "用户信息已保存"))
        }
    }

    @Sendable func disable(req: Request) async throws -> Response {
        try await setActive(req, false)
    }

    @Sendable func enable(req: Request) async throws -> Response {
        try await setActive(req, true)
    }

    private func setActive(_ req: Request, _ active: Bool) async throws -> Response {
        let admin = try req.requireUser()
        let id = try req.requireID()
        guard let user = try await User.find(id, on: req.db) else { throw AppError.notFound() }
        try await Self.refuseAdministrator(user, req: req)
        if !active && id == admin.id {
            return req.redirect(to: "/admin/users/\(id)", flash: Flash(kind: .error, message: "不能停用当前登录的账号"))
        }
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            let verb = active ? "启用" : "停用"
            return try await HTMLPage(ConfirmPage.render(
                title: "\(verb)用户", message: "确定\(verb)账号“\(user.account)”吗？" + (active ? "" : "停用后该账号将立即退出且无法登录。"),
                action: "/admin/users/\(id)/\(active ? "enable" : "disable")", cancel: "/admin/users/\(id)",
                context: context)).encodeResponse(for: req)
        }
        user.active = active
        try await user.save(on: req.db)
        if !active { try await UserSession.query(on: req.db).filter(\.$userID == id).delete() }
        try await req.audit.record(active ? .enable : .disable, targetType: "user", targetID: String(id),
                                   detail: user.account)
        return req.redirect(to: "/admin/users/\(id)",
                            flash: Flash(kind: .success, message: active ? "账号已启用" : "账号已停用"))
    }

    @Sendable func resetPassword(req: Request) async throws -> Response {
        let id = try req.requireID()
        guard let user = try await User.find(id, on: req.db) else { throw AppError.notFound() }
        try await Self.refuseAdministrator(user, req: req)
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "重置密码", message: "确定重置账号“\(user.account)”的密码吗？系统将生成临时密码，该用户下次登录时必须修改。",
                action: "/admin/users/\(id)/reset-password", cancel: "/admin/users/\(id)", context: context))
                .encodeResponse(for: req)
        }
        let password = PasswordService.temporaryPassword()
        try await PasswordService(request: req).set(password, for: user, mustChange: true, keepSessionID: nil)
        try await req.audit.record(.adminPasswordReset, targetType: "user", targetID: String(id), detail: user.account)
        let context = try await req.pageContext()
        return try await HTMLPage(Layout.shell("密码已重置", context, AdminViews.passwordShown(
            title: "密码已重置", account: user.account, password: password, back: "/admin/users/\(id)")))
            .encodeResponse(for: req)
    }

    /// Administrator accounts are disabled, enabled and reset by nobody on this page: a system administrator
    /// who could reset the auditor's password could read the audit log as the auditor. The attempt is audited.
    private static func refuseAdministrator(_ user: User, req: Request) async throws {
        let role = user.role
        guard role.isAdministrator else { return }
        try await req.audit.record(.denied, outcome: .denied, targetType: "user", targetID: user.id.map(String.init),
                                   detail: "系统管理员不能停用、启用或重置管理员账号 \(user.account)（\(role.label)）")
        throw AppError.forbidden("管理员账号只能由安全管理员或命令行维护")
    }

    struct ResolvedUser {
        let account: String
        let name: String
        let phone: String?
        let email: String?
        let role: Role
        let organizationID: Int?
        let enterpriseID: Int?
    }

    /// Validates the form and finds the organisation or enterprise the account belongs to.
    private func resolve(_ form: UserForm, req: Request, existing: User?) async throws -> Result<ResolvedUser, FormErrors> {
        var errors = FormErrors()
        let account = (form.account ?? "").trimmingCharacters(in: .whitespaces)
        if existing == nil {
            if account.count < 3 || account.count > 32
                || !account.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
            {
                errors["account"] = "账号为 3–32 位字母、数字或 - _ .（不含空格和中文）"
            } else if try await User.query(on: req.db).filter(\.$account == account).first() != nil {
                errors["account"] = "该账号已存在"
            }
        }
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 50 { errors["name"] = "请填写姓名（不超过 50 字）" }
        let phone = (form.phone ?? "").trimmingCharacters(in: .whitespaces)
        if !phone.isEmpty, !(phone.count == 11 && phone.hasPrefix("1") && phone.allSatisfy(\.isNumber)) {
            errors["phone"] = "请填写 11 位手机号码（用于找回密码）"
        }
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces)
        if !email.isEmpty, !(email.contains("@") && email.count <= 100) { errors["email"] = "邮箱格式不正确" }
        guard let role = form.role.flatMap(Role.init(rawValue:)) else {
            errors["role"] = "请选择角色"
            return .failure(errors)
        }
        if role.isAdministrator, existing?.role != role {
            errors["role"] = "系统管理员不能授予管理员角色：管理员角色由安全管理员分配"
            return .failure(errors)
        }
        var organizationID: Int?
        var enterpriseID: Int?
        switch role {
        case .platformAdmin, .securityAdmin, .auditAdmin, .partner:
            break
        case .national:
            organizationID = try await Organization.query(on: req.db)
                .filter(\.$kind == .national).first()?.id
        case .province, .city, .county:
            let code = (form.regionCode ?? "").trimmingCharacters(in: .whitespaces)
            if let kind = OrganizationKind.allCases.first(where: { $0.role == role }),
               let org = try await Organization.query(on: req.db).filter(\.$kind == kind)
                .filter(\.$regionCode == code).first()
            {
                organizationID = org.id
            } else {
                errors["regionCode"] = "未找到该行政区划代码对应的\(role.label)机构（\(role.label)须填写对应级别的 6 位代码）"
            }
        case .zone, .incubator:
            if let id = InputNumber.integer(form.organizationID, in: InputRange.id), let org = try await Organization.find(id, on: req.db),
               org.kind.role == role
            {
                organizationID = id
            } else {
                errors["organizationID"] = "请选择所属\(role.label)"
            }
        case .enterprise:
            switch USCC.parse(form.uscc ?? "") {
            case .failure(let error): errors["uscc"] = error.message
            case .success(let code):
                if let enterprise = try await Enterprise.query(on: req.db).filter(\.$uscc == code.value).first() {
                    enterpriseID = enterprise.id
                } else {
                    errors["uscc"] = "未找到该统一社会信用代码的企业，请先在企业信息中新增"
                }
            }
        }
        guard errors.isEmpty else { return .failure(errors) }
        return .success(ResolvedUser(account: existing?.account ?? account, name: name,
                                     phone: phone.isEmpty ? nil : phone, email: email.isEmpty ? nil : email,
                                     role: role, organizationID: organizationID, enterpriseID: enterpriseID))
    }

    private func formPage(_ req: Request, form: UserForm, errors: FormErrors, id: Int?, user: User? = nil)
        async throws -> HTMLPage
    {
        let context = try await req.pageContext()
        let groups = try await Organization.query(on: req.db)
            .filter(\.$kind ~~ [.zone, .incubator])
            .filter(\.$active == true).sort(\.$name).limit(1000).all()
        let orgOptions = groups.compactMap { org in
            org.id.map { SelectOption(value: String($0), label: "\(org.name)（\(org.kind.label)）") }
        }
        return HTMLPage(Layout.shell(id == nil ? "新增用户" : "用户详情", context, AdminViews.userForm(
            form, errors: errors, id: id, user: user, orgOptions: orgOptions, context: context)),
                        status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}
