import Fluent
import Foundation
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// 我的待办 (seed 001 §5 A–C): the to-dos addressed to the user's organisation, with 即将到期 / 已逾期 badges and the
/// floating notice of open ones; a to-do's page shows its details and attachments, 上传 completes it (已完成) and
/// 重传 replaces the file (the old one is removed). A to-do addressed to another organisation is a missing one (404).
struct MyTodoController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let todos = routes.grouped(Page.myTodos)
        todos.get(use: list)
        todos.get(":id", use: show)
        todos.get(":id", "attachments", ":attachment", use: attachment)
        todos.get(":id", "file", use: file)
        todos.on(.POST, ":id", "upload", body: .collect(maxSize: "30mb"), use: upload)
    }

    struct Row: Decodable {
        let id: Int
        let title: String
        let publisherName: String
        let deadline: String
        let state: TodoState
        let fileName: String?
        let completedAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, title, deadline, state
            case publisherName = "publisher_name"
            case fileName = "file_name"
            case completedAt = "completed_at"
        }
    }

    enum StateFilter: String, CaseIterable {
        case all = "", open, completed

        var label: String {
            switch self {
            case .all: "全部"
            case .open: "待完成"
            case .completed: "已完成"
            }
        }
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        guard let organizationID = user.organizationID, let sql = req.db as? any SQLDatabase else { throw AppError.notFound() }
        let today = LocalDate(chinaTimeOf: req.now)
        let filter = StateFilter(rawValue: req.query[String.self, at: "state"] ?? "") ?? .all
        let search = String((req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        let pageRequest = PageRequest(req)
        var condition: any SQLExpression = SQLBinaryExpression(SQLColumn("organization_id", table: "r"), .equal,
                                                               SQLBind(organizationID))
        switch filter {
        case .all: break
        case .open, .completed:
            let state: TodoState = filter == .open ? .published : .completed
            condition = SQLBinaryExpression(condition, .and,
                                            SQLBinaryExpression(SQLColumn("state", table: "r"), .equal, SQLBind(state.rawValue)))
        }
        if !search.isEmpty {
            condition = SQLBinaryExpression(condition, .and,
                                            Like(column: SQLColumn("title", table: "t"), pattern: "%" + Like.escape(search) + "%"))
        }
        func from(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
            select.from(SQLAlias(SQLIdentifier(TodoRecipient.schema), as: SQLIdentifier("r")))
                .join(SQLAlias(SQLIdentifier(TodoRecord.schema), as: SQLIdentifier("t")), method: SQLJoinMethod.inner,
                      on: SQLColumn("id", table: "t"), .equal, SQLColumn("todo_id", table: "r"))
                .where(condition)
        }
        let total = try await from(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await from(sql.select().columns(
            SQLColumn("id", table: "t"), SQLColumn("title", table: "t"), SQLColumn("publisher_name", table: "t"),
            SQLColumn("deadline", table: "t"), SQLColumn("state", table: "r"), SQLColumn("file_name", table: "r"),
            SQLColumn("completed_at", table: "r")))
            .orderBy(SQLOrderBy(expression: SQLColumn("state", table: "r"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("deadline", table: "t"), direction: SQLDirection.ascending))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "t"), direction: SQLDirection.descending))
            .limit(pageRequest.per).offset(pageRequest.offset).all(decoding: Row.self)
        let openCount = try await OpenTodos.count(for: user, on: req.db)
        let context = try await req.pageContext()
        let query: [(String, String)] = (filter == .all ? [] : [("state", filter.rawValue)]) + (search.isEmpty ? [] : [("q", search)])
        let table = UI.table(
            columns: ["序号", "待办名称", "发布单位", "截止日期", "状态", "上传文件", "完成时间", "操作"],
            rows: rows.enumerated().map { index, row in
                let deadline = (try? LocalDate(iso: row.deadline)) ?? today
                let urgency = TodoUrgency.of(deadline: deadline, today: today, state: row.state)
                let link = "\(Page.myTodos.path)/\(row.id)"
                return [
                    .text(String(pageRequest.offset + index + 1)),
                    .a(.href(link), .text(row.title)),
                    .text(row.publisherName),
                    .text(row.deadline),
                    .group(UI.badge(row.state.label, tone: row.state == .completed ? "success" : "neutral"),
                           .if(urgency == .dueSoon || urgency == .overdue, .group(.text(" "), UI.badge(urgency.label, tone: urgency.tone)))),
                    row.fileName.map { .a(.href("\(link)/file"), .text($0)) } ?? .text("—"),
                    .text(AdminViews.time(row.completedAt)),
                    .a(.href(link), .text(row.state == .completed ? "查看 / 重传" : "上传")),
                ]
            }, emptyText: filter == .completed ? "还没有已完成的待办" : "暂无待办事项")
        let body: Node<HTML.BodyContext> = .group(
            TodoViews.stylesheet,
            UI.pageHeader("我的待办" + (openCount == 0 ? "" : "（\(openCount) 项待完成）")),
            TodoViews.floatingNotice(count: openCount, link: Page.myTodos.path + "?state=open"),
            .form(.class("query-bar"), .method(.get), .action(Page.myTodos.path),
                  UI.field(FieldSpec(label: "待办名称", name: "q", value: search, placeholder: "输入名称搜索")),
                  UI.field(FieldSpec(label: "状态", name: "state", value: filter.rawValue,
                                     kind: .select(StateFilter.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }))),
                  .div(.class("query-actions"), UI.submit("查询"),
                       .a(.class("btn btn-secondary"), .href(Page.myTodos.path), .text("重置")))),
            table,
            UI.pagination(PageInfo(pageRequest, total: total), baseURL: Page.myTodos.path, query: query))
        return HTMLPage(Layout.shell("我的待办", context, body))
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let (_, todo, recipient) = try await TodoService.received(req)
        guard let todoID = todo.id else { throw AppError.notFound() }
        return try await page(req, todo: todo, todoID: todoID, recipient: recipient, error: nil)
    }

    private func page(_ req: Request, todo: TodoRecord, todoID: Int, recipient: TodoRecipient, error: String?,
                      status: HTTPResponseStatus = .ok) async throws -> HTMLPage {
        let today = LocalDate(chinaTimeOf: req.now)
        let urgency = TodoUrgency.of(deadline: todo.deadlineDay, today: today, state: recipient.state)
        let attachments = try await TodoAttachment.query(on: req.db).filter(\.$todoID == todoID).sort(\.$id).all()
        let context = try await req.pageContext()
        let base = "\(Page.myTodos.path)/\(todoID)"
        let done = recipient.state == .completed
        let body: Node<HTML.BodyContext> = .group(
            TodoViews.stylesheet,
            UI.pageHeader(todo.title, actions: [UI.buttonLink("返回我的待办", url: Page.myTodos.path)]),
            .unwrap(error) { UI.alert($0) },
            .p(UI.badge(recipient.state.label, tone: done ? "success" : "neutral"),
               .if(urgency == .dueSoon || urgency == .overdue, .group(.text(" "), UI.badge(urgency.label, tone: urgency.tone)))),
            UI.details([
                ("发布单位", todo.publisherName),
                ("截止日期", todo.deadlineDay.label),
                ("发布时间", AdminViews.time(todo.createdAt)),
                ("状态", recipient.state.label + (done ? "（\(AdminViews.time(recipient.completedAt)) 上传）" : "")),
            ]),
            .h2(.text("待办说明")),
            .div(.class("message-body"), .p(.text(todo.description))),
            TodoViews.attachments(attachments, base: base),
            .if(done, .p(.text("已上传："), .a(.href("\(base)/file"), .text(recipient.fileName ?? "文件")))),
            .form(.method(.post), .action(UI.uploadAction("\(base)/upload", csrf: context.csrfToken)),
                  .enctype(.multipartData), .class("stacked card todo-upload"),
                  UI.csrfField(context.csrfToken),
                  .div(.class(error == nil ? "field" : "field field-invalid"),
                       .label(.for("f-file"), .text(done ? "重新上传文件" : "上传文件"), .span(.class("req"), .text("*"))),
                       Tag.void("input", [("id", "f-file"), ("type", "file"), ("name", "file"), ("required", "required"),
                                          ("accept", ".pdf,.jpg,.jpeg,.png,.xlsx,.docx,.zip")]),
                       .div(.class("help"), .text(done ? "重传将替换已上传的文件" : "PDF、JPG、PNG、Excel、Word 或 ZIP；上传后待办即为已完成"))),
                  .div(.class("form-actions"), UI.submit(done ? "重传" : "上传"))))
        return HTMLPage(Layout.shell(todo.title, context, body), status: status)
    }

    @Sendable func attachment(req: Request) async throws -> Response {
        let (_, todo, _) = try await TodoService.received(req)
        let (attachment, file) = try await TodoService.attachment(req, of: todo)
        return try await TodoService.download(file, name: attachment.originalName, todo: todo, req: req)
    }

    @Sendable func file(req: Request) async throws -> Response {
        let (_, todo, recipient) = try await TodoService.received(req)
        guard let fileID = recipient.fileID, let file = try await StoredFile.find(fileID, on: req.db) else {
            throw AppError.notFound("文件不存在")
        }
        return try await TodoService.download(file, name: recipient.fileName ?? file.name, todo: todo, req: req)
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let (user, todo, recipient) = try await TodoService.received(req)
        guard let todoID = todo.id, let recipientID = recipient.id else { throw AppError.notFound() }
        guard let upload = try? req.content.get(File.self, at: "file"), upload.data.readableBytes > 0 else {
            return try await page(req, todo: todo, todoID: todoID, recipient: recipient, error: TodoError.fileMissing.message,
                                  status: .unprocessableEntity).encodeResponse(for: req)
        }
        let kept: (file: StoredFile, name: String)
        do {
            kept = try await TodoService.keep(upload, purpose: "todo-upload", user: user, req: req)
        } catch let error as AppError {
            return try await page(req, todo: todo, todoID: todoID, recipient: recipient, error: error.message,
                                  status: .unprocessableEntity).encodeResponse(for: req)
        }
        let now = req.now
        let audit = req.audit
        let replacing = recipient.fileID
        let title = todo.title
        do {
            try await req.db.transaction { db in
                guard let row = try await TodoRecipient.find(recipientID, on: db) else { throw AppError.notFound() }
                row.state = .completed
                row.fileID = kept.file.id
                row.fileName = kept.name
                row.completedBy = user.id
                row.completedAt = now
                try await row.save(on: db)
                try await AuditLogger(database: db, actor: audit.actor, ip: audit.ip, now: audit.now)
                    .record(.update, targetType: "todo", targetID: String(todoID),
                            detail: (replacing == nil ? "完成待办“" : "重传待办“") + title + "”：" + kept.name)
            }
        } catch {
            try await req.files.discard(kept.file)
            throw error
        }
        // 重传 supersedes the old file: it goes, with its bytes unless another file holds the same content.
        if let replacing, replacing != kept.file.id, let old = try await StoredFile.find(replacing, on: req.db) {
            try await req.files.discard(old)
        }
        return req.redirect(to: "\(Page.myTodos.path)/\(todoID)", flash: Flash(
            kind: .success, message: replacing == nil ? "已上传，待办已完成" : "已重新上传，原文件已替换"))
    }
}
