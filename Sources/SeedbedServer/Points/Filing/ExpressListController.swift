import Fluent
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// 企业快报填报名单 for the platform administrator, the national centre and zones, each within their data scope:
/// list with search and export, add an enterprise found by credit code or name, remove one after confirmation.
struct ExpressListController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let list = routes.grouped(Page.expressList)
        list.get(use: index)
        list.post(use: add)
        list.post(":id", "delete", use: remove)
    }

    struct Candidate: Decodable {
        let id: Int
        let name: String
        let uscc: String
    }

    @Sendable func index(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        return try await page(req, user: user)
    }

    private func page(_ req: Request, user: CurrentUser, candidates: [Candidate] = [], search: String = "",
                      error: String? = nil) async throws -> HTMLPage {
        let list = ExpressList()
        let filter = list.filter(from: req.queryDictionary)
        let page = try await list.page(filter, scope: user.scope, page: PageRequest(req), on: req.db)
        let context = try await req.pageContext()
        let query = URLQuery.encode(list.queryItems(filter))
        let candidateRows: [[Node<HTML.BodyContext>]] = candidates.map { candidate in
            [.text(candidate.name), .text(candidate.uscc),
             .form(.class("inline"), .method(.post), .action(Page.expressList.path), UI.csrfField(context.csrfToken),
                   UI.hidden("enterprise_id", String(candidate.id)), UI.submit("加入名单", style: "link"))]
        }
        let body: Node<HTML.BodyContext> = .group(
            UI.pageHeader(list.title),
            UI.alert("名单内的企业在“企业快报”中按快报填报项目填报；不在名单内的企业打开时只看到无需填报的提示。", kind: .info),
            .form(
                .class("query-bar"), .method(.post), .action(Page.expressList.path),
                UI.csrfField(context.csrfToken),
                UI.field(FieldSpec(label: "添加企业", name: "enterprise", value: search, required: true,
                                   placeholder: "统一社会信用代码或企业名称", error: error, maxLength: 64)),
                .div(.class("query-actions"), UI.submit("查找并加入"))
            ),
            .if(!candidates.isEmpty, .section(.class("card"), .h2(.text("找到多家企业，请选择")),
                                              UI.table(columns: [EnterpriseRecordForm.name.label, EnterpriseRecordForm.uscc.label, "操作"], rows: candidateRows))),
            UI.queryBar(action: Page.expressList.path, fields: [
                FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "企业名称或统一社会信用代码"),
            ], exportURL: "/exports/\(ExpressList.id)" + (query.isEmpty ? "" : "?" + query)),
            list.table(page, viewer: ListViewer(role: user.role), emptyText: "名单中还没有企业", actions: { row in
                UI.actionButton("移出名单", action: "/points/express-list/\(row.id)/delete", csrf: context.csrfToken,
                                confirm: "确定将“\(row.name)”移出企业快报填报名单吗？", style: "link")
            }),
            UI.pagination(page.info, baseURL: Page.expressList.path, query: list.queryItems(filter))
        )
        return HTMLPage(Layout.shell(list.title, context, body), status: error == nil ? .ok : .unprocessableEntity)
    }

    /// Active enterprises within the user's scope whose credit code is `text` or whose name contains it.
    private func find(_ text: String, id: Int?, scope: DataScope, on db: any Database) async throws -> [Candidate] {
        guard let sql = db as? any SQLDatabase else { return [] }
        var builder = sql.select().column(SQLColumn("id", table: "e")).column(SQLColumn("name", table: "e"))
            .column(SQLColumn("uscc", table: "e"))
            .from(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")))
            .where(ScopeFilter(scope, table: "e", enterpriseColumn: "id"))
            .where(SQLColumn("status", table: "e"), .equal, SQLBind(EnterpriseStatus.active))
        if let id {
            builder = builder.where(SQLColumn("id", table: "e"), .equal, SQLBind(id))
        } else {
            builder = builder.where(SQLGroupExpression(SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("uscc", table: "e"), .equal, SQLBind(USCC.normalise(text))), .or,
                Like(column: SQLColumn("name", table: "e"), pattern: "%" + Like.escape(text) + "%"))))
        }
        return try await builder.orderBy(SQLColumn("id", table: "e")).limit(20).all(decoding: Candidate.self)
    }

    @Sendable func add(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let text = ((try? req.content.get(String.self, at: "enterprise")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let id = (try? req.content.get(String.self, at: "enterprise_id")).flatMap { Int($0) }
        guard id != nil || !text.isEmpty else {
            return try await page(req, user: user, error: "请填写统一社会信用代码或企业名称").encodeResponse(for: req)
        }
        let found = try await find(String(text.prefix(64)), id: id, scope: user.scope, on: req.db)
        guard let candidate = found.first else {
            if id != nil {
                try await req.audit.record(.create, outcome: .denied, targetType: "express_list", targetID: id.map(String.init))
            }
            return try await page(req, user: user, search: text, error: "在您的管辖范围内没有找到该企业（须为已注册通过的企业）")
                .encodeResponse(for: req)
        }
        if found.count > 1 {
            return try await page(req, user: user, candidates: found, search: text).encodeResponse(for: req)
        }
        guard let enterprise = try await Enterprise.find(candidate.id, on: req.db) else { throw AppError.notFound() }
        if try await ExpressListEntry.query(on: req.db).filter(\.$enterpriseID == candidate.id).first() != nil {
            return req.redirect(to: Page.expressList.path, flash: Flash(kind: .warning, message: "“\(candidate.name)”已在名单中"))
        }
        let entry = ExpressListEntry()
        entry.enterpriseID = candidate.id
        entry.regionCode = enterprise.regionCode
        entry.zoneID = enterprise.zoneID
        entry.incubatorID = enterprise.incubatorID
        entry.addedBy = user.id
        entry.createdAt = req.now
        do {
            try await entry.create(on: req.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return req.redirect(to: Page.expressList.path, flash: Flash(kind: .warning, message: "“\(candidate.name)”已在名单中"))
        }
        try await req.audit.record(.create, targetType: "express_list", targetID: entry.id.map(String.init),
                                   detail: "加入企业快报填报名单：\(candidate.name)（\(candidate.uscc)）")
        return req.redirect(to: Page.expressList.path, flash: Flash(kind: .success, message: "已将“\(candidate.name)”加入名单"))
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let id = try req.requireID()
        guard let entry = try await ExpressListEntry.find(id, on: req.db), user.scope.permits(entry.scopeSubject) else {
            try await req.audit.record(.delete, outcome: .denied, targetType: "express_list", targetID: String(id))
            throw AppError.notFound("名单中没有该企业，或不在您的管辖范围内")
        }
        let name = try await Enterprise.find(entry.enterpriseID, on: req.db)?.name ?? "该企业"
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "移出企业快报填报名单", message: "确定将“\(name)”移出企业快报填报名单吗？移出后该企业不能再提交企业快报。",
                action: "/points/express-list/\(id)/delete", cancel: Page.expressList.path, context: context))
                .encodeResponse(for: req)
        }
        try await entry.delete(on: req.db)
        try await req.audit.record(.delete, targetType: "express_list", targetID: String(id), detail: "移出企业快报填报名单：\(name)")
        return req.redirect(to: Page.expressList.path, flash: Flash(kind: .success, message: "已将“\(name)”移出名单"))
    }
}
