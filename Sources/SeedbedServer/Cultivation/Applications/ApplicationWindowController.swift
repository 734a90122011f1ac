import Fluent
import Plot
import SeedbedDomain
import Vapor

/// 申报时间维护 (seed 002 FAQ 4): the periods in which a province's enterprises may apply for each level. A
/// province account keeps its own province's windows; the platform administrator any province's; the national
/// centre reads them all. Applications stay closed wherever no window is open.
struct ApplicationWindowController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let windows = routes.grouped(Page.applicationWindows)
        windows.get(use: list)
        windows.get("new", use: new)
        windows.post(use: create)
        windows.get(":id", "edit", use: edit)
        windows.post(":id", use: update)
        windows.post(":id", "delete", use: delete)
    }

    /// The provinces a user may set windows for: every one for the administrator, its own for a province,
    /// none for the national centre (it reads).
    static func manageable(_ user: CurrentUser) -> [String]? {
        switch user.role {
        case .platformAdmin: return nil
        case .province:
            if case .region(let prefix) = user.scope, prefix.count == 2 { return [prefix] }
            return []
        default: return []
        }
    }

    static func mayManage(_ user: CurrentUser, prefix: String) -> Bool {
        guard let allowed = manageable(user) else { return prefix.count == 2 }
        return allowed.contains(prefix)
    }

    /// The windows a user sees: all for the administrator and the national centre, its own province's (and
    /// national ones) for a province.
    static func visible(_ user: CurrentUser, on db: any Database) async throws -> [ApplicationWindow] {
        let rows = try await ApplicationWindow.query(on: db).sort(\.$opensOn, .descending).sort(\.$id, .descending).all()
        switch user.role {
        case .platformAdmin, .national: return rows
        default:
            let own = manageable(user) ?? []
            return rows.filter { $0.regionPrefix.isEmpty || own.contains($0.regionPrefix) }
        }
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let rows = try await Self.visible(user, on: req.db)
        let context = try await req.pageContext()
        let today = LocalDate(chinaTimeOf: req.now)
        let canAdd = Self.manageable(user).map { !$0.isEmpty } ?? true
        let table = UI.table(columns: ["申报级别", "地区", "开始日期", "截止日期", "状态", "操作"], rows: rows.map { row in
            let state = Self.state(row, today: today)
            return [
                .text(row.kind.label), .text(row.regionLabel), .text(row.opensOn), .text(row.closesOn),
                UI.badge(state.label, tone: state.tone),
                Self.mayManage(user, prefix: row.regionPrefix)
                    ? .group(.a(.href("\(Page.applicationWindows.path)/\(row.id ?? 0)/edit"), .text("编辑")), .text(" "),
                             UI.actionButton("删除", action: "\(Page.applicationWindows.path)/\(row.id ?? 0)/delete",
                                             csrf: context.csrfToken, confirm: "确定删除这个申报时间吗？"))
                    : .text("—"),
            ]
        }, emptyText: "尚未设置申报时间：企业端不开放申报入口")
        return HTMLPage(Layout.shell("申报时间维护", context, .group(
            UI.pageHeader("申报时间维护", actions: canAdd
                ? [UI.buttonLink("新增申报时间", url: Page.applicationWindows.path + "/new", style: "primary")] : []),
            .p(.class("muted"), .text("企业只能在所在省份的申报时间内（含开始和截止当天）发起、暂存和提交申报；未设置申报时间的省份不开放申报入口。")),
            table)))
    }

    static func state(_ row: ApplicationWindow, today: LocalDate) -> (label: String, tone: String) {
        guard let window = row.filingWindow, case .dates(let from, let through) = window.period else {
            return ("日期无效", "danger")
        }
        if today < from { return ("未开始", "neutral") }
        if through < today { return ("已结束", "neutral") }
        return ("开放中", "success")
    }

    @Sendable func new(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        guard Self.manageable(user).map({ !$0.isEmpty }) ?? true else { throw AppError.forbidden("您只能查看申报时间") }
        return try await form(req, user: user, id: nil, values: [:], errors: FormErrors())
    }

    @Sendable func edit(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let row = try await own(req, user: user)
        return try await form(req, user: user, id: row.id, values: [
            "kind": row.kind.rawValue, "region": row.regionPrefix, "opens_on": row.opensOn, "closes_on": row.closesOn,
        ], errors: FormErrors())
    }

    /// A window the user may change; another province's reads as absent.
    private func own(_ req: Request, user: CurrentUser) async throws -> ApplicationWindow {
        guard let row = try await ApplicationWindow.find(try req.requireID(), on: req.db),
              Self.mayManage(user, prefix: row.regionPrefix)
        else { throw AppError.notFound() }
        return row
    }

    private func form(_ req: Request, user: CurrentUser, id: Int?, values: [String: String], errors: FormErrors,
                      status: HTTPResponseStatus = .ok) async throws -> HTMLPage {
        let context = try await req.pageContext()
        let kinds = ApplicationWindows.kinds.map { SelectOption(value: $0.rawValue, label: $0.label) }
        let provinces = (Self.manageable(user) ?? RegionTable.shipped.provinces.map { String($0.code.prefix(2)) })
            .map { SelectOption(value: $0, label: ApplicationWindows.regionLabel($0)) }
        let title = id == nil ? "新增申报时间" : "编辑申报时间"
        let action = id.map { "\(Page.applicationWindows.path)/\($0)" } ?? Page.applicationWindows.path
        return HTMLPage(Layout.shell(title, context, .group(
            UI.pageHeader(title, actions: [UI.buttonLink("返回", url: Page.applicationWindows.path)]),
            .if(!errors.isEmpty, UI.alert(errors["_"] ?? "请修改标红的项目后再保存")),
            .form(.method(.post), .action(action), .class("stacked card"),
                  UI.csrfField(context.csrfToken),
                  UI.field(FieldSpec(label: "申报级别", name: "kind", value: values["kind"] ?? "",
                                     kind: .select([SelectOption(value: "", label: "请选择")] + kinds), required: true,
                                     error: errors["kind"])),
                  UI.field(FieldSpec(label: "省份", name: "region", value: values["region"] ?? "",
                                     kind: .select([SelectOption(value: "", label: "请选择")] + provinces), required: true,
                                     error: errors["region"])),
                  UI.field(FieldSpec(label: "开始日期", name: "opens_on", value: values["opens_on"] ?? "", kind: .date,
                                     required: true, help: "当天起开放", error: errors["opens_on"])),
                  UI.field(FieldSpec(label: "截止日期", name: "closes_on", value: values["closes_on"] ?? "", kind: .date,
                                     required: true, help: "当天仍可提交", error: errors["closes_on"])),
                  .div(.class("form-actions"), UI.submit("保存"))))), status: status)
    }

    struct Posted: Content {
        var kind: String?
        var region: String?
        var opens_on: String?
        var closes_on: String?
    }

    /// Checks a posted window; the errors by field, or the values to store.
    static func validate(_ posted: Posted, user: CurrentUser, excluding id: Int?, on db: any Database) async throws
        -> (errors: FormErrors, window: (FilingKind, String, LocalDate, LocalDate)?)
    {
        var errors = FormErrors()
        let kind = posted.kind.flatMap(FilingKind.init(rawValue:)).flatMap { ApplicationWindows.kinds.contains($0) ? $0 : nil }
        if kind == nil { errors["kind"] = "请选择申报级别" }
        let region = (posted.region ?? "").trimmingCharacters(in: .whitespaces)
        let isProvince = region.count == 2 && RegionTable.shipped.provinces.contains { $0.code.hasPrefix(region) }
        if !isProvince {
            errors["region"] = "请选择省份"
        } else if !mayManage(user, prefix: region) {
            errors["region"] = "您只能设置本省的申报时间"
        }
        func day(_ text: String?, _ field: String, _ label: String) -> LocalDate? {
            let text = (text ?? "").trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else {
                errors[field] = "请填写\(label)"
                return nil
            }
            guard let date = try? LocalDate(iso: text) else {
                errors[field] = "\(label)“\(String(text.prefix(20)))”不是有效日期（格式：2026-05-01）"
                return nil
            }
            return date
        }
        let from = day(posted.opens_on, "opens_on", "开始日期")
        let through = day(posted.closes_on, "closes_on", "截止日期")
        if let from, let through, through < from { errors["closes_on"] = "截止日期不能早于开始日期" }
        guard errors.isEmpty, let kind, let from, let through else { return (errors, nil) }
        let overlapping = try await ApplicationWindow.query(on: db).filter(\.$kind == kind)
            .filter(\.$regionPrefix == region).all().contains { row in
                guard row.id != id, let window = row.filingWindow, case .dates(let a, let b) = window.period else { return false }
                return !(b < from || through < a)
            }
        if overlapping {
            errors["_"] = "\(ApplicationWindows.regionLabel(region))的\(kind.label)在该时间段内已有申报时间，请勿重叠设置"
            return (errors, nil)
        }
        return (errors, (kind, region, from, through))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let posted = (try? req.content.decode(Posted.self)) ?? Posted()
        let (errors, window) = try await Self.validate(posted, user: user, excluding: nil, on: req.db)
        guard let window else {
            return try await form(req, user: user, id: nil, values: Self.values(posted), errors: errors,
                                  status: .unprocessableEntity).encodeResponse(for: req)
        }
        let row = ApplicationWindow()
        row.kind = window.0
        row.regionPrefix = window.1
        row.opensOn = window.2.description
        row.closesOn = window.3.description
        row.createdBy = user.id
        row.createdAt = req.now
        row.updatedAt = req.now
        try await row.create(on: req.db)
        try await req.audit.record(.create, targetType: "application_window", targetID: row.id.map(String.init),
                                   detail: Self.describe(row))
        return req.redirect(to: Page.applicationWindows.path, flash: Flash(kind: .success, message: "已保存申报时间"))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let row = try await own(req, user: user)
        let posted = (try? req.content.decode(Posted.self)) ?? Posted()
        let (errors, window) = try await Self.validate(posted, user: user, excluding: row.id, on: req.db)
        guard let window else {
            return try await form(req, user: user, id: row.id, values: Self.values(posted), errors: errors,
                                  status: .unprocessableEntity).encodeResponse(for: req)
        }
        let before = Self.describe(row)
        row.kind = window.0
        row.regionPrefix = window.1
        row.opensOn = window.2.description
        row.closesOn = window.3.description
        row.updatedBy = user.id
        row.updatedAt = req.now
        try await row.save(on: req.db)
        try await req.audit.record(.update, targetType: "application_window", targetID: row.id.map(String.init),
                                   detail: "\(before) → \(Self.describe(row))")
        return req.redirect(to: Page.applicationWindows.path, flash: Flash(kind: .success, message: "已保存申报时间"))
    }

    @Sendable func delete(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let row = try await own(req, user: user)
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "删除申报时间", message: "确定删除“\(Self.describe(row))”吗？删除后该省份在此期间不再开放申报。",
                action: "\(Page.applicationWindows.path)/\(row.id ?? 0)/delete", cancel: Page.applicationWindows.path,
                context: context)).encodeResponse(for: req)
        }
        let detail = Self.describe(row)
        try await row.delete(on: req.db)
        try await req.audit.record(.delete, targetType: "application_window", targetID: row.id.map(String.init),
                                   detail: detail)
        return req.redirect(to: Page.applicationWindows.path, flash: Flash(kind: .success, message: "已删除申报时间"))
    }

    static func values(_ posted: Posted) -> [String: String] {
        ["kind": posted.kind ?? "", "region": posted.region ?? "", "opens_on": posted.opens_on ?? "",
         "closes_on": posted.closes_on ?? ""]
    }

    static func describe(_ row: ApplicationWindow) -> String {
        "\(row.regionLabel) \(row.kind.label) \(row.opensOn) 至 \(row.closesOn)"
    }
}
