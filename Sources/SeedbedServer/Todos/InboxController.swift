import Fluent
import Foundation
import Plot
import SeedbedDomain
import Vapor

/// 我的消息 of officials: messages to the user's organisation (待办通知, 催办 …), newest first. Opening one reads it;
/// 全部标为已读 is a CSRF-protected POST. A message to another organisation is a missing one (404).
struct InboxController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let inbox = routes.grouped(Page.inbox)
        inbox.get(use: list)
        inbox.post("read-all", use: readAll)
        inbox.get(":id", use: detail)
    }

    private func organization(_ req: Request) throws -> Int {
        guard let id = try req.requireUser().organizationID else { throw AppError.notFound() }
        return id
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let organizationID = try organization(req)
        let category = (req.query[String.self, at: "category"]).flatMap(OfficialMessageCategory.init(rawValue:))
        let pageRequest = PageRequest(req)
        func scoped() -> QueryBuilder<OfficialMessage> {
            let query = OfficialMessage.query(on: req.db).filter(\.$organizationID == organizationID)
            return category.map { query.filter(\.$category == $0) } ?? query
        }
        let total = try await scoped().count()
        let unread = try await OfficialMessage.query(on: req.db).filter(\.$organizationID == organizationID)
            .filter(\.$readAt == nil).count()
        let rows = try await scoped().sort(\.$createdAt, .descending).sort(\.$id, .descending)
            .range(pageRequest.offset..<(pageRequest.offset + pageRequest.per)).all()
        let context = try await req.pageContext()
        let options = [SelectOption(value: "", label: "全部")]
            + OfficialMessageCategory.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
        let body: Node<HTML.BodyContext> = .group(
            UI.pageHeader("我的消息" + (unread == 0 ? "（全部已读）" : "（\(unread) 条未读）"), actions: unread == 0 ? [] : [
                UI.actionButton("全部标为已读", action: "\(Page.inbox.path)/read-all", csrf: context.csrfToken,
                                style: "secondary"),
            ]),
            .form(.class("query-bar"), .method(.get), .action(Page.inbox.path),
                  UI.field(FieldSpec(label: "类别", name: "category", value: category?.rawValue ?? "", kind: .select(options))),
                  .div(.class("query-actions"), UI.submit("查询"),
                       .a(.class("btn btn-secondary"), .href(Page.inbox.path), .text("重置")))),
            UI.table(columns: ["序号", "时间", "类别", "标题", "状态"], rows: rows.enumerated().map { index, message in
                [
                    .text(String(pageRequest.offset + index + 1)),
                    .text(AdminViews.time(message.createdAt)),
                    .text(message.category.label),
                    .a(.href("\(Page.inbox.path)/\(message.id ?? 0)"), .text(message.title)),
                    message.readAt == nil ? UI.badge("未读", tone: "warning") : UI.badge("已读", tone: "muted"),
                ]
            }, emptyText: "暂无消息"),
            UI.pagination(PageInfo(pageRequest, total: total), baseURL: Page.inbox.path,
                          query: category.map { [("category", $0.rawValue)] } ?? []))
        return HTMLPage(Layout.shell("我的消息", context, body))
    }

    @Sendable func detail(req: Request) async throws -> HTMLPage {
        let organizationID = try organization(req)
        guard let id = req.parameters.get("id").flatMap({ InputNumber.integer($0, in: InputRange.id) }),
              let message = try await OfficialMessage.query(on: req.db).filter(\.$id == id)
                .filter(\.$organizationID == organizationID).first()
        else { throw AppError.notFound("消息不存在") }
        if message.readAt == nil {
            message.readAt = req.now
            try await message.save(on: req.db)
            try await req.audit.record(.messageRead, targetType: "official_message", targetID: String(id))
        }
        let context = try await req.pageContext()
        let body: Node<HTML.BodyContext> = .group(
            UI.pageHeader(message.title, actions: [UI.buttonLink("返回我的消息", url: Page.inbox.path)]),
            UI.details([("类别", message.category.label), ("时间", AdminViews.time(message.createdAt)), ("状态", "已读")]),
            .div(.class("message-body"), .p(.text(message.body))),
            .unwrap(message.link.flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil }) { link in
                .p(UI.buttonLink("查看相关页面", url: link, style: "primary"))
            })
        return HTMLPage(Layout.shell(message.title, context, body))
    }

    @Sendable func readAll(req: Request) async throws -> Response {
        let organizationID = try organization(req)
        let count = try await OfficialMessage.query(on: req.db).filter(\.$organizationID == organizationID)
            .filter(\.$readAt == nil).count()
        if count > 0 {
            try await OfficialMessage.query(on: req.db).filter(\.$organizationID == organizationID)
                .filter(\.$readAt == nil).set(\.$readAt, to: req.now).update()
            try await req.audit.record(.messageRead, targetType: "official_message", detail: "全部标为已读（\(count) 条）")
        }
        return req.redirect(to: Page.inbox.path, flash: Flash(kind: .success, message: "全部消息已标为已读"))
    }
}
