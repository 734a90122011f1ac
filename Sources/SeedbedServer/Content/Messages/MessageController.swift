import Fluent
import Plot
import SeedbedDomain
import Vapor

/// 我的消息: review results and notices for the enterprise, newest first. Reading the page changes nothing; a
/// message becomes read when the enterprise marks it (标为已读, 全部标为已读), a CSRF-protected POST.
struct MessageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let messages = routes.grouped(Page.myMessages)
        messages.get(use: list)
        messages.post("read-all", use: readAll)
        messages.post(":id", "read", use: read)
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        guard let id = user.enterpriseID else { throw AppError.notFound() }
        let csrf = try await req.csrfToken()
        let unread = try await EnterpriseMessage.query(on: req.db).filter(\.$enterpriseID == id)
            .filter(\.$readAt == nil).count()
        let list = MessageList()
        return try await list.respond(req) { page, _, viewer in
            .group(
                UI.pageHeader(list.title, actions: unread == 0 ? [] : [
                    UI.actionButton("全部标为已读（\(unread) 条未读）", action: "/my/messages/read-all", csrf: csrf,
                                    style: "secondary"),
                ]),
                UI.queryBar(action: Page.myMessages.path, fields: [], exportURL: "/exports/\(MessageList.id)"),
                list.table(page, viewer: viewer, emptyText: "暂无消息", actions: { row in
                    row.readAt == nil
                        ? UI.actionButton("标为已读", action: "/my/messages/\(row.id)/read", csrf: csrf)
                        : .text("")
                }),
                UI.pagination(page.info, baseURL: Page.myMessages.path, query: []))
        }
    }

    @Sendable func read(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let enterpriseID = user.enterpriseID else { throw AppError.notFound() }
        let id = try req.requireID()
        // Another enterprise's message looks like a missing one.
        guard let message = try await EnterpriseMessage.query(on: req.db).filter(\.$id == id)
            .filter(\.$enterpriseID == enterpriseID).first()
        else { throw AppError.notFound() }
        if message.readAt == nil {
            message.readAt = req.now
            try await message.save(on: req.db)
            try await req.audit.record(.messageRead, targetType: "message", targetID: String(id))
        }
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
