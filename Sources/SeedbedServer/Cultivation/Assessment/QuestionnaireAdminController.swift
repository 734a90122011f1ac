import Fluent
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// 评测问卷 (M3): the three questionnaires per category and version; 新建版本 copies the newest version into a
/// draft, the draft's definition is edited as JSON (validated by `Questionnaire.problems()`: an invalid definition
/// changes nothing), and 发布 makes it the version enterprises starting a new attempt answer. Completed attempts keep
/// the version they answered.
struct QuestionnaireAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let page = routes.grouped(Page.questionnaires)
        page.get(use: list)
        page.post("new", use: create)
        page.get(":id", use: show)
        page.on(.POST, ":id", body: .collect(maxSize: "1mb"), use: update)
        page.post(":id", "publish", use: publish)
    }

    static func link(_ id: Int?) -> String { Page.questionnaires.path + "/" + String(id ?? 0) }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let context = try await req.pageContext()
        let rows = try await QuestionnaireRecord.query(on: req.db).sort(\.$category).sort(\.$version, .descending).all()
        return HTMLPage(Layout.shell(Page.questionnaires.title, context, .group(
            UI.pageHeader(Page.questionnaires.title),
            .p(.class("help"), .text("企业开始新的评测时使用本类别最新发布的版本；已完成的评测保留其作答时的版本。")),
            .forEach(QuestionnaireCategory.allCases) { category in
                let versions = rows.filter { $0.category == category }
                return .div(.class("card"),
                            .h2(.text(category.label + "评测表")),
                            .form(.class("inline"), .method(.post), .action(Page.questionnaires.path + "/new"),
                                  UI.csrfField(context.csrfToken), UI.hidden("category", category.rawValue),
                                  UI.submit(versions.contains { $0.status == .draft } ? "编辑草稿" : "新建版本", style: "secondary")),
                            UI.table(columns: ["版本", "标题", "状态", "题目数", "发布时间", "操作"], rows: versions.map { row in
                                [.text("第\(row.version)版"), .text(row.title),
                                 UI.badge(row.status.label, tone: row.status == .published ? "success" : "neutral"),
                                 .text(String(row.definition?.questionCount ?? 0)),
                                 .text(row.publishedAt.map { LocalDate(chinaTimeOf: $0).label } ?? "—"),
                                 .a(.href(Self.link(row.id)), .text(row.status == .draft ? "编辑" : "查看"))]
                            }, emptyText: "暂无问卷"))
            })))
    }

    /// 新建版本: the category's open draft, or a new draft copying its newest version.
    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let raw = try? req.content.get(String.self, at: "category"), let category = QuestionnaireCategory(rawValue: raw) else {
            return req.redirect(to: Page.questionnaires.path, flash: Flash(kind: .error, message: "请选择问卷类别"))
        }
        let versions = try await QuestionnaireRecord.query(on: req.db).filter(\.$category == category)
            .sort(\.$version, .descending).all()
        if let draft = versions.first(where: { $0.status == .draft }) { return req.redirect(to: Self.link(draft.id)) }
        let newest = versions.first
        let version = (newest?.version ?? 0) + 1
        var definition = newest?.definition ?? StandardQuestionnaires.questionnaire(for: category)
        definition.version = version
        let row = QuestionnaireRecord()
        row.category = category
        row.version = version
        row.status = QuestionnaireStatus.draft
        row.title = definition.title
        row.definitionJSON = definition.prettyJSON
        row.createdBy = user.id
        row.createdAt = req.now
        row.updatedAt = req.now
        row.publishedAt = nil
        try await row.create(on: req.db)
        try await req.audit.record(.create, targetType: "questionnaire", targetID: String(row.id ?? 0),
                                   detail: "\(category.label) 第\(version)版草稿")
        return req.redirect(to: Self.link(row.id), flash: Flash(kind: .success, message: "已新建第\(version)版草稿"))
    }

    private func find(_ req: Request) async throws -> QuestionnaireRecord {
        guard let row = try await QuestionnaireRecord.find(try req.requireID(), on: req.db) else { throw AppError.notFound() }
        return row
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let row = try await find(req)
        return try await page(req, row: row, json: row.definitionJSON, problems: [])
    }

    private func page(_ req: Request, row: QuestionnaireRecord, json: String, problems: [String],
                      status: HTTPResponseStatus = .ok) async throws -> HTMLPage {
        let context = try await req.pageContext()
        let definition = row.definition
        let title = "\(row.category.label)评测表 第\(row.version)版"
        let editable = row.status == .draft
        return HTMLPage(Layout.shell(title, context, .group(
            UI.pageHeader(title, actions: [UI.buttonLink("返回", url: Page.questionnaires.path)] + (editable && problems.isEmpty
                ? [UI.actionButton("发布", action: Self.link(row.id) + "/publish", csrf: context.csrfToken,
                                   confirm: "确定发布\(title)吗？发布后企业新开始的评测将使用此版本。", style: "primary")] : [])),
            .if(!problems.isEmpty, .div(.class("flash flash-error"), .attribute(named: "role", value: "alert"),
                                         .p(.text("问卷定义有误，未保存：")), .ul(.forEach(problems) { .li(.text($0)) }))),
            UI.details([("状态", row.status.label), ("标题", row.title),
                        ("发布时间", row.publishedAt.map { LocalDate(chinaTimeOf: $0).label } ?? "—")]),
            .unwrap(definition) { questionnaire in
                UI.table(columns: ["步骤", "维度", "部分", "分值", "题目数"], rows: questionnaire.sections.enumerated().map { index, section in
                    [.text("第\(index + 1)步"), .text(section.dimension.label), .text(section.title),
                     .text(Questionnaire.format(section.weight)), .text(String(section.questions.count))]
                }, caption: "结构（合计\(Questionnaire.format(questionnaire.maximum))分）")
            },
            editable
                ? .form(.method(.post), .action(Self.link(row.id)), .class("stacked card"),
                        UI.csrfField(context.csrfToken),
                        .div(.class("field"), .label(.for("f-definition"), .text("问卷定义（JSON）")),
                             Tag.element("textarea", [("id", "f-definition"), ("name", "definition"), ("rows", "30"),
                                                      ("class", "code")], [.text(json)]),
                             .div(.class("help"), .text("sections 为步骤（dimension: foundation 基础 / operation 经营 / management 管理 / effectiveness 成效，weight 为该部分分值，合计须为100分）；questions 的 kind: single 单选 / multiple 多选 / scenario 场景等级 / rateBand 比率区间；options 的 points 为选项分值。"))),
                        .div(.class("form-actions"), UI.submit("保存草稿")))
                : .pre(.class("code"), .text(row.definitionJSON)))), status: status)
    }

    @Sendable func update(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let row = try await find(req)
        guard row.status == .draft else {
            return req.redirect(to: Self.link(row.id), flash: Flash(kind: .error, message: "已发布的问卷不能修改，请新建版本"))
        }
        let json = (try? req.content.get(String.self, at: "definition")) ?? ""
        var problems: [String]
        switch Questionnaire.decode(json: json) {
        case .failure(let error):
            problems = [error.message]
        case .success(var definition):
            problems = []
            if definition.category != row.category { problems.append("问卷类别应为“\(row.category.label)”（\(row.category.rawValue)），不能改为其他类别") }
            definition.version = row.version
            problems += definition.problems()
            if problems.isEmpty {
                row.title = definition.title
                row.definitionJSON = definition.prettyJSON
                row.updatedAt = req.now
                try await row.save(on: req.db)
                try await req.audit.record(.update, targetType: "questionnaire", targetID: String(row.id ?? 0),
                                           detail: "\(row.category.label) 第\(row.version)版草稿，操作人 \(user.id)")
                return req.redirect(to: Self.link(row.id), flash: Flash(kind: .success, message: "草稿已保存"))
            }
        }
        return try await page(req, row: row, json: json, problems: problems, status: .unprocessableEntity)
            .encodeResponse(for: req)
    }

    @Sendable func publish(req: Request) async throws -> Response {
        let row = try await find(req)
        guard row.status == .draft, let definition = row.definition, definition.problems().isEmpty else {
            return req.redirect(to: Self.link(row.id), flash: Flash(kind: .error, message: "只有校验通过的草稿可以发布"))
        }
        let title = "\(row.category.label)评测表 第\(row.version)版"
        guard ConfirmPage.isConfirmed(req) else {
            let context = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(title: "发布问卷", message: "确定发布\(title)吗？发布后企业新开始的评测将使用此版本。",
                                                         action: Self.link(row.id) + "/publish", cancel: Self.link(row.id),
                                                         context: context)).encodeResponse(for: req)
        }
        let now = req.now
        let category = row.category
        try await req.db.transaction { db in
            let current = try await QuestionnaireRecord.query(on: db).filter(\.$category == category)
                .filter(\.$status == QuestionnaireStatus.published).all()
            for old in current {
                old.status = QuestionnaireStatus.superseded
                old.updatedAt = now
                try await old.save(on: db)
            }
            row.status = QuestionnaireStatus.published
            row.publishedAt = now
            row.updatedAt = now
            try await row.save(on: db)
        }
        try await req.audit.record(.update, targetType: "questionnaire", targetID: String(row.id ?? 0), detail: "发布 " + title)
        return req.redirect(to: Page.questionnaires.path, flash: Flash(kind: .success, message: "已发布\(title)"))
    }
}
