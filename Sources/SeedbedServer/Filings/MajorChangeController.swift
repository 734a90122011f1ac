import Fluent
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// 重大变更 (seed 002 §三(四)): 新增变更, edit or delete drafts, 详情, filter by 变更类型; submitted changes go
/// through the one workflow (county → city → province).
struct MajorChangeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let changes = routes.grouped(Page.myChanges)
        changes.get(use: list)
        changes.get("new", use: new)
        changes.on(.POST, body: .collect(maxSize: "20mb"), use: create)
        changes.get(":id", use: show)
        changes.on(.POST, ":id", body: .collect(maxSize: "20mb"), use: update)
        changes.post(":id", "delete", use: delete)
    }

    static let types = FilingDictionaries.all.first { $0.id == .majorChangeType }

    private func own(_ req: Request, enterprise: Enterprise) async throws -> FilingRecord {
        guard let record = try await FilingRecord.find(try req.requireID(), on: req.db), record.enterpriseID == enterprise.id,
              record.kind == .majorChange
        else { throw AppError.notFound() }
        return record
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        _ = try await EnterpriseFilingController.ownEnterprise(req)
        let csrf = try await req.csrfToken()
        let list = MajorChangeList()
        return try await list.respond(req) { page, filter, viewer in
            let options = [SelectOption(value: "", label: "全部")]
                + (Self.types?.entries.map { SelectOption(value: $0.code, label: $0.label) } ?? [])
            let query = list.queryItems(filter)
            return .group(
                UI.pageHeader(list.title, actions: [UI.buttonLink("新增变更", url: "/my/changes/new", style: "primary")]),
                UI.queryBar(action: Page.myChanges.path, fields: [FieldSpec(label: "变更类型", name: "type", value: filter.type,
                                                                      kind: .select(options))],
                            exportURL: "/exports/\(MajorChangeList.id)" + (query.isEmpty ? "" : "?" + URLQuery.encode(query))),
                list.table(page, viewer: viewer, emptyText: "暂无变更记录", actions: { row in Self.actions(row, csrf: csrf) }),
                UI.pagination(page.info, baseURL: Page.myChanges.path, query: query))
        }
    }

    static func actions(_ row: MajorChangeRow, csrf: String) -> Node<HTML.BodyContext> {
        .group(
            .a(.href("/my/changes/\(row.id)"), .text("详情")),
            .if(row.status == .draft || row.status == .returned, .group(.text(" "), .a(.href("/my/changes/\(row.id)?edit=1"), .text("编辑")))),
            .if(row.status == .draft && row.round == 0,
                UI.actionButton("删除", action: "/my/changes/\(row.id)/delete", csrf: csrf, confirm: "确定删除这条暂存的变更吗？"))
        )
    }

    @Sendable func new(req: Request) async throws -> HTMLPage {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let service = FilingService(req)
        let filingContext = try await service.context(for: enterprise)
        var errors = FormErrors()
        do {
            try service.workflow.checkPrerequisites(.majorChange, for: filingContext)
        } catch {
            errors["_"] = error.message
        }
        return try await form(req, id: nil, values: [:], errors: errors, version: nil)
    }

    private func form(_ req: Request, id: Int?, values: [String: String], errors: FormErrors, version: Int?,
                      status: HTTPResponseStatus = .ok) async throws -> HTMLPage {
        let context = try await req.pageContext()
        let fields = MajorChangeForm.form.fields.filter { $0.kind != .file }
        let proof = MajorChangeForm.form.fields.first { $0.kind == .file }
        return HTMLPage(Layout.shell(id == nil ? "新增变更" : "编辑变更", context, .group(
            UI.pageHeader(id == nil ? "新增变更" : "编辑变更", actions: [UI.buttonLink("返回", url: Page.myChanges.path)]),
            .if(!errors.isEmpty, UI.alert(errors["_"] ?? "请修改标红的项目后再提交")),
            .form(.method(.post), .action(UI.uploadAction(id.map { "/my/changes/\($0)" } ?? Page.myChanges.path, csrf: context.csrfToken)), .enctype(.multipartData),
                  .class("stacked card"),
                  UI.csrfField(context.csrfToken), UI.hidden("version", version.map(String.init) ?? ""),
                  .forEach(fields) { field in
                      UI.field(FieldSpec(field, value: values[field.id.rawValue] ?? "", error: errors[field.id.rawValue],
                                         dictionaries: FieldValidator().dictionaries))
                  },
                  .unwrap(proof) { proof in
                      .div(.class(errors[proof.id.rawValue] == nil ? "field" : "field field-invalid"),
                           .label(.for("f-proof"), .text(proof.label), .span(.class("req"), .text("*"))),
                           Tag.void("input", [("id", "f-proof"), ("type", "file"), ("name", proof.id.rawValue),
                                              ("accept", ".pdf,.jpg,.jpeg,.png,.zip")]),
                           .div(.class("help"), .text(values[proof.id.rawValue].map { _ in "已上传；重新选择文件将替换" }
                                                      ?? "PDF、JPG、PNG 或 ZIP")),
                           .unwrap(errors[proof.id.rawValue]) { .div(.class("error"), .text($0)) })
                  },
                  .div(.class("form-actions"),
                       UI.submit("暂存", name: "action", value: "save", style: "secondary"),
                       UI.submit("提交审核", name: "action", value: "submit"))))), status: status)
    }

    @Sendable func create(req: Request) async throws -> Response {
        try await save(req, existing: nil)
    }

    @Sendable func update(req: Request) async throws -> Response {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        return try await save(req, existing: try await own(req, enterprise: enterprise))
    }

    private func save(_ req: Request, existing: FilingRecord?) async throws -> Response {
        let (user, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        struct Posted: Content {
            var change_type: String?
            var before_value: String?
            var after_value: String?
            var change_date: String?
            var description: String?
            var action: String?
            var version: String?
            var proof: File?
        }
        let posted = try req.content.decode(Posted.self)
        let service = FilingService(req)
        var values = try await service.document(existing)?.values ?? [:]
        values["change_type"] = posted.change_type ?? ""
        values["before_value"] = posted.before_value ?? ""
        values["after_value"] = posted.after_value ?? ""
        values["change_date"] = posted.change_date ?? ""
        values["description"] = posted.description ?? ""
        var errors = FormErrors()
        var kept: StoredFile?
        if let file = posted.proof, file.data.readableBytes > 0 {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-proof-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: url) }
            try Data(buffer: file.data).write(to: url)
            do {
                let stored = try await req.files.keep(url, name: file.filename, purpose: "proof", owner: user.id,
                                                      subject: (enterprise.id ?? 0, enterprise.regionCode, enterprise.zoneID,
                                                                enterprise.incubatorID),
                                                      allowed: [.pdf, .jpeg, .png, .zip])
                values["proof"] = stored.id.map(String.init)
                kept = stored
            } catch let error as AppError {
                errors["proof"] = error.message
            }
        }
        let submit = posted.action == "submit"
        let (validation, _) = service.validate(values, form: MajorChangeForm.form, submit: submit)
        for (key, message) in validation.all where errors[key] == nil { errors[key] = message }
        guard errors.isEmpty else {
            // The refused post leaves nothing behind: its upload goes, and the form shows the proof on file.
            if let kept { try await req.files.discard(kept) }
            values["proof"] = try await service.document(existing)?.values["proof"]
            return try await form(req, id: existing?.id, values: values, errors: errors, version: existing?.version,
                                  status: .unprocessableEntity).encodeResponse(for: req)
        }
        let slot: String
        if let existing { slot = existing.slot } else {
            slot = try await Self.freshSlot(enterpriseID: enterprise.id ?? 0, on: req.db)
        }
        do {
            let record = try await service.save(.majorChange, slot: slot, enterprise: enterprise, values: values, actor: user,
                                                submit: submit, expectedVersion: InputNumber.integer(posted.version, in: InputRange.version))
            return req.redirect(to: "/my/changes/\(record.id ?? 0)",
                                flash: Flash(kind: .success, message: submit ? "已提交，等待审核" : "已暂存"))
        } catch let error as any CodedError {
            if let kept { try await req.files.discard(kept) }
            values["proof"] = try await service.document(existing)?.values["proof"]
            var errors = FormErrors()
            errors["_"] = error.message
            return try await form(req, id: existing?.id, values: values, errors: errors, version: existing?.version,
                                  status: .unprocessableEntity).encodeResponse(for: req)
        }
    }

    /// A slot no change of the enterprise holds: one past the highest serial. Counting the rows would hand
    /// out a taken slot once a draft has been deleted, and saving there would overwrite another change.
    static func freshSlot(enterpriseID: Int, on db: any Database) async throws -> String {
        let slots = try await FilingRecord.query(on: db).filter(\.$enterpriseID == enterpriseID)
            .filter(\.$kind == .majorChange).all(\.$slot)
        let highest = slots.compactMap { slot in slot.split(separator: "#").last.flatMap { Int($0) } }.max() ?? 0
        return FilingService.slot(.majorChange, serial: highest + 1)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let record = try await own(req, enterprise: enterprise)
        let service = FilingService(req)
        let values = try await service.document(record)?.values ?? [:]
        let status = record.status
        if req.query[String.self, at: "edit"] != nil, status == .draft || status == .returned {
            return try await form(req, id: record.id, values: values, errors: FormErrors(), version: record.version)
                .encodeResponse(for: req)
        }
        let history = try await service.history(record)
        let context = try await req.pageContext()
        let names = try await OpinionNames.load(history, on: req.db)
        return try await HTMLPage(Layout.shell("变更详情", context, .group(
            UI.pageHeader("变更详情", actions: [UI.buttonLink("返回列表", url: Page.myChanges.path)]),
            FilingViews.banner(FilingState(status: status, version: record.version, editable: false, submittable: false,
                                           lockedReason: nil, latestReason: history.latestReason,
                                           pendingLabel: record.pendingReviewer.flatMap(ReviewerRef.init(key:))?.label)),
            FilingViews.detail(MajorChangeForm.form, values: values),
            ReviewViews.attachments(MajorChangeForm.form, values: values),
            FilingViews.history(history, names: names)))).encodeResponse(for: req)
    }

    @Sendable func delete(req: Request) async throws -> Response {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let record = try await own(req, enterprise: enterprise)
        guard record.status == .draft, record.round == 0 else {
            return req.redirect(to: Page.myChanges.path, flash: Flash(kind: .error, message: "只能删除尚未提交过的暂存记录"))
        }
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(title: "删除变更", message: "确定删除这条暂存的变更吗？",
                                                         action: "/my/changes/\(record.id ?? 0)/delete", cancel: Page.myChanges.path,
                                                         context: context)).encodeResponse(for: req)
        }
        let values = try await FilingService(req).document(record)?.values ?? [:]
        let detail = "删除暂存的重大变更：\(Self.types?.label(of: values["change_type"] ?? "") ?? "未选类型")"
            + "（\(values["before_value"] ?? "") → \(values["after_value"] ?? "")）"
        let audit = req.audit
        // Deleted only if it is still the untouched draft the page showed (a submit from another tab wins),
        // and audited in the same transaction.
        let deleted = try await req.db.transaction { db -> Bool in
            guard let sql = db as? any SQLDatabase, let id = record.id else { return false }
            let row = try await sql.raw("""
                DELETE FROM filings WHERE id = \(bind: id) AND enterprise_id = \(bind: record.enterpriseID)
                    AND status = \(bind: FilingStatus.draft) AND round = 0 AND version = \(bind: record.version)
                RETURNING id
                """).first()
            guard row != nil else { return false }
            try await AuditLogger(database: db, actor: audit.actor, ip: audit.ip, now: audit.now)
                .record(.delete, targetType: "filing:major_change", targetID: String(id), detail: detail)
            return true
        }
        guard deleted else {
            return req.redirect(to: Page.myChanges.path, flash: Flash(kind: .error, message: WorkflowError.staleVersion.message))
        }
        return req.redirect(to: Page.myChanges.path, flash: Flash(kind: .success, message: "已删除"))
    }
}

extension FormErrors {
    /// Every message by field.
    var all: [String: String] { messages }
}
