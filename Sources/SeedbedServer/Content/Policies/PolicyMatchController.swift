import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// 定向政策推送 (D13, seed 000 §2.9): the enterprise's 政策匹配 with 模拟测算, and the officials' 政策匹配企业 with
/// export and 推送. Every evaluation runs over the signed-in user's data scope only: an enterprise's scope is
/// itself, a county's its county.
struct PolicyMatchController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(Page.myPolicies).get(use: mine)
        let matches = routes.grouped(Page.policyMatches)
        matches.get(use: policies)
        matches.get(":id", use: detail)
        matches.post(":id", "push", use: push)
    }

    // MARK: Enterprise

    @Sendable func mine(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        guard let id = user.enterpriseID, let sql = req.db as? any SQLDatabase else {
            throw AppError.notFound("您的账号尚未关联企业，请联系平台管理员")
        }
        let evaluation = try await PolicyEvaluation.load(scope: user.scope, now: req.now, on: sql)
        let context = try await req.pageContext()
        guard let slot = evaluation.data.slotOf[id] else {
            return HTMLPage(Layout.shell("政策匹配", context, PolicyViews.mineUnavailable()))
        }
        var form: [String: String] = [:]
        for metric in PolicyHypothesis.typed {
            if let text = req.query[String.self, at: metric.rawValue] { form[metric.rawValue] = String(text.prefix(30)) }
        }
        var errors = FormErrors()
        var hypothesis = PolicyHypothesis()
        do {
            hypothesis = try PolicyHypothesis.parse(form)
        } catch {
            errors[error.field] = error.message
        }
        var rows: [(article: Article, verdict: PolicyVerdict)] = []
        for (article, conditions) in try await PolicyConditions.published(on: req.db) {
            let verdict = try evaluation.verdict(conditions, slot: slot, hypothesis: hypothesis)
            rows.append((article, verdict))
        }
        return HTMLPage(Layout.shell("政策匹配", context, PolicyViews.mine(
            policies: rows, evaluation: evaluation, slot: slot, form: form, hypothesis: hypothesis, errors: errors)),
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    // MARK: Officials

    @Sendable func policies(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        guard let sql = req.db as? any SQLDatabase else { throw AppError.notFound() }
        let published = try await PolicyConditions.published(on: req.db)
        let evaluation = try await PolicyEvaluation.load(scope: user.scope, now: req.now, on: sql)
        var rows: [(article: Article, conditions: [PolicyCondition], matching: Int, pushed: Int)] = []
        for (article, conditions) in published {
            let matching = try evaluation.match(conditions).matchingSlots.count
            let pushed = try await PolicyPushes.pushedCount(article: article.id ?? 0, scope: user.scope, on: sql)
            rows.append((article, conditions, matching, pushed))
        }
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("政策匹配企业", context, PolicyViews.policies(rows, year: evaluation.year)))
    }

    @Sendable func detail(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        guard let sql = req.db as? any SQLDatabase else { throw AppError.notFound() }
        let list = PolicyMatchList(now: req.now).configured(for: user)
        let id = try policyID(req)
        var query = req.queryDictionary
        query["policy"] = String(id)
        let filter = list.filter(from: query)
        let result = try await list.result(filter, scope: user.scope, on: req.db)
        let page = try await list.page(filter, scope: user.scope, page: PageRequest(req), on: req.db)
        let pushed = try await PolicyPushes.pushedCount(article: result.article.id ?? 0, scope: user.scope, on: sql)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("匹配企业", context, PolicyViews.matches(
            list, result: result, page: page, filter: filter, pushed: pushed, viewer: ListViewer(role: user.role),
            context: context)))
    }

    @Sendable func push(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let id = try policyID(req)
        let path = "\(Page.policyMatches.path)/\(id)"
        let result = try await PolicyMatchResult.run(policy: id, q: nil, scope: user.scope, now: req.now, on: req.db)
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "推送政策",
                message: "确定向辖区内 \(result.matching) 家符合条件的企业推送“\(result.article.title)”吗？已推送过的企业不会重复推送。",
                action: path + "/push", cancel: path, context: context)).encodeResponse(for: req)
        }
        let enterprises = result.outcome.matchingSlots.map { result.evaluation.data.slots[$0] }
        let outcome = try await PolicyPushes.push(article: result.article, enterprises: enterprises, by: user,
                                                  on: req.db, now: req.now)
        let summary = "已推送 \(outcome.sent) 家，此前已推送 \(outcome.already) 家"
        try await req.audit.record(.create, targetType: "policy_push", targetID: String(id),
                                   detail: "\(result.article.title)：\(summary)（符合条件 \(enterprises.count) 家）")
        return req.redirect(to: path, flash: Flash(kind: .success, message: summary))
    }

    private func policyID(_ req: Request) throws -> Int {
        guard let id = req.parameters.get("id").flatMap({ Int($0) }), id > 0 else { throw AppError.notFound("没有这项政策") }
        return id
    }
}
