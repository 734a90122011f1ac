import Fluent
import Foundation
import Plot
import SeedbedDomain
import Vapor

/// 融资申请 (合作金融机构): a bank's own institution's applications — search, state filter, pagination, export —
/// each with the innovation score the enterprise consented to share with this bank, moved 受理 → 放款 (amount) or
/// 未通过 (reason required). Every decision is one conditional UPDATE through the typed state machine; the
/// enterprise gets a 金融服务 message.
struct FinanceApplicationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let applications = routes.grouped(Page.financeApplications)
        applications.get(use: list)
        applications.get(":id", use: detail)
        applications.post(":id", "accept") { req in try await decide(req, .accept) }
        applications.post(":id", "disburse") { req in try await decide(req, .disburse) }
        applications.post(":id", "reject") { req in try await decide(req, .reject) }
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let institution = try await FinanceInstitutions.of(user, on: req.db)
        let list = FinanceApplicationList(userID: user.id)
        return try await list.respond(req) { page, filter, viewer in
            FinanceViews.bankApplications(list, institution: institution, page: page, filter: filter, viewer: viewer)
        }
    }

    private func load(_ req: Request) async throws -> (CurrentUser, FinancialInstitution, FinanceApplicationRow) {
        let user = try req.requireUser()
        let institution = try await FinanceInstitutions.of(user, on: req.db)
        guard let id = req.parameters.get("id").flatMap({ InputNumber.integer($0, in: InputRange.id) }),
              let row = try await FinanceApplicationQuery.one(id, owner: .institution(institution.id ?? 0), on: req.db)
        else { throw AppError.notFound() }
        return (user, institution, row)
    }

    private func render(_ req: Request, errors: FormErrors = FormErrors(), values: [String: String] = [:],
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let (_, _, row) = try await load(req)
        let standing = try await FinanceStanding.latest(enterpriseID: row.enterprise_id, on: req.db)
        let history = try await FinanceViews.history(row.id, on: req.db)
        let context = try await req.pageContext()
        return try await HTMLPage(Layout.shell("融资申请详情", context, FinanceViews.bankDetail(
            row, standing: standing, history: history, errors: errors, values: values, context: context)), status: status)
            .encodeResponse(for: req)
    }

    @Sendable func detail(req: Request) async throws -> Response {
        let (_, institution, row) = try await load(req)
        try await req.audit.record(.export, targetType: "finance_application", targetID: String(row.id),
                                   detail: "\(institution.shortName) 查看融资申请及企业授权的创新积分：\(row.enterprise_name)")
        return try await render(req)
    }

    struct Posted: Content {
        var amount: String?
        var reason: String?
    }

    func decide(_ req: Request, _ decision: FinanceDecision) async throws -> Response {
        let (user, institution, row) = try await load(req)
        let back = "\(Page.financeApplications.path)/\(row.id)"
        if case .failure(let error) = FinanceWorkflow.apply(decision, to: row.state) {
            return req.redirect(to: back, flash: Flash(kind: .error, message: error.message))
        }
        let posted = try req.content.decode(Posted.self)
        var reason: String?
        var amount: Double?
        switch decision {
        case .accept:
            guard ConfirmPage.isConfirmed(req) else {
                let context = try await req.pageContext()
                return try await HTMLPage(ConfirmPage.render(
                    title: "受理申请", message: "确定受理“\(row.enterprise_name)”对“\(row.product_name)”的融资申请吗？",
                    action: back + "/accept", cancel: back, context: context)).encodeResponse(for: req)
            }
        case .disburse:
            switch FinanceInput.decimal(posted.amount, label: "放款金额", range: 0.01...1_000_000) {
            case .success(let value): amount = value
            case .failure(let error):
                return try await render(req, errors: .one("amount", error.message),
                                        values: ["amount": String(financeText(posted.amount).prefix(32))],
                                        status: .unprocessableEntity)
            }
        case .reject:
            let text = financeText(posted.reason)
            guard !text.isEmpty, text.count <= 500 else {
                return try await render(req, errors: .one("reason", text.isEmpty ? "请填写未通过的原因" : "原因不能超过 500 字"),
                                        values: ["reason": String(text.prefix(500))], status: .unprocessableEntity)
            }
            reason = text
        }
        let now = req.now
        let audit = req.audit
        let (reasonText, lent) = (reason, amount)
        let decided = try await req.db.transaction { db -> Bool in
            guard try await FinanceDecisions.decide(row.id, institutionID: institution.id ?? 0, decision: decision,
                                                    from: row.state, reason: reasonText, amount: lent, by: user.id, at: now,
                                                    on: db)
            else { return false }
            let note = switch decision {
            case .accept: "受理"
            case .disburse: "放款 \(FinanceConditions.format(lent ?? 0)) 万元"
            case .reject: "未通过：\(reasonText ?? "")"
            }
            try await FinanceApplicationEvent(applicationID: row.id, state: decision.target, note: note, actorID: user.id,
                                              at: now).create(on: db)
            if let enterprise = try await Enterprise.find(row.enterprise_id, on: db) {
                let body = "您向\(institution.name)申请的“\(row.product_name)”（\(FinanceConditions.format(row.amount)) 万元）"
                    + "状态更新为“\(decision.target.label)”" + (decision == .accept ? "。" : "：\(note)。")
                try await EnterpriseMessage(to: enterprise, category: .finance, title: "融资申请\(decision.target.label)",
                                            body: body, link: "\(Page.myFinance.path)/applications/\(row.id)", at: now)
                    .create(on: db)
            }
            try await AuditLogger(database: db, actor: audit.actor, ip: audit.ip, now: audit.now)
                .record(.update, targetType: "finance_application", targetID: String(row.id),
                        detail: "\(institution.shortName) \(decision.label)融资申请：\(row.enterprise_name)，\(note)")
            return true
        }
        guard decided else {
            return req.redirect(to: back, flash: Flash(kind: .error, message: FinanceError.stale.message))
        }
        return req.redirect(to: back, flash: Flash(kind: .success, message: "已\(decision.label)"))
    }
}
