import Fluent
import Plot
import SeedbedDomain
import Vapor

/// 积分方案 pages for the national centre and zones: list, view, draft (new version or the zone's own "18+M"),
/// edit weights and lists, add or remove local indicators, try on last year's facts, publish, delete a draft.
/// A zone reads the national scheme and edits its own only; anything else is 404 (and audited when written).
struct SchemeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let schemes = routes.grouped(Page.schemes)
        schemes.get(use: list)
        schemes.post(use: create)
        schemes.get(":id", use: show)
        schemes.get(":id", "edit", use: edit)
        schemes.post(":id", use: update)
        schemes.get(":id", "indicators", "new", use: newIndicator)
        schemes.post(":id", "indicators", use: addIndicator)
        schemes.post(":id", "indicators", ":index", "delete", use: removeIndicator)
        schemes.post(":id", "try", use: tryDraft)
        schemes.post(":id", "publish", use: publish)
        schemes.post(":id", "delete", use: delete)
    }

    // MARK: Access

    private struct Loaded {
        let user: CurrentUser
        let access: PointsAccess
        let record: SchemeRecord
        let id: Int
    }

    /// The scheme of `:id` if the user may read it (or, with `manage`, change it); otherwise 404.
    private func load(_ req: Request, manage: Bool, draftOnly: Bool = false) async throws -> Loaded {
        let user = try req.requireUser()
        let access = PointsAccess(user)
        let id = try req.requireID()
        guard let record = try await SchemeRecord.find(id, on: req.db), access.reads(schemeOwner: record.ownerOrgID) else {
            throw AppError.notFound("积分方案不存在或不在您的管理范围内")
        }
        if manage, !access.manages(owner: record.ownerOrgID) {
            try await req.audit.record(.update, outcome: .denied, targetType: "scheme", targetID: String(id))
            throw AppError.notFound("积分方案不存在或不在您的管理范围内")
        }
        if draftOnly, record.status != .draft {
            throw AppError.conflict("已发布的方案不能修改，请基于该版本新建草稿", code: "scheme_published")
        }
        return Loaded(user: user, access: access, record: record, id: id)
    }

    // MARK: List and view

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let list = SchemeList().configured(for: user)
        let filter = list.filter(from: req.queryDictionary)
        let page = try await list.page(filter, scope: user.scope, page: PageRequest(req), on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(list.title, context, SchemeViews.list(
            list, page: page, filter: filter, viewer: ListViewer(role: user.role),
            canCreate: PointsAccess(user).ownerForNew != nil, isZone: user.role == .zone, csrf: context.csrfToken)))
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let loaded = try await load(req, manage: false)
        let context = try await req.pageContext()
        let scheme = try loaded.record.draft()
        let owner = try await ownerName(loaded.record.ownerOrgID, on: req.db)
        let years = trialYears(req)
        return HTMLPage(Layout.shell(loaded.record.name, context, SchemeViews.detail(
            loaded.record, scheme: scheme, owner: owner, manages: loaded.access.manages(owner: loaded.record.ownerOrgID),
            trialYears: years, today: LocalDate(chinaTimeOf: req.now).description, context: context)))
    }

    private func ownerName(_ owner: Int?, on db: any Database) async throws -> String {
        guard let owner else { return "全国" }
        return try await Organization.find(owner, on: db)?.name ?? "高新区"
    }

    /// "Last year's facts": the years a trial may use, last year first.
    private func trialYears(_ req: Request) -> [Int] {
        let year = LocalDate(chinaTimeOf: req.now).year
        return [year - 1, year - 2, year - 3]
    }

    // MARK: Create a draft

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let access = PointsAccess(user)
        guard let owner = access.ownerForNew else { throw AppError.forbidden("您的账号未关联高新区，不能新建方案") }
        let catalog = SchemeCatalog(db: req.db)
        let today = LocalDate(chinaTimeOf: req.now)
        // A zone's scheme derives from the national scheme in effect; the national centre starts its next version
        // from the version in effect.
        let national = try await catalog.inEffect(owner: nil, on: today)
        var own: SchemeRecord?
        if let owner { own = try await catalog.inEffect(owner: owner, on: today) }
        let start: InnovationScheme
        let key: String
        if let owner {
            key = "zone-\(owner)"
            if let own, own.ownerOrgID == owner {
                start = try own.scheme()
            } else {
                let base = try national?.scheme() ?? .platformDefault
                let zoneName = try await ownerName(owner, on: req.db)
                start = try SchemeExtension(base: base.reference, id: key, version: 1, name: "\(zoneName)创新积分方案",
                                            effectiveFrom: today.description, localIndicators: []).apply(to: base)
            }
        } else {
            start = try national?.scheme() ?? .platformDefault
            key = start.id
        }
        if let existing = try await SchemeRecord.query(on: req.db).filter(\.$schemeKey == key)
            .filter(\.$status == SchemeStatus.draft).first(), let id = existing.id
        {
            return req.redirect(to: "/points/schemes/\(id)",
                                flash: Flash(kind: .info, message: "已有一份未发布的草稿，请在此基础上修改"))
        }
        var draft = start
        draft.id = key
        draft.version = try await catalog.nextVersion(of: key)
        draft.effectiveFrom = today.description
        let record = SchemeRecord()
        record.ownerOrgID = owner
        record.schemeKey = key
        record.version = draft.version
        record.status = SchemeStatus.draft
        record.createdBy = user.id
        record.createdAt = req.now
        record.updatedAt = req.now
        try record.store(draft)
        try await record.create(on: req.db)
        let id = record.id.map(String.init) ?? ""
        try await req.audit.record(.create, targetType: "scheme", targetID: id, detail: "\(draft.name) 第 \(draft.version) 版草稿")
        return req.redirect(to: "/points/schemes/\(id)", flash: Flash(kind: .success,
                                                                      message: "已新建第 \(draft.version) 版草稿，可调整权重、增加本地指标并试算"))
    }

    // MARK: Edit weights, lists and line

    @Sendable func edit(req: Request) async throws -> HTMLPage {
        let loaded = try await load(req, manage: true, draftOnly: true)
        let scheme = try loaded.record.draft()
        return try await editPage(req, loaded, scheme: scheme, form: SchemeViews.formValues(scheme), errors: FormErrors(),
                                  problems: [])
    }

    private func editPage(_ req: Request, _ loaded: Loaded, scheme: InnovationScheme, form: [String: String],
                          errors: FormErrors, problems: [SchemeProblem]) async throws -> HTMLPage {
        let context = try await req.pageContext()
        let failed = !errors.isEmpty || !problems.isEmpty
        return HTMLPage(Layout.shell("编辑积分方案", context, SchemeViews.editForm(
            loaded.record, scheme: scheme, form: form, errors: errors, problems: problems, context: context)),
                        status: failed ? .unprocessableEntity : .ok)
    }

    @Sendable func update(req: Request) async throws -> Response {
        let loaded = try await load(req, manage: true, draftOnly: true)
        let scheme = try loaded.record.draft()
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        var editor = SchemeEditor()
        let edited = editor.applyEdit(form, to: scheme)
        let problems = editor.errors.isEmpty ? edited.validate() : []
        guard editor.errors.isEmpty, problems.isEmpty else {
            return try await editPage(req, loaded, scheme: scheme, form: form, errors: editor.errors, problems: problems)
                .encodeResponse(for: req)
        }
        try await save(edited, loaded, req, detail: "修改权重、榜单与分数线")
        return req.redirect(to: "/points/schemes/\(loaded.id)", flash: Flash(kind: .success, message: "方案草稿已保存"))
    }

    private func save(_ scheme: InnovationScheme, _ loaded: Loaded, _ req: Request, detail: String) async throws {
        try loaded.record.store(scheme)
        loaded.record.updatedAt = req.now
        // A trial describes the draft as it was: an edit makes it stale.
        loaded.record.trial = nil
        try await loaded.record.save(on: req.db)
        try await req.audit.record(.update, targetType: "scheme", targetID: String(loaded.id),
                                   detail: "\(scheme.name) 第 \(scheme.version) 版：\(detail)")
    }

    // MARK: Local indicators (18+M)

    @Sendable func newIndicator(req: Request) async throws -> HTMLPage {
        let loaded = try await load(req, manage: true, draftOnly: true)
        return try await indicatorPage(req, loaded, form: ["rescale": "1", "method": "percentile"], errors: FormErrors(),
                                       problems: [])
    }

    private func indicatorPage(_ req: Request, _ loaded: Loaded, form: [String: String], errors: FormErrors,
                               problems: [SchemeProblem]) async throws -> HTMLPage {
        let context = try await req.pageContext()
        let scheme = try loaded.record.draft()
        let failed = !errors.isEmpty || !problems.isEmpty
        return HTMLPage(Layout.shell("新增本地指标", context, SchemeViews.indicatorForm(
            loaded.record, scheme: scheme, form: form, errors: errors, problems: problems, context: context)),
                        status: failed ? .unprocessableEntity : .ok)
    }

    @Sendable func addIndicator(req: Request) async throws -> Response {
        let loaded = try await load(req, manage: true, draftOnly: true)
        let scheme = try loaded.record.draft()
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        var editor = SchemeEditor()
        let indicator = editor.indicator(form, stages: scheme.stages, existing: Set(scheme.indicators.map(\.id)))
        guard let indicator else {
            return try await indicatorPage(req, loaded, form: form, errors: editor.errors, problems: [])
                .encodeResponse(for: req)
        }
        let updated: InnovationScheme
        do {
            updated = try SchemeEditor.adding(indicator, to: scheme, rescale: form["rescale"] == "1")
        } catch {
            let problems: [SchemeProblem]
            if case .invalid(let list) = error { problems = list } else {
                problems = [SchemeProblem(code: error.code, message: error.message)]
            }
            return try await indicatorPage(req, loaded, form: form, errors: FormErrors(), problems: problems)
                .encodeResponse(for: req)
        }
        try await save(updated, loaded, req, detail: "新增本地指标「\(indicator.name)」")
        return req.redirect(to: "/points/schemes/\(loaded.id)",
                            flash: Flash(kind: .success, message: "已新增指标「\(indicator.name)」"))
    }

    @Sendable func removeIndicator(req: Request) async throws -> Response {
        let loaded = try await load(req, manage: true, draftOnly: true)
        let scheme = try loaded.record.draft()
        guard let index = req.parameterInteger("index", in: InputRange.index), scheme.indicators.indices.contains(index) else {
            throw AppError.notFound("指标不存在")
        }
        let indicator = scheme.indicators[index]
        // A zone keeps the national indicators it derives from and removes only its own.
        if let base = scheme.basedOn, loaded.record.ownerOrgID != nil,
           let baseRecord = try await SchemeRecord.query(on: req.db).filter(\.$schemeKey == base.id)
            .filter(\.$version == base.version).first(),
           try baseRecord.draft().indicators.contains(where: { $0.id == indicator.id })
        {
            return req.redirect(to: "/points/schemes/\(loaded.id)", flash: Flash(
                kind: .error, message: "「\(indicator.name)」是国家方案的指标，只能调整权重，不能删除"))
        }
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "删除指标", message: "确定删除指标「\(indicator.name)」吗？其余基础指标的权重将按比例放大至满分。",
                action: "/points/schemes/\(loaded.id)/indicators/\(index)/delete", cancel: "/points/schemes/\(loaded.id)",
                context: context)).encodeResponse(for: req)
        }
        let updated: InnovationScheme
        do {
            updated = try SchemeEditor.removing(at: index, from: scheme)
        } catch {
            return req.redirect(to: "/points/schemes/\(loaded.id)", flash: Flash(
                kind: .error, message: error.message))
        }
        try await save(updated, loaded, req, detail: "删除指标「\(indicator.name)」")
        return req.redirect(to: "/points/schemes/\(loaded.id)", flash: Flash(kind: .success, message: "已删除指标「\(indicator.name)」"))
    }

    // MARK: Try, publish, delete

    @Sendable func tryDraft(req: Request) async throws -> Response {
        let loaded = try await load(req, manage: true, draftOnly: true)
        let problems = try loaded.record.draft().validate()
        guard problems.isEmpty else {
            return req.redirect(to: "/points/schemes/\(loaded.id)", flash: Flash(
                kind: .error, message: "方案有 \(problems.count) 处问题，修改后才能试算"))
        }
        let year = req.contentInteger("year", in: InputRange.year) ?? 0
        guard trialYears(req).contains(year) else {
            return req.redirect(to: "/points/schemes/\(loaded.id)", flash: Flash(kind: .error, message: "请选择试算年度"))
        }
        let jobID = try await req.application.jobs.enqueue(
            kind: SchemeTrialJob.kind, title: "试算\(loaded.record.name)（第 \(loaded.record.version) 版，\(year) 年度数据）",
            payload: SchemeTrialJob.Payload(schemeRecordID: loaded.id, year: year), owner: loaded.user, on: req.db,
            now: req.now)
        try await req.audit.record(.create, targetType: "scheme_trial", targetID: String(loaded.id),
                                   detail: "试算 \(year) 年度（任务 \(jobID)）")
        return req.redirect(to: "/jobs/\(jobID)")
    }

    @Sendable func publish(req: Request) async throws -> Response {
        let loaded = try await load(req, manage: true, draftOnly: true)
        var scheme = try loaded.record.draft()
        let day = ((try? req.content.get(String.self, at: "effective_from")) ?? "").trimmingCharacters(in: .whitespaces)
        guard (try? LocalDate(iso: day)) != nil else {
            return req.redirect(to: "/points/schemes/\(loaded.id)",
                                flash: Flash(kind: .error, message: "请填写有效的生效日期（yyyy-MM-dd）"))
        }
        scheme.effectiveFrom = day
        let problems = scheme.validate()
        guard problems.isEmpty else {
            return req.redirect(to: "/points/schemes/\(loaded.id)", flash: Flash(
                kind: .error, message: "方案有 \(problems.count) 处问题，修改后才能发布：\(problems.prefix(3).map(\.message).joined(separator: "；"))"))
        }
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(Layout.shell("发布积分方案", context, SchemeViews.publishConfirm(
                loaded.record, effectiveFrom: day, context: context))).encodeResponse(for: req)
        }
        try loaded.record.store(scheme)
        loaded.record.status = SchemeStatus.published
        loaded.record.publishedAt = req.now
        loaded.record.publishedBy = loaded.user.id
        loaded.record.updatedAt = req.now
        try await loaded.record.save(on: req.db)
        try await req.audit.record(.update, targetType: "scheme", targetID: String(loaded.id),
                                   detail: "发布\(scheme.name) 第 \(scheme.version) 版，\(day) 起生效")
        return req.redirect(to: "/points/schemes/\(loaded.id)", flash: Flash(
            kind: .success, message: "已发布第 \(scheme.version) 版，自 \(day) 起生效"))
    }

    @Sendable func delete(req: Request) async throws -> Response {
        let loaded = try await load(req, manage: true, draftOnly: true)
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "删除草稿", message: "确定删除「\(loaded.record.name)」第 \(loaded.record.version) 版草稿吗？删除后不能恢复。",
                action: "/points/schemes/\(loaded.id)/delete", cancel: "/points/schemes/\(loaded.id)", context: context))
                .encodeResponse(for: req)
        }
        try await loaded.record.delete(on: req.db)
        try await req.audit.record(.delete, targetType: "scheme", targetID: String(loaded.id),
                                   detail: "\(loaded.record.name) 第 \(loaded.record.version) 版草稿")
        return req.redirect(to: Page.schemes.path, flash: Flash(kind: .success, message: "草稿已删除"))
    }
}
