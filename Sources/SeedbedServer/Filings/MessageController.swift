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
        let list = MessageList()
        let page = try await list.respond(req) { page, _, viewer in
            .group(
                UI.pageHeader(list.title),
                UI.queryBar(action: "/my/messages", fields: [], exportURL: "/exports/\(MessageList.id)"),
                list.table(page, viewer: viewer, emptyText: "暂无消息"),
                UI.pagination(page.info, baseURL: "/my/messages", query: []))
        }
        // Opening the page reads them: marked after the page showed which were new.
        try await EnterpriseMessage.query(on: req.db).filter(\.$enterpriseID == id).filter(\.$readAt == nil)
            .set(\.$readAt, to: req.now).update()
        return page
    }
}
