import Fluent
import Plot
import SeedbedDomain
import Vapor

/// 填报项目 for the platform administrator, the national centre and zones: list with search and export, create,
/// edit, close (after confirmation). A zone manages its own projects; the national centre the national ones.
/// Anything else is 404, and a refused change is audited.
struct PeriodController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let periods = routes.grouped(Page.periods)
        periods.get(use: list)
        periods.get("new", use: new)
        periods.post(use: create)
        periods.get(":id", "edit", use: edit)
        periods.post(":id", use: update)
        periods.post(":id", "close", use: close)
    }

    /// What the form posts, as typed.
    struct Input {
        var name = ""
        var year = ""
        var kind = PeriodKind.pointsData.rawValue
        var startsOn = ""
        var endsOn = ""

        init() {}

        init(_ period: PointsPeriod) {
            name = period.name
            year = String(period.year)
            kind = period.kind.rawValue
            startsOn = period.startsOn
            endsOn = period.endsOn
        }

        init(_ req: Request) {
            func text(_ key: String) -> String {
                ((try? req.content.get(String.self, at: key)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            }
            name = text("name")
            year = text("year")
            kind = text("kind")
            startsOn = text("starts_on")
            endsOn = text("ends_on")
        }

        /// The checked values, or an error per field.
        func validated() -> (errors: [String: String], value: (name: String, year: Int, kind: PeriodKind,
                                                                 from: LocalDate, through: LocalDate)?) {
            var errors: [String: String] = [:]
            if name.isEmpty { errors["name"] = "请填写项目名称" } else if name.count > 60 { errors["name"] = "项目名称不能超过 60 字" }
            let year = Int(year)
            if year.map({ !(2000...2100).contains($0) }) ?? true { errors["year"] = "请填写 2000 至 2100 之间的数据年度" }
            let kind = PeriodKind(rawValue: kind)
            if kind == nil { errors["kind"] = "请选择项目类型" }
            let from = try? LocalDate(iso: startsOn)
            let through = try? LocalDate(iso: endsOn)
            if from == nil { errors["starts_on"] = "请填写有效的开始日期（如 2026-03-01）" }
            if through == nil { errors["ends_on"] = "请填写有效的结束日期（如 2026-04-30）" }
            if let from, let through, through < from { errors["ends_on"] = "结束日期不能早于开始日期" }
            guard errors.isEmpty, let year, let kind, let from, let through else { return (errors, nil) }
            return (errors, (name, year, kind, from, through))
        }
    }

    // MARK: Access

    private func load(_ req: Request) async throws -> (CurrentUser, PointsPeriod) {
        let user = try req.requireUser()
        let id = try req.requireID()
        guard let period = try await PointsPeriod.find(id, on: req.db),
              PointsAccess(user).manages(owner: period.ownerOrgID)
        else {
            if req.method == .POST {
                try await req.audit.record(.update, outcome: .denied, targetType: "points_period", targetID: String(id))
            }
            throw AppError.notFound("填报项目不存在或不在您的管理范围内")
        }
        return (user, period)
    }

    // MARK: Pages

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        var list = PeriodList().configured(for: user)
        list.today = LocalDate(chinaTimeOf: req.now)
        let filter = list.filter(from: req.queryDictionary)
        let page = try await list.page(filter, scope: user.scope, page: PageRequest(req), on: req.db)
        let context = try await req.pageContext()
        let query = URLQuery.encode(list.queryItems(filter))
        let kinds = [SelectOption(value: "", label: "全部")] + PeriodKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
        let canCreate = PointsAccess(user).ownerForNew != nil
        let body: Node<HTML.BodyContext> = .group(
            UI.pageHeader(list.title, actions: canCreate ? [UI.buttonLink("新建填报项目", url: "/points/periods/new", style: "primary")] : []),
            UI.alert("企业只能在填报项目的开始日期至结束日期之间填报和提交；关闭后不能再提交，已提交的材料照常审核。", kind: .info),
            UI.queryBar(action: Page.periods.path, fields: [
                FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "项目名称"),
                FieldSpec(label: "类型", name: "kind", value: filter.kind?.rawValue ?? "", kind: .select(kinds)),
                FieldSpec(label: "数据年度", name: "year", value: filter.year.map(String.init) ?? "", kind: .number),
            ], exportURL: "/exports/\(PeriodList.id)" + (query.isEmpty ? "" : "?" + query)),
            list.table(page, viewer: ListViewer(role: user.role), emptyText: "还没有填报项目", actions: { row in
                row.manages && !row.closed
                    ? .group(.a(.href("/points/periods/\(row.id)/edit"), .text("编辑")), .text(" "),
                             UI.actionButton("关闭", action: "/points/periods/\(row.id)/close", csrf: context.csrfToken,
                                             confirm: "确定关闭“\(row.name)”吗？关闭后企业不能再提交。", style: "link"))
                    : .text("—")
            }),
            UI.pagination(page.info, baseURL: Page.periods.path, query: list.queryItems(filter))
        )
        return HTMLPage(Layout.shell(list.title, context, body))
    }

    @Sendable func new(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        guard PointsAccess(user).ownerForNew != nil else { throw AppError.forbidden("您的账号未关联高新区，不能新建填报项目") }
        return try await form(req, title: "新建填报项目", action: Page.periods.path, input: Input(), errors: [:])
    }

    @Sendable func edit(req: Request) async throws -> HTMLPage {
        let (_, period) = try await load(req)
        return try await form(req, title: "编辑填报项目", action: "/points/periods/\(period.id ?? 0)", input: Input(period),
                              errors: [:], period: period)
    }

    private func form(_ req: Request, title: String, action: String, input: Input, errors: [String: String],
                      period: PointsPeriod? = nil, status: HTTPResponseStatus = .ok) async throws -> HTMLPage {
        let context = try await req.pageContext()
        let kinds = PeriodKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
        var actions: [Node<HTML.BodyContext>] = [UI.buttonLink("返回列表", url: Page.periods.path)]
        if let period, let id = period.id, !period.closed {
            actions.append(UI.actionButton("关闭项目", action: "/points/periods/\(id)/close", csrf: context.csrfToken,
                                           confirm: "确定关闭“\(period.name)”吗？关闭后企业不能再提交。", style: "danger"))
        }
        let body: Node<HTML.BodyContext> = .group(
            UI.pageHeader(title, actions: actions),
            .if(!errors.isEmpty, UI.alert("请修改标红的内容后再保存")),
            .if(period?.closed == true, UI.alert("该填报项目已关闭。", kind: .warning)),
            .form(
                .class("card narrow"), .method(.post), .action(action),
                UI.csrfField(context.csrfToken),
                UI.field(FieldSpec(label: "项目名称", name: "name", value: input.name, required: true,
                                   placeholder: "如：2025 年度创新积分数据填报", error: errors["name"], maxLength: 60)),
                UI.field(FieldSpec(label: "项目类型", name: "kind", value: input.kind, kind: .select(kinds), required: true,
                                   error: errors["kind"])),
                UI.field(FieldSpec(label: "数据年度", name: "year", value: input.year, kind: .number, required: true,
                                   help: "积分数据审核通过后计入该年度的企业数据", error: errors["year"])),
                UI.field(FieldSpec(label: "开始日期", name: "starts_on", value: input.startsOn, kind: .date, required: true,
                                   error: errors["starts_on"])),
                UI.field(FieldSpec(label: "结束日期", name: "ends_on", value: input.endsOn, kind: .date, required: true,
                                   help: "含当日", error: errors["ends_on"])),
                .div(.class("form-actions"), UI.submit("保存"))
            )
        )
        return HTMLPage(Layout.shell(title, context, body), status: status)
    }

    // MARK: Changes

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let owner = PointsAccess(user).ownerForNew else { throw AppError.forbidden("您的账号未关联高新区，不能新建填报项目") }
        let input = Input(req)
        let (errors, value) = input.validated()
        guard let value else {
            return try await form(req, title: "新建填报项目", action: Page.periods.path, input: input, errors: errors,
                                  status: .unprocessableEntity).encodeResponse(for: req)
        }
        let period = PointsPeriod()
        period.ownerOrgID = owner
        period.closed = false
        period.createdBy = user.id
        period.createdAt = req.now
        apply(value, to: period, now: req.now)
        try await period.create(on: req.db)
        try await req.audit.record(.create, targetType: "points_period", targetID: period.id.map(String.init),
                                   detail: "新建填报项目：\(period.name)（\(period.startsOn) 至 \(period.endsOn)）")
        return req.redirect(to: Page.periods.path, flash: Flash(kind: .success, message: "已新建填报项目“\(period.name)”"))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let (_, period) = try await load(req)
        let id = period.id ?? 0
        let input = Input(req)
        let (errors, value) = input.validated()
        guard let value else {
            return try await form(req, title: "编辑填报项目", action: "/points/periods/\(id)", input: input, errors: errors,
                                  period: period, status: .unprocessableEntity).encodeResponse(for: req)
        }
        if period.closed {
            return req.redirect(to: "/points/periods/\(id)/edit", flash: Flash(kind: .error, message: "该填报项目已关闭，不能修改"))
        }
        if value.kind != period.kind,
           try await FilingRecord.query(on: req.db).filter(\.$slot == period.slot).count() > 0 {
            var errors = errors
            errors["kind"] = "已有企业在该项目中填报，不能更改项目类型"
            return try await form(req, title: "编辑填报项目", action: "/points/periods/\(id)", input: input, errors: errors,
                                  period: period, status: .unprocessableEntity).encodeResponse(for: req)
        }
        apply(value, to: period, now: req.now)
        try await period.save(on: req.db)
        try await req.audit.record(.update, targetType: "points_period", targetID: String(id),
                                   detail: "修改填报项目：\(period.name)（\(period.startsOn) 至 \(period.endsOn)）")
        return req.redirect(to: Page.periods.path, flash: Flash(kind: .success, message: "已保存"))
    }

    @Sendable func close(req: Request) async throws -> Response {
        let (_, period) = try await load(req)
        let id = period.id ?? 0
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "关闭填报项目", message: "确定关闭“\(period.name)”吗？关闭后企业不能再填报或提交，已提交的材料照常审核。",
                action: "/points/periods/\(id)/close", cancel: Page.periods.path, context: context)).encodeResponse(for: req)
        }
        guard !period.closed else {
            return req.redirect(to: Page.periods.path, flash: Flash(kind: .warning, message: "该填报项目已关闭"))
        }
        period.closed = true
        period.updatedAt = req.now
        try await period.save(on: req.db)
        try await req.audit.record(.update, targetType: "points_period", targetID: String(id), detail: "关闭填报项目：\(period.name)")
        return req.redirect(to: Page.periods.path, flash: Flash(kind: .success, message: "已关闭“\(period.name)”"))
    }

    private func apply(_ value: (name: String, year: Int, kind: PeriodKind, from: LocalDate, through: LocalDate),
                       to period: PointsPeriod, now: Date) {
        period.name = value.name
        period.year = value.year
        period.kind = value.kind
        period.startsOn = value.from.description
        period.endsOn = value.through.description
        period.updatedAt = now
    }
}
