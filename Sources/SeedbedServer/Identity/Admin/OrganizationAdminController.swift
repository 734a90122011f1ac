import Fluent
import SeedbedDomain
import Vapor

/// 系统管理 → 机构管理: regional organisations come from GB/T 2260; the administrator adds high-tech zones and
/// incubators, renames them, and disables or enables any organisation.
struct OrganizationAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let orgs = routes.grouped(Page.organizations)
        orgs.get(use: list)
        orgs.get("new", use: new)
        orgs.post(use: create)
        orgs.get(":id", use: show)
        orgs.post(":id", use: update)
        orgs.post(":id", "disable", use: disable)
        orgs.post(":id", "enable", use: enable)
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let list = OrganizationList()
        return try await list.respond(req) { AdminViews.organizations(list, page: $0, filter: $1, viewer: $2) }
    }

    struct OrganizationForm: Content {
        var kind: String?
        var name: String?
        var regionCode: String?
    }

    @Sendable func new(req: Request) async throws -> HTMLPage {
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("新增机构", context, AdminViews.organizationForm(
            OrganizationForm(kind: OrganizationKind.zone.rawValue), errors: FormErrors(), organization: nil,
            context: context)))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(OrganizationForm.self)
        var errors = FormErrors()
        let kind = form.kind.flatMap(OrganizationKind.init(rawValue:))
        if kind != .zone && kind != .incubator {
            errors["kind"] = "只能新增高新区或孵化器；省、市、区县机构由行政区划表生成"
        }
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 100 { errors["name"] = "请填写机构名称（不超过 100 字）" }
        let code = (form.regionCode ?? "").trimmingCharacters(in: .whitespaces)
        if RegionTable.shipped[code] == nil { errors["regionCode"] = "请填写有效的 6 位行政区划代码" }
        if errors.isEmpty,
           try await Organization.query(on: req.db).filter(\.$name == name).first() != nil
        {
            errors["name"] = "已存在同名机构"
        }
        guard errors.isEmpty, let kind else {
            let context = try await req.pageContext()
            return try await HTMLPage(Layout.shell("新增机构", context, AdminViews.organizationForm(
                form, errors: errors, organization: nil, context: context)), status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        let organization = Organization(kind: kind, name: name, regionCode: code)
        try await organization.create(on: req.db)
        let id = organization.id.map(String.init) ?? ""
        try await req.audit.record(.create, targetType: "organization", targetID: id, detail: "\(kind.label)：\(name)")
        return req.redirect(to: "/admin/organizations/\(id)", flash: Flash(kind: .success, message: "机构已新增"))
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        guard let organization = try await Organization.find(try req.requireID(), on: req.db) else {
            throw AppError.notFound()
        }
        let context = try await req.pageContext()
        let form = OrganizationForm(kind: organization.kind.rawValue, name: organization.name,
                                    regionCode: organization.regionCode)
        return HTMLPage(Layout.shell(organization.name, context, AdminViews.organizationForm(
            form, errors: FormErrors(), organization: organization, context: context)))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let id = try req.requireID()
        guard let organization = try await Organization.find(id, on: req.db) else { throw AppError.notFound() }
        let form = try req.content.decode(OrganizationForm.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else {
            var errors = FormErrors()
            errors["name"] = "请填写机构名称（不超过 100 字）"
            let context = try await req.pageContext()
            return try await HTMLPage(Layout.shell(organization.name, context, AdminViews.organizationForm(
                form, errors: errors, organization: organization, context: context)), status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        let before = organization.name
        organization.name = name
        try await organization.save(on: req.db)
        try await req.audit.record(.update, targetType: "organization", targetID: String(id), detail: "\(before) → \(name)")
        return req.redirect(to: "/admin/organizations/\(id)", flash: Flash(kind: .success, message: "机构信息已保存"))
    }

    @Sendable func disable(req: Request) async throws -> Response { try await setActive(req, false) }
    @Sendable func enable(req: Request) async throws -> Response { try await setActive(req, true) }

    private func setActive(_ req: Request, _ active: Bool) async throws -> Response {
        let id = try req.requireID()
        guard let organization = try await Organization.find(id, on: req.db) else { throw AppError.notFound() }
        guard ConfirmPage.isConfirmed(req) else {
            let verb = active ? "启用" : "停用"
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "\(verb)机构",
                message: "确定\(verb)“\(organization.name)”吗？" + (active ? "" : "停用后该机构的所有用户将无法登录。"),
                action: "/admin/organizations/\(id)/\(active ? "enable" : "disable")",
                cancel: "/admin/organizations/\(id)", context: context)).encodeResponse(for: req)
        }
        organization.active = active
        try await organization.save(on: req.db)
        try await req.audit.record(active ? .enable : .disable, targetType: "organization", targetID: String(id),
                                   detail: organization.name)
        return req.redirect(to: "/admin/organizations/\(id)",
                            flash: Flash(kind: .success, message: active ? "机构已启用" : "机构已停用"))
    }
}
