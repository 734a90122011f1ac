import Fluent
import Plot
import SeedbedDomain
import Vapor

/// 我的消息: review results and notices for the enterprise, newest first; opening the page marks them read.
struct MessageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("my", "messages", use: list)
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let user = try req.requireRole([.enterprise])
        guard let id = user.enterpriseID else { throw AppError.notFound() }
        let page = PageRequest(req)
        let query = EnterpriseMessage.query(on: req.db).filter(\.$enterpriseID == id)
        let total = try await query.count()
        let messages = try await query.sort(\.$createdAt, .descending).sort(\.$id, .descending)
            .range(page.offset..<(page.offset + page.per)).all()
        try await EnterpriseMessage.query(on: req.db).filter(\.$enterpriseID == id).filter(\.$readAt == nil)
            .set(\.$readAt, to: req.now).update()
        let context = try await req.pageContext()
        let rows: [[Node<HTML.BodyContext>]] = messages.map { message in
            [.text(AdminViews.time(message.createdAt)), .text(message.category),
             message.link.map { .a(.href($0), .text(message.title)) } ?? .text(message.title), .text(message.body),
             message.readAt == nil ? UI.badge("未读", tone: "warning") : UI.badge("已读", tone: "muted")]
        }
        return HTMLPage(Layout.shell("我的消息", context, .group(
            UI.pageHeader("我的消息"),
            UI.table(columns: ["时间", "类别", "标题", "内容", "状态"], rows: rows, emptyText: "暂无消息"),
            UI.pagination(PageInfo(page, total: total), baseURL: "/my/messages", query: []))))
    }
}
