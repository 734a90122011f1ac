import Fluent
import Plot
import SeedbedDomain
import Vapor

/// 我的消息: review results and notices for the enterprise, newest first, filtered by category. The list changes
/// nothing; a message becomes read when the enterprise opens it (详情) or marks it (标为已读, 全部标为已读 — a
/// CSRF-protected POST). Another enterprise's message is a missing one (404).
struct MessageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let messages = routes.grouped(Page.myMessages)
        messages.get(use: list)
        messages.post("read-all", use: readAll)
        messages.get(":id", use: detail)
        messages.post(":id", "read", use: read)
    }

    static let categoryOptions: [SelectOption] = [SelectOption(value: "", label: "全部")]
        + MessageCategory.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        guard user.enterpriseID != nil else { throw AppError.notFound() }
        let csrf = try await req.csrfToken()
        // The same count the header shows: one query for both.
        let unread = try await req.unreadMessageCount() ?? 0
        let list = MessageList()
        return try await list.respond(req) { page, filter, viewer in
            let query = list.queryItems(filter)
            return .group(
                UI.pageHeader(list.title + (unread == 0 ? "（全部已读）" : "（\(unread) 条未读）"), actions: unread == 0 ? [] : [
                    UI.actionButton("全部标为已读", action: "/my/messages/read-all", csrf: csrf, style: "secondary"),
                ]),
                UI.queryBar(action: Page.myMessages.path,
                            fields: [FieldSpec(label: "类别", name: "category", value: filter.category?.rawValue ?? "",
                                               kind: .select(Self.categoryOptions))],
                            exportURL: "/exports/\(MessageList.id)" + (query.isEmpty ? "" : "?" + URLQuery.encode(query))),
                list.table(page, viewer: viewer, emptyText: "暂无消息", actions: { row in
                    .group(
                        .a(.href("/my/messages/\(row.id)"), .text("详情")),
                        .if(row.readAt == nil, .group(
                            .text(" "), UI.actionButton("标为已读", action: "/my/messages/\(row.id)/read", csrf: csrf))))
                }),
                UI.pagination(page.info, baseURL: Page.myMessages.path, query: query))
        }
    }

    /// The enterprise's own message, or 404.
    private func own(_ req: Request) async throws -> EnterpriseMessage {
        let user = try req.requireUser()
        guard let enterpriseID = user.enterpriseID else { throw AppError.notFound() }
        let id = try req.requireID()
        guard let message = try await EnterpriseMessage.query(on: req.db).filter(\.$id == id)
            .filter(\.$enterpriseID == enterpriseID).first()
        else { throw AppError.notFound("消息不存在") }
        return message
    }

    private func markRead(_ message: EnterpriseMessage, _ req: Request) async throws {
        guard message.readAt == nil, let id = message.id else { return }
        message.readAt = req.now
        try await message.save(on: req.db)
        try await req.audit.record(.messageRead, targetType: "message", targetID: String(id))
    }

    @Sendable func detail(req: Request) async throws -> HTMLPage {
        let message = try await own(req)
        // Opening a message reads it; the header's count, computed after, already shows it read.
        try await markRead(message, req)
        let context = try await req.pageContext()
        let body: Node<HTML.BodyContext> = .group(
            UI.pageHeader(message.title, actions: [UI.buttonLink("返回我的消息", url: Page.myMessages.path)]),
            UI.details([
                ("类别", message.category.label),
                ("时间", AdminViews.time(message.createdAt)),
                ("状态", "已读"),
            ]),
            .div(.class("message-body"), .p(.text(message.body))),
            .unwrap(message.link.flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil }) { link in
                .p(UI.buttonLink("查看相关页面", url: link, style: "primary"))
            })
        return HTMLPage(Layout.shell(message.title, context, body))
    }

    @Sendable func read(req: Request) async throws -> Response {
        let message = try await own(req)
        try await markRead(message, req)
        return req.redirect(to: Page.myMessages.path, flash: Flash(kind: .success, message: "已标为已读"))
    }

    @Sendable func readAll(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let enterpriseID = user.enterpriseID else { throw AppError.notFound() }
        let unread = EnterpriseMessage.query(on: req.db).filter(\.$enterpriseID == enterpriseID).filter(\.$readAt == nil)
        let count = try await unread.count()
        if count > 0 {
            try await EnterpriseMessage.query(on: req.db).filter(\.$enterpriseID == enterpriseID)
                .filter(\.$readAt == nil).set(\.$readAt, to: req.now).update()
            try await req.audit.record(.messageRead, targetType: "message", detail: "全部标为已读（\(count) 条）")
        }
        return req.redirect(to: Page.myMessages.path, flash: Flash(kind: .success, message: "全部消息已标为已读"))
    }
}
