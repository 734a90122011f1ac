import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// 内容管理 → 适用条件 of a policy article (定向政策推送): add a typed condition or delete one. A refused entry says
/// why in Chinese and changes nothing; every change is audited.
struct PolicyConditionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let content = routes.grouped(Page.content)
        content.get(":id", "conditions", use: page)
        content.post(":id", "conditions", use: add)
        content.post(":id", "conditions", ":index", "delete", use: remove)
    }

    /// What the add form posts; technology fields arrive as `fields[]`.
    struct ConditionForm: Content {
        var kind: String?
        var comparison: String?
        var value: String?
        var region: String?
        var industry: String?
        var title: String?
        var fields: [String]?

        var dictionary: [String: String] {
            var result: [String: String] = [:]
            result["kind"] = kind
            result["comparison"] = comparison
            result["value"] = value
            result["region"] = region
            result["industry"] = industry
            result["title"] = title
            result["fields"] = (fields ?? []).prefix(20).joined(separator: ",")
            return result
        }
    }

    @Sendable func page(req: Request) async throws -> HTMLPage {
        let article = try await editable(req)
        let kind = req.query[String.self, at: "kind"].flatMap(PolicyConditionKind.init(rawValue:)) ?? .region
        return try await render(req, article: article, kind: kind, form: [:], errors: FormErrors())
    }

    @Sendable func add(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let article = try await editable(req)
        let form = (try? req.content.decode(ConditionForm.self)) ?? ConditionForm()
        let posted = form.dictionary
        let kind = posted["kind"].flatMap(PolicyConditionKind.init(rawValue:)) ?? .region
        let set = try await conditionSet(of: article, on: req.db)
        var conditions = set.conditions
        var errors = FormErrors()
        do {
            let condition = try PolicyCondition.parse(posted)
            if conditions.contains(condition) {
                errors["kind"] = "该条件已经存在"
            } else if conditions.count >= PolicyCondition.maxConditions {
                errors["kind"] = "每项政策最多设置 \(PolicyCondition.maxConditions) 条适用条件"
            } else {
                conditions.append(condition)
            }
        } catch {
            errors[error.field] = error.message
        }
        guard errors.isEmpty, let id = article.id else {
            return try await render(req, article: article, kind: kind, form: posted, errors: errors,
                                    status: .unprocessableEntity).encodeResponse(for: req)
        }
        set.conditions = conditions
        set.updatedBy = user.id
        set.updatedAt = req.now
        try await set.save(on: req.db)
        try await req.audit.record(.update, targetType: "policy_conditions", targetID: String(id),
                                   detail: "\(article.title)：添加适用条件 \(conditions.last?.requirement ?? "")")
        return req.redirect(to: PolicyViews.conditionsPath(id) + "?kind=\(kind.rawValue)",
                            flash: Flash(kind: .success, message: "已添加条件"))
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let article = try await editable(req)
        let id = article.id ?? 0
        let set = try await conditionSet(of: article, on: req.db)
        var conditions = set.conditions
        guard let index = req.parameters.get("index").flatMap({ Int($0) }), conditions.indices.contains(index) else {
            throw AppError.notFound("没有这条条件")
        }
        let removed = conditions[index]
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "删除条件", message: "确定删除条件“\(removed.requirement)”吗？",
                action: "\(PolicyViews.conditionsPath(id))/\(index)/delete", cancel: PolicyViews.conditionsPath(id),
                context: context)).encodeResponse(for: req)
        }
        conditions.remove(at: index)
        set.conditions = conditions
        set.updatedBy = user.id
        set.updatedAt = req.now
        try await set.save(on: req.db)
        try await req.audit.record(.update, targetType: "policy_conditions", targetID: String(id),
                                   detail: "\(article.title)：删除适用条件 \(removed.requirement)")
        return req.redirect(to: PolicyViews.conditionsPath(id), flash: Flash(kind: .success, message: "已删除条件"))
    }

    /// The policy article of the path, when the editor may write the policies section; 404 otherwise.
    private func editable(_ req: Request) async throws -> Article {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id").flatMap({ Int($0) }),
              let article = try await Article.find(id, on: req.db),
              article.section == .policies, article.section.editors.contains(user.role)
        else { throw AppError.notFound("没有这篇政策文件") }
        return article
    }

    private func conditionSet(of article: Article, on db: any Database) async throws -> PolicyConditionSet {
        guard let id = article.id else { throw AppError.notFound() }
        return try await PolicyConditionSet.query(on: db).filter(\.$articleID == id).first() ?? PolicyConditionSet(articleID: id)
    }

    private func render(_ req: Request, article: Article, kind: PolicyConditionKind, form: [String: String],
                        errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> HTMLPage {
        let conditions = try await PolicyConditions.of(article: article.id ?? 0, on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("适用条件", context, PolicyViews.conditions(
            article: article, conditions: conditions, kind: kind, form: form, errors: errors, context: context)),
            status: status)
    }
}
