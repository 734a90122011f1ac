import Fluent
import Foundation
import Plot
import SeedbedDomain
import Spreadsheet
import SQLKit
import Vapor

/// 待办发布 (seed 001 §5): the national centre, provinces and cities publish a to-do (title, description, deadline,
/// attachments) to organisations chosen by kind and region within their scope, see per to-do who completed it and who
/// did not, download every upload as one zip, and remind the late ones (催办, once a day). A to-do of another
/// publisher is a missing one (404); the national centre sees them all.
struct TodoPublishController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let todos = routes.grouped(Page.todoPublishing)
        todos.get(use: list)
        todos.get("new", use: new)
        todos.on(.POST, body: .collect(maxSize: "30mb"), use: create)
        todos.get(":id", use: show)
        todos.get(":id", "attachments", ":attachment", use: attachment)
        todos.get(":id", "uploads", ":recipient", use: upload)
        todos.get(":id", "zip", use: zip)
        todos.post(":id", "remind", use: remind)
    }

    // MARK: List

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let list = TodoList()
        return try await list.respond(req) { page, filter, viewer in
            let query = list.queryItems(filter)
            return .group(
                TodoViews.stylesheet,
                UI.pageHeader(list.title, actions: [UI.buttonLink("新建待办", url: "\(Page.todoPublishing.path)/new",
                                                                  style: "primary")]),
                UI.queryBar(action: Page.todoPublishing.path,
                            fields: [FieldSpec(label: "待办名称", name: "q", value: filter.query, placeholder: "输入名称搜索")],
                            exportURL: "/exports/\(TodoList.id)" + (query.isEmpty ? "" : "?" + URLQuery.encode(query))),
                list.table(page, viewer: viewer, emptyText: "暂无发布的待办", actions: { row in
                    .a(.href("\(Page.todoPublishing.path)/\(row.id)"), .text("完成情况"))
                }),
                UI.pagination(page.info, baseURL: Page.todoPublishing.path, query: query))
        }
    }

    // MARK: New

    /// What the form holds between a refused post and the page that shows it again.
    struct FormState {
        var title = ""
        var description = ""
        var deadline = ""
        var kinds: Set<OrganizationKind> = []
        var region = ""
        var errors = FormErrors()
        /// After 预览接收单位: how many and which organisations it would reach.
        var preview: [Organization]?
    }

    @Sendable func new(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let publisher = try TodoService.publisher(user)
        return try await form(req, publisher: publisher, state: FormState())
    }

    private func form(_ req: Request, publisher: TodoPublisher, state: FormState, status: HTTPResponseStatus = .ok)
        async throws -> HTMLPage
    {
        let context = try await req.pageContext()
        let errors = state.errors
        let kindError = errors["kinds"]
        let kinds: Node<HTML.FormContext> = .div(
            .class(kindError == nil ? "field todo-kinds" : "field todo-kinds field-invalid"),
            .label(.class("todo-kinds-title"), .text("接收单位类型"), .span(.class("req"), .text("*"))),
            .forEach(publisher.recipientKinds) { kind in
                .label(.class("checkbox"),
                       Tag.void("input", [("type", "checkbox"), ("name", "kinds[]"), ("value", kind.rawValue),
                                          ("checked", state.kinds.contains(kind) ? "checked" : nil)]),
                       .text(" " + TodoService.kindLabel(kind)))
            },
            .unwrap(kindError) { .div(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) })
        let attachmentHelp = "可选，最多 \(TodoService.maxAttachments) 个：PDF、JPG、PNG、Excel、Word 或 ZIP"
            + (state.preview != nil ? "；预览后请重新选择附件" : "")
        let attachments: Node<HTML.FormContext> = .div(
            .class(errors["attachments"] == nil ? "field" : "field field-invalid"),
            .label(.for("f-attachments"), .text("附件")),
            Tag.void("input", [("id", "f-attachments"), ("type", "file"), ("name", "attachments[]"),
                               ("multiple", "multiple"), ("accept", ".pdf,.jpg,.jpeg,.png,.xlsx,.docx,.zip")]),
            .div(.class("help"), .text(attachmentHelp)),
            .unwrap(errors["attachments"]) { .div(.class("error"), .text($0)) })
        var preview: Node<HTML.FormContext> = .empty
        if let organizations = state.preview {
            let names = organizations.prefix(30).map(\.name).joined(separator: "、") + (organizations.count > 30 ? " 等" : "")
            preview = .div(.class("todo-preview card"),
                           .p(.strong(.text("将发送给 \(organizations.count) 个接收单位"))),
                           .if(!organizations.isEmpty, .p(.class("help"), .text(names))))
        }
        let fields: Node<HTML.FormContext> = .group(
            UI.csrfField(context.csrfToken),
            UI.field(FieldSpec(label: "待办名称", name: "title", value: state.title, required: true,
                               error: errors["title"], maxLength: TodoDraft.titleLimit)),
            UI.field(FieldSpec(label: "待办说明", name: "description", value: state.description, kind: .textarea,
                               required: true, help: "接收单位将看到的详细说明", error: errors["description"])),
            UI.field(FieldSpec(label: "截止日期", name: "deadline", value: state.deadline, kind: .date, required: true,
                               error: errors["deadline"])),
            attachments, kinds,
            UI.field(FieldSpec(label: "接收地区", name: "region", value: state.region,
                               kind: .select(TodoService.regionOptions(publisher)),
                               help: "只能选择本单位管辖范围内的地区", error: errors["region"])),
            preview,
            .div(.class("form-actions"),
                 UI.submit("预览接收单位", name: "action", value: "preview", style: "secondary"),
                 UI.submit("发布", name: "action", value: "publish")))
        let body: Node<HTML.BodyContext> = .group(
            TodoViews.stylesheet,
            UI.pageHeader("新建待办", actions: [UI.buttonLink("返回列表", url: Page.todoPublishing.path)]),
            .if(!errors.isEmpty, UI.alert(errors["_"] ?? "请修改标红的项目后再提交")),
            .form(.method(.post), .action(UI.uploadAction(Page.todoPublishing.path, csrf: context.csrfToken)),
                  .enctype(.multipartData), .class("stacked card"), fields))
        return HTMLPage(Layout.shell("新建待办", context, body), status: status)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let publisher = try TodoService.publisher(user)
        var state = FormState()
        state.title = String(((try? req.content.get(String.self, at: "title")) ?? "").prefix(500))
        state.description = String(((try? req.content.get(String.self, at: "description")) ?? "").prefix(5000))
        state.deadline = String(((try? req.content.get(String.self, at: "deadline")) ?? "").prefix(40))
        state.region = String(((try? req.content.get(String.self, at: "region")) ?? "").prefix(20))
        let kindValues = (try? req.content.get([String].self, at: "kinds"))
            ?? (try? req.content.get(String.self, at: "kinds")).map { [$0] } ?? []
        var unknownKind = false
        for value in kindValues.prefix(20) {
            if let kind = OrganizationKind(rawValue: value) { state.kinds.insert(kind) } else { unknownKind = true }
        }
        let preview = (try? req.content.get(String.self, at: "action")) == "preview"
        let today = LocalDate(chinaTimeOf: req.now)

        var draft: TodoDraft?
        switch TodoDraft.validate(title: state.title, description: state.description, deadline: state.deadline, today: today) {
        case .success(let value): draft = value
        case .failure(let failure):
            for (key, message) in failure.messages where !preview { state.errors[key] = message }
        }
        var recipients: [Organization] = []
        var audience: TodoAudience?
        do {
            if unknownKind { throw TodoError.kindNotAllowed(.national) }
            let checked = try TodoAudience(kinds: state.kinds, regionPrefix: state.region).validated(for: publisher)
            recipients = try await TodoService.recipients(checked, publisher: publisher, on: req.db)
            if recipients.isEmpty { throw TodoError.noRecipients }
            audience = checked
        } catch let error as TodoError {
            switch error {
            case .regionOutOfScope: state.errors["region"] = error.message
            case .kindNotAllowed where unknownKind: state.errors["kinds"] = "接收单位类型无效"
            default: state.errors["kinds"] = error.message
            }
        }
        if preview {
            // 预览 shows the reach and the form again; nothing is kept.
            let reach = state.errors["kinds"] == nil && state.errors["region"] == nil
            state.preview = reach ? recipients : nil
            return try await form(req, publisher: publisher, state: state,
                                  status: reach ? .ok : .unprocessableEntity).encodeResponse(for: req)
        }
        let uploads = ((try? req.content.get([File].self, at: "attachments")) ?? []).filter { $0.data.readableBytes > 0 }
        if uploads.count > TodoService.maxAttachments {
            state.errors["attachments"] = "附件最多 \(TodoService.maxAttachments) 个，可压缩为一个 zip 上传"
        }
        guard state.errors.isEmpty, let draft, let audience else {
            return try await form(req, publisher: publisher, state: state, status: .unprocessableEntity).encodeResponse(for: req)
        }
        var kept: [(file: StoredFile, name: String)] = []
        for upload in uploads {
            do {
                kept.append(try await TodoService.keep(upload, purpose: "todo-attachment", user: user, req: req))
            } catch let error as AppError {
                state.errors["attachments"] = "“\(upload.filename)”：\(error.message)"
                break
            }
        }
        guard state.errors.isEmpty else {
            try await req.files.discard(ids: kept.compactMap(\.file.id))
            return try await form(req, publisher: publisher, state: state, status: .unprocessableEntity).encodeResponse(for: req)
        }

        let now = req.now
        let audienceText = audience.kindLabels + " · " + TodoService.regionName(audience.regionPrefix)
        let audit = req.audit
        let publisherName = user.organizationName ?? user.name
        let keptFiles = kept
        let recipientIDs = recipients.compactMap(\.id)
        let todoID: Int
        do {
            todoID = try await req.db.transaction { db -> Int in
                let todo = TodoRecord()
                todo.publisherOrgID = publisher.organizationID
                todo.publisherUserID = user.id
                todo.publisherName = publisherName
                todo.title = draft.title
                todo.description = draft.description
                todo.deadline = draft.deadline.description
                todo.audience = audienceText
                todo.createdAt = now
                try await todo.create(on: db)
                guard let id = todo.id else { throw AppError.notFound() }
                for item in keptFiles {
                    let attachment = TodoAttachment()
                    attachment.todoID = id
                    attachment.fileID = item.file.id ?? 0
                    attachment.originalName = item.name
                    try await attachment.create(on: db)
                }
                try await Self.insert(recipients: recipientIDs, todo: id, title: draft.title,
                                      publisher: publisherName, deadline: draft.deadline, now: now, on: db)
                try await AuditLogger(database: db, actor: audit.actor, ip: audit.ip, now: audit.now)
                    .record(.create, targetType: "todo", targetID: String(id),
                            detail: "发布待办“\(draft.title)”给 \(recipientIDs.count) 个单位（\(audienceText)）")
                return id
            }
        } catch {
            try await req.files.discard(ids: kept.compactMap(\.file.id))
            throw error
        }
        return req.redirect(to: "\(Page.todoPublishing.path)/\(todoID)",
                            flash: Flash(kind: .success, message: "已发布给 \(recipients.count) 个接收单位"))
    }

    /// The recipients' rows and their 待办通知 messages, a few hundred at a time.
    static func insert(recipients: [Int], todo: Int, title: String, publisher: String, deadline: LocalDate, now: Date,
                       on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        for chunk in recipients.chunked(into: 400) {
            try await sql.insert(into: TodoRecipient.schema).columns("todo_id", "organization_id", "state", "reminder_count")
                .values(chunk.first.map { [SQLBind(todo), SQLBind($0), SQLBind(TodoState.published.rawValue), SQLBind(0)] } ?? [])
                .rows(chunk.dropFirst().map { [SQLBind(todo), SQLBind($0), SQLBind(TodoState.published.rawValue), SQLBind(0)] })
                .run()
            let body = "\(publisher)发布了待办“\(title)”，截止日期 \(deadline.label)，请在截止前上传文件完成。"
            let link = "\(Page.myTodos.path)/\(todo)"
            func row(_ organization: Int) -> [any SQLExpression] {
                [SQLBind(organization), SQLBind(OfficialMessageCategory.todoPublished.rawValue), SQLBind("新待办：" + title),
                 SQLBind(body), SQLBind(link), SQLBind(now)]
            }
            try await sql.insert(into: OfficialMessage.schema)
                .columns("organization_id", "category", "title", "body", "link", "created_at")
                .values(chunk.first.map(row) ?? []).rows(chunk.dropFirst().map(row)).run()
        }
    }

    // MARK: 完成情况

    enum StateFilter: String, CaseIterable {
        case all = "", completed, open

        var label: String {
            switch self {
            case .all: "全部"
            case .completed: "已完成"
            case .open: "未完成"
            }
        }
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let (_, todo) = try await TodoService.published(req)
        guard let todoID = todo.id else { throw AppError.notFound() }
        let today = LocalDate(chinaTimeOf: req.now)
        let filter = StateFilter(rawValue: req.query[String.self, at: "state"] ?? "") ?? .all
        let pageRequest = PageRequest(req)
        let all = TodoRecipient.query(on: req.db).filter(\.$todoID == todoID)
        let total = try await all.count()
        let completed = try await TodoRecipient.query(on: req.db).filter(\.$todoID == todoID)
            .filter(\.$state == .completed).count()
        var query = TodoRecipient.query(on: req.db).filter(\.$todoID == todoID)
        switch filter {
        case .all: break
        case .completed: query = query.filter(\.$state == .completed)
        case .open: query = query.filter(\.$state == .published)
        }
        let shown = try await query.count()
        let rows = try await query.sort(\.$state).sort(\.$id).range(pageRequest.offset..<(pageRequest.offset + pageRequest.per)).all()
        let organizations = try await Organization.query(on: req.db).filter(\.$id ~~ rows.map(\.organizationID)).all()
        let names = Dictionary(organizations.compactMap { org in org.id.map { ($0, org) } }, uniquingKeysWith: { a, _ in a })
        let attachments = try await TodoAttachment.query(on: req.db).filter(\.$todoID == todoID).sort(\.$id).all()
        let context = try await req.pageContext()
        let base = "\(Page.todoPublishing.path)/\(todoID)"
        let urgency = TodoUrgency.of(deadline: todo.deadlineDay, today: today, state: .published)
        let open = total - completed
        let table = UI.table(
            columns: ["序号", "接收单位", "单位类型", "状态", "上传文件", "完成时间", "催办次数", "最近催办"],
            rows: rows.enumerated().map { index, row in
                let org = names[row.organizationID]
                return [
                    .text(String(pageRequest.offset + index + 1)),
                    .text(org?.name ?? "—"),
                    .text(org.map { TodoService.kindLabel($0.kind) } ?? "—"),
                    row.state == .completed ? UI.badge("已完成", tone: "success")
                        : UI.badge(urgency == .overdue ? "未完成（已逾期）" : "未完成", tone: urgency == .overdue ? "danger" : "warning"),
                    row.fileID == nil ? .text("—")
                        : .a(.href("\(base)/uploads/\(row.id ?? 0)"), .text(row.fileName ?? "下载")),
                    .text(AdminViews.time(row.completedAt)),
                    .text(String(row.reminderCount)),
                    .text(AdminViews.time(row.remindedAt)),
                ]
            }, emptyText: filter == .completed ? "还没有单位完成" : "没有符合条件的接收单位")
        let body: Node<HTML.BodyContext> = .group(
            TodoViews.stylesheet,
            UI.pageHeader("完成情况：" + todo.title, actions: [
                UI.buttonLink("返回列表", url: Page.todoPublishing.path),
                .if(completed > 0, UI.buttonLink("下载全部附件", url: "\(base)/zip", style: "primary")),
                .if(open > 0, UI.actionButton("催办", action: "\(base)/remind", csrf: context.csrfToken,
                                              confirm: "确定向 \(open) 个未完成的单位发送催办消息吗？（每个单位每天最多催办一次）",
                                              style: "secondary")),
            ]),
            UI.details([
                ("发布单位", todo.publisherName),
                ("截止日期", todo.deadline + "（" + urgency.label + "）"),
                ("接收范围", todo.audience),
                ("发布时间", AdminViews.time(todo.createdAt)),
                ("完成情况", "已完成 \(completed) 个，未完成 \(open) 个，共 \(total) 个"),
            ]),
            .div(.class("message-body"), .p(.text(todo.description))),
            TodoViews.attachments(attachments, base: base),
            .nav(.class("tabs"), .forEach(StateFilter.allCases) { item in
                let href = base + (item == .all ? "" : "?state=\(item.rawValue)")
                return .a(.class(item == filter ? "active" : ""), .href(href), .text(item.label))
            }),
            table,
            UI.pagination(PageInfo(pageRequest, total: shown), baseURL: base,
                          query: filter == .all ? [] : [("state", filter.rawValue)]))
        return HTMLPage(Layout.shell("完成情况", context, body))
    }

    @Sendable func attachment(req: Request) async throws -> Response {
        let (_, todo) = try await TodoService.published(req)
        let (attachment, file) = try await TodoService.attachment(req, of: todo)
        return try await TodoService.download(file, name: attachment.originalName, todo: todo, req: req)
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let (_, todo) = try await TodoService.published(req)
        guard let todoID = todo.id,
              let id = req.parameters.get("recipient").flatMap({ InputNumber.integer($0, in: InputRange.id) }),
              let row = try await TodoRecipient.query(on: req.db).filter(\.$id == id).filter(\.$todoID == todoID).first(),
              let fileID = row.fileID, let file = try await StoredFile.find(fileID, on: req.db)
        else { throw AppError.notFound("文件不存在") }
        return try await TodoService.download(file, name: row.fileName ?? file.name, todo: todo, req: req)
    }

    // MARK: 下载全部附件

    /// Every upload in one zip, each named after its organisation and the name it was uploaded under.
    @Sendable func zip(req: Request) async throws -> Response {
        let (_, todo) = try await TodoService.published(req)
        guard let todoID = todo.id else { throw AppError.notFound() }
        let rows = try await TodoRecipient.query(on: req.db).filter(\.$todoID == todoID).filter(\.$state == .completed)
            .sort(\.$id).all().filter { $0.fileID != nil }
        guard !rows.isEmpty else {
            return req.redirect(to: "\(Page.todoPublishing.path)/\(todoID)",
                                flash: Flash(kind: .error, message: "还没有单位上传文件"))
        }
        let organizations = try await Organization.query(on: req.db).filter(\.$id ~~ rows.map(\.organizationID)).all()
        let names = Dictionary(organizations.compactMap { org in org.id.map { ($0, org.name) } }, uniquingKeysWith: { a, _ in a })
        let files = try await StoredFile.query(on: req.db).filter(\.$id ~~ rows.compactMap(\.fileID)).all()
        let byID = Dictionary(files.compactMap { file in file.id.map { ($0, file) } }, uniquingKeysWith: { a, _ in a })
        var entries: [FileBundle.Entry] = []
        var used: Set<String> = []
        for row in rows {
            guard let fileID = row.fileID, let file = byID[fileID],
                  let url = try await req.application.fileStore.open(sha256: file.sha256, on: req.db) else { continue }
            let name = TodoViews.zipEntryName(organization: names[row.organizationID] ?? "单位\(row.organizationID)",
                                              file: row.fileName ?? file.name, taken: used)
            used.insert(name)
            entries.append(FileBundle.Entry(name: name, source: url))
        }
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-todo-\(UUID().uuidString).zip")
        try FileBundle.write(entries, to: target)
        try await req.audit.record(.download, targetType: "todo", targetID: String(todoID),
                                   detail: "下载待办“\(todo.title)”的全部附件（\(entries.count) 个）")
        return try await req.download(target, name: "\(todo.title)-全部附件.zip", contentType: "application/zip",
                                      removingAfterwards: true)
    }

    // MARK: 催办

    @Sendable func remind(req: Request) async throws -> Response {
        let (_, todo) = try await TodoService.published(req)
        guard let todoID = todo.id else { throw AppError.notFound() }
        let base = "\(Page.todoPublishing.path)/\(todoID)"
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "催办", message: "确定向未完成的单位发送催办消息吗？（每个单位每天最多催办一次）",
                action: "\(base)/remind", cancel: base, context: context)).encodeResponse(for: req)
        }
        let now = req.now
        let today = LocalDate(chinaTimeOf: now)
        let open = try await TodoRecipient.query(on: req.db).filter(\.$todoID == todoID).filter(\.$state == .published).all()
        let due = open.filter { row in
            TodoReminder.isLate(row.state)
                && TodoReminder.mayRemind(lastRemindedOn: row.remindedAt.map { LocalDate(chinaTimeOf: $0) }, today: today)
        }
        guard !due.isEmpty else {
            let error: TodoError = open.isEmpty ? .nobodyToRemind : .alreadyRemindedToday
            return req.redirect(to: base, flash: Flash(kind: .error, message: error.message))
        }
        let audit = req.audit
        let title = todo.title
        let publisher = todo.publisherName
        let deadline = todo.deadlineDay
        let overdue = today > deadline
        try await req.db.transaction { db in
            for row in due {
                row.remindedAt = now
                row.reminderCount = min(row.reminderCount, 1_000_000) + 1
                try await row.save(on: db)
                try await OfficialMessage(
                    to: row.organizationID, category: .todoReminder, title: "催办：" + title,
                    body: "\(publisher)提醒：待办“\(title)”" + (overdue ? "已于 \(deadline.label) 逾期" : "将于 \(deadline.label) 截止")
                        + "，贵单位尚未上传文件，请尽快完成。",
                    link: "\(Page.myTodos.path)/\(todoID)", at: now).create(on: db)
            }
            try await AuditLogger(database: db, actor: audit.actor, ip: audit.ip, now: audit.now)
                .record(.update, targetType: "todo", targetID: String(todoID),
                        detail: "催办待办“\(title)”：\(due.count) 个未完成单位")
        }
        let skipped = open.count - due.count
        return req.redirect(to: base, flash: Flash(kind: .success, message: "已向 \(due.count) 个未完成的单位发送催办消息"
            + (skipped > 0 ? "（\(skipped) 个今天已催办过）" : "")))
    }
}
