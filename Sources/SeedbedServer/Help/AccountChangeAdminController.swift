import Fluent
import Foundation
import Plot
import SeedbedDomain
import Vapor

/// 系统管理 → 账号变更审核 (the platform administrator): the manual requests, each with its signed form; 通过 binds
/// the new phone and texts it the login name, 驳回 needs a reason. Each request is decided once, whatever the
/// concurrency. Also 系统管理 → 邮件记录, the e-mail outbox beside 短信记录.
struct AccountChangeAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let changes = routes.grouped(Page.accountChanges)
        changes.get(use: list)
        changes.get(":id", use: detail)
        changes.post(":id", "approve", use: approve)
        changes.post(":id", "reject", use: reject)
        routes.grouped(Page.emailOutbox).get { req async throws -> HTMLPage in
            let list = EmailList()
            return try await list.respond(req) { EmailList.view(list, page: $0, filter: $1, viewer: $2) }
        }
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let status = req.query[String.self, at: "status"].flatMap(AccountChangeStatus.init(rawValue:))
        let pageRequest = PageRequest(req)
        var query = AccountChangeRequest.query(on: req.db)
        if let status { query = query.filter(\.$status == status) }
        let total = try await query.count()
        var ordered = AccountChangeRequest.query(on: req.db)
        if let status { ordered = ordered.filter(\.$status == status) }
        let requests = try await ordered.sort(\.$createdAt, .descending).sort(\.$id, .descending)
            .range(pageRequest.offset..<(pageRequest.offset + pageRequest.per)).all()
        let rows = try await Self.rows(requests, on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(Page.accountChanges.title, context, AccountChangeViews.adminList(
            rows, page: PageInfo(pageRequest, total: total), status: status, context: context)))
    }

    static func rows(_ requests: [AccountChangeRequest], on db: any Database) async throws -> [AccountChangeViews.Row] {
        let enterpriseIDs = Array(Set(requests.map(\.enterpriseID)))
        let userIDs = Array(Set(requests.map(\.userID)))
        let enterprises = enterpriseIDs.isEmpty ? [] : try await Enterprise.query(on: db).filter(\.$id ~~ enterpriseIDs).all()
        let users = userIDs.isEmpty ? [] : try await User.query(on: db).filter(\.$id ~~ userIDs).all()
        let names = Dictionary(enterprises.compactMap { e in e.id.map { ($0, e.name) } }, uniquingKeysWith: { a, _ in a })
        let accounts = Dictionary(users.compactMap { u in u.id.map { ($0, u.account) } }, uniquingKeysWith: { a, _ in a })
        return requests.map { request in
            AccountChangeViews.Row(request: request, enterprise: names[request.enterpriseID] ?? "—",
                                   account: accounts[request.userID] ?? "—")
        }
    }

    private func load(_ req: Request) async throws -> (AccountChangeViews.Row, User?) {
        guard let request = try await AccountChangeRequest.find(try req.requireID(), on: req.db),
              let row = try await Self.rows([request], on: req.db).first
        else { throw AppError.notFound() }
        return (row, try await User.find(request.userID, on: req.db))
    }

    private func render(_ req: Request, errors: FormErrors = FormErrors(), reason: String = "",
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let (row, user) = try await load(req)
        let context = try await req.pageContext()
        return try await HTMLPage(Layout.shell("账号变更申请", context, AccountChangeViews.adminDetail(
            row, currentPhone: user?.phone, errors: errors, reason: reason, context: context)), status: status)
            .encodeResponse(for: req)
    }

    @Sendable func detail(req: Request) async throws -> Response {
        try await render(req)
    }

    @Sendable func approve(req: Request) async throws -> Response {
        let admin = try req.requireUser()
        let (row, user) = try await load(req)
        let request = row.request
        let id = request.id ?? 0
        let back = "\(Page.accountChanges.path)/\(id)"
        guard request.status == .pending else {
            return req.redirect(to: back, flash: Flash(kind: .info, message: "该申请已审核"))
        }
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "通过账号变更", message: "确定通过“\(row.enterprise)”的手机号变更申请吗？新手机号 \(request.phoneMasked) 将立即生效。",
                action: back + "/approve", cancel: back, context: context)).encodeResponse(for: req)
        }
        let cipher = try req.personalData
        guard let user, let phone = cipher.open(request.phoneSealed) else {
            return try await render(req, errors: .one("reason", "申请中的手机号无法读取，请驳回并请企业重新提交"),
                                    status: .unprocessableEntity)
        }
        guard try await AccountChanges.decide(id, to: .approved, reason: nil, by: admin.id, at: req.now, on: req.db) else {
            return req.redirect(to: back, flash: Flash(kind: .info, message: "该申请已审核"))
        }
        let before = user.phone ?? "—"
        try await AccountChanges.bind(phone: phone, to: user, cipher: cipher, sms: req.sms, db: req.db, now: req.now,
                                      logger: req.logger)
        try await req.audit.record(.update, targetType: "account_change", targetID: String(id),
                                   detail: "通过账号变更（人工核验）：\(row.account) 手机号 \(before) → \(request.phoneMasked)")
        return req.redirect(to: back, flash: Flash(kind: .success, message: "已通过，新手机号已生效并已发送登录名短信"))
    }

    struct RejectForm: Content {
        var reason: String?
    }

    @Sendable func reject(req: Request) async throws -> Response {
        let admin = try req.requireUser()
        let (row, _) = try await load(req)
        let request = row.request
        let id = request.id ?? 0
        let back = "\(Page.accountChanges.path)/\(id)"
        guard request.status == .pending else {
            return req.redirect(to: back, flash: Flash(kind: .info, message: "该申请已审核"))
        }
        let form = try req.content.decode(RejectForm.self)
        let reason = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= AccountChangeRule.maxReasonLength else {
            let message = reason.isEmpty ? "请填写驳回原因" : "驳回原因不能超过 \(AccountChangeRule.maxReasonLength) 字"
            return try await render(req, errors: .one("reason", message), reason: String(reason.prefix(1000)),
                                    status: .unprocessableEntity)
        }
        guard try await AccountChanges.decide(id, to: .rejected, reason: reason, by: admin.id, at: req.now, on: req.db) else {
            return req.redirect(to: back, flash: Flash(kind: .info, message: "该申请已审核"))
        }
        try await req.audit.record(.update, targetType: "account_change", targetID: String(id),
                                   detail: "驳回账号变更（人工核验）：\(row.account)，原因：\(reason)")
        return req.redirect(to: back, flash: Flash(kind: .success, message: "已驳回"))
    }
}

/// 邮件记录 as a list.
struct EmailList: ModelListDefinition {
    static let id = "email"
    let title = "邮件记录"
    let roles = Access.platformAdmin.roles

    var columns: [ListColumn<EmailMessage>] {
        [
            ListColumn("时间", width: 20) { row, _ in .dateTime(row.createdAt) },
            ListColumn("邮箱", width: 24) { row, _ in .text(row.address) },
            ListColumn("用途", width: 12) { row, _ in .text(row.purpose) },
            ListColumn("主题", width: 20) { row, _ in .text(row.subject) },
            ListColumn("内容", width: 60) { row, _ in .text(row.body) },
            ListColumn("状态", width: 12) { row, _ in .text(row.status) },
        ]
    }

    func filter(from query: [String: String]) -> String { queryText(query, "q", max: 64) }

    func queryItems(_ filter: String) -> [(String, String)] { filter.isEmpty ? [] : [("q", filter)] }

    var newest: KeyPath<EmailMessage, FieldProperty<EmailMessage, Date>> { \.$createdAt }

    func query(_ filter: String, on db: any Database) -> QueryBuilder<EmailMessage> {
        filter.isEmpty ? EmailMessage.query(on: db) : EmailMessage.query(on: db).filter(\.$address ~~ filter)
    }

    static func view(_ list: EmailList, page: Paged<EmailMessage>, filter: String, viewer: ListViewer)
        -> Node<HTML.BodyContext>
    {
        .group(
            UI.pageHeader(list.title),
            .p(.class("muted"), .text("未接入邮件服务时，平台发送的邮件写入发件箱并在此显示；验证码以 * 号遮盖。")),
            UI.queryBar(action: Page.emailOutbox.path, fields: [FieldSpec(label: "邮箱", name: "q", value: filter)]),
            list.table(page, viewer: viewer, numbered: false, emptyText: "没有邮件记录"),
            UI.pagination(page.info, baseURL: Page.emailOutbox.path, query: list.queryItems(filter))
        )
    }
}
