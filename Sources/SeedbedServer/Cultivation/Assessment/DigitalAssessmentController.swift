import Fluent
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// 数字化水平评测 (M3, seed 002 §(二)): the enterprise's latest result and every attempt, 去自评 / 继续填写 /
/// 重新评测, the questionnaire of its 所属行业 answered one section per step with 暂存, and 提交 that lists what is
/// still unanswered. Only the enterprise's own attempts are reachable: any other id is 404.
struct DigitalAssessmentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let page = routes.grouped(Page.myDigital)
        page.get(use: overview)
        page.post("start", use: start)
        page.get(":id", use: show)
        page.on(.POST, ":id", body: .collect(maxSize: "256kb"), use: save)
    }

    private func own(_ req: Request, enterprise: Enterprise) async throws -> DigitalAssessmentRecord {
        guard let attempt = try await DigitalAssessmentRecord.find(try req.requireID(), on: req.db),
              attempt.enterpriseID == enterprise.id
        else { throw AppError.notFound() }
        return attempt
    }

    static func link(_ attempt: DigitalAssessmentRecord, step: Int? = nil) -> String {
        Page.myDigital.path + "/" + String(attempt.id ?? 0) + (step.map { "?step=\($0)" } ?? "")
    }

    @Sendable func overview(req: Request) async throws -> HTMLPage {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let enterpriseID = enterprise.id ?? 0
        let service = DigitalAssessmentService(db: req.db, now: req.now)
        let history = try await service.history(enterpriseID: enterpriseID)
        let latest = try await DigitalAssessments.latest(enterpriseID: enterpriseID, on: req.db)
        let category = QuestionnaireCategory(industry: enterprise.industryCode)
        let published = try await DigitalAssessmentService.published(category, on: req.db)
        let draft = history.first { $0.status == .draft }
        let context = try await req.pageContext()
        var latestBody: Node<HTML.BodyContext> = UI.emptyState("尚未完成数字化水平评测。完成评测后，结果将作为专精特新中小企业认定“数字化水平”指标的评价依据。")
        if let latest, let row = history.first(where: { $0.id == latest.id }) {
            let questionnaire = try? await service.questionnaire(of: row)
            latestBody = .div(.class("card"), .h2(.text("最新评测结果")),
                              UI.details([("评测等级", DigitalLevel.label(latest.level)),
                                          ("评测得分", Questionnaire.format(latest.score) + " 分"),
                                          ("完成日期", latest.completedOn.label),
                                          ("评测表", latest.category.label + "（第\(latest.questionnaireVersion)版）")]),
                              Self.sectionTable(row, questionnaire: questionnaire),
                              .p(.class("help"), .text("以最新一次完成的评测结果为准，作为专精特新中小企业认定“数字化水平”指标的评价依据。")))
        }
        let action: Node<HTML.BodyContext> = draft.map { UI.buttonLink("继续填写", url: Self.link($0, step: 1), style: "primary") }
            ?? (published == nil ? UI.badge("评测表尚未发布", tone: "warning")
                : UI.actionButton(latest == nil ? "去自评" : "重新评测", action: Page.myDigital.path + "/start",
                                  csrf: context.csrfToken, style: "primary"))
        let rows: [[UI.Body]] = history.map { row in
            [.text(LocalDate(chinaTimeOf: row.startedAt).label),
             .text(row.category.label + "（第\(row.questionnaireVersion)版）"),
             UI.badge(row.status.label, tone: row.status == .completed ? "success" : "warning"),
             .text(row.status == .completed ? Questionnaire.format(row.score) : "—"),
             .text(row.status == .completed ? DigitalLevel.label(row.level) : "—"),
             .text(row.completedAt.map { LocalDate(chinaTimeOf: $0).label } ?? "—"),
             row.status == .completed ? .a(.href(Self.link(row)), .text("详情"))
                 : .a(.href(Self.link(row, step: 1)), .text("继续填写"))]
        }
        return HTMLPage(Layout.shell(Page.myDigital.title, context, .group(
            UI.pageHeader(Page.myDigital.title, actions: [action]),
            .p(.text(QuestionnaireCategory.reason(industry: enterprise.industryCode) + "。评测表分为制造业、生产性服务业、其他行业三类，根据企业基本信息中的所属行业自动匹配。")),
            .unwrap(published?.questionnaire.note) { .p(.class("help"), .text($0)) },
            latestBody,
            .h2(.text("评测记录")),
            UI.table(columns: ["开始日期", "评测表", "状态", "得分", "等级", "完成日期", "操作"], rows: rows,
                     emptyText: "暂无评测记录"))))
    }

    static func sectionTable(_ row: DigitalAssessmentRecord, questionnaire: Questionnaire?) -> UI.Body {
        guard let questionnaire else { return .empty }
        let score = questionnaire.score(row.answers)
        let rows: [[UI.Body]] = score.dimensionPoints.map { item in
            [.text(item.dimension.label), .text(Questionnaire.format(item.points)), .text(Questionnaire.format(item.maximum))]
        }
        return UI.table(columns: ["维度", "得分", "满分"], rows: rows, caption: "各维度得分")
    }

    @Sendable func start(req: Request) async throws -> Response {
        let (user, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let service = DigitalAssessmentService(db: req.db, now: req.now)
        let attempt = try await service.start(enterprise: enterprise, by: user.id)
        return req.redirect(to: Self.link(attempt, step: 1), flash: Flash(kind: .info, message: "已开始评测，可随时暂存"))
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let attempt = try await own(req, enterprise: enterprise)
        let service = DigitalAssessmentService(db: req.db, now: req.now)
        let questionnaire = try await service.questionnaire(of: attempt)
        if attempt.status == .completed { return try await detail(req, attempt: attempt, questionnaire: questionnaire) }
        let step = InputNumber.integer(req.query[String.self, at: "step"], in: 1...max(1, questionnaire.sections.count)) ?? 1
        return try await form(req, attempt: attempt, questionnaire: questionnaire, step: step, missing: [])
    }

    private func detail(_ req: Request, attempt: DigitalAssessmentRecord, questionnaire: Questionnaire) async throws -> HTMLPage {
        let context = try await req.pageContext()
        let answers = attempt.answers
        return HTMLPage(Layout.shell("评测详情", context, .group(
            UI.pageHeader("评测详情", actions: [UI.buttonLink("返回", url: Page.myDigital.path)]),
            .div(.class("card"),
                 UI.details([("评测表", questionnaire.title + "（第\(attempt.questionnaireVersion)版）"),
                             ("评测等级", DigitalLevel.label(attempt.level)),
                             ("评测得分", Questionnaire.format(attempt.score) + " 分"),
                             ("完成日期", attempt.completedAt.map { LocalDate(chinaTimeOf: $0).label } ?? "—")]),
                 Self.sectionTable(attempt, questionnaire: questionnaire)),
            .forEach(questionnaire.sections) { section in
                .div(.class("card"), .h2(.text(section.title)),
                     UI.table(columns: ["题目", "所选"], rows: section.questions.map { question in
                         let chosen = question.options.filter { answers.chosen(question.id).contains($0.id) }.map(\.text)
                         return [.text(question.text), .text(chosen.isEmpty ? "未作答" : chosen.joined(separator: "；"))]
                     }))
            })))
    }

    private func form(_ req: Request, attempt: DigitalAssessmentRecord, questionnaire: Questionnaire, step: Int,
                      missing: [MissingAnswer], status: HTTPResponseStatus = .ok) async throws -> HTMLPage {
        let context = try await req.pageContext()
        let sections = questionnaire.sections
        guard sections.indices.contains(step - 1) else { throw AppError.notFound() }
        let section = sections[step - 1]
        let answers = attempt.answers
        let last = step == sections.count
        let steps: [Node<HTML.ListContext>] = sections.enumerated().map { index, item in
            let answered = item.questions.filter { !answers.chosen($0.id).isEmpty }.count
            let label = "第\(index + 1)步 \(item.title)（\(answered)/\(item.questions.count)）"
            return index + 1 == step ? .li(.class("current"), .strong(.text(label)))
                : .li(.a(.href(Self.link(attempt, step: index + 1)), .text(label)))
        }
        return HTMLPage(Layout.shell(questionnaire.title, context, .group(
            UI.pageHeader(questionnaire.title, actions: [UI.buttonLink("返回", url: Page.myDigital.path)]),
            .unwrap(questionnaire.note) { .p(.class("help"), .text($0)) },
            .ol(.class("steps"), .group(steps)),
            .if(!missing.isEmpty, .div(.class("flash flash-error"), .attribute(named: "role", value: "alert"),
                                        .p(.text("还有 \(missing.count) 道必答题未作答，请补充后再提交：")),
                                        .ul(.forEach(missing) { item in
                                            .li(.a(.href(Self.link(attempt, step: item.step)), .text(item.message)))
                                        }))),
            .form(.method(.post), .action(Self.link(attempt)), .class("stacked card"),
                  UI.csrfField(context.csrfToken), UI.hidden("step", String(step)),
                  .h2(.text("第\(step)步 \(section.title)（\(Questionnaire.format(section.weight))分）")),
                  .unwrap(section.note) { .p(.class("help"), .text($0)) },
                  .forEach(section.questions) { question in Self.question(question, chosen: answers.chosen(question.id)) },
                  .div(.class("form-actions"),
                       .if(step > 1, UI.submit("上一步", name: "action", value: "prev", style: "secondary")),
                       UI.submit("暂存", name: "action", value: "save", style: "secondary"),
                       .if(!last, UI.submit("下一步", name: "action", value: "next")),
                       .if(last, UI.submit("提交", name: "action", value: "submit")))))), status: status)
    }

    static func question(_ question: AssessmentQuestion, chosen: [String]) -> Node<HTML.FormContext> {
        let type = question.kind == .multiple ? "checkbox" : "radio"
        let name = AssessmentForm.prefix + question.id
        let legend: Node<HTML.FormContext> = Tag.element("legend", [], [
            .text(question.text), .if(question.required, .span(.class("req"), .text("*"))), .text("（\(question.kind.label)）"),
        ])
        let options: [Node<HTML.FormContext>] = question.options.map { option in
            .label(.class("choice"),
                   Tag.void("input", [("type", type), ("name", name), ("value", option.id),
                                      ("checked", chosen.contains(option.id) ? "checked" : nil)]),
                   .text(" " + option.text))
        }
        return Tag.element("fieldset", [("class", "field")],
                           [legend, .unwrap(question.hint) { .div(.class("help"), .text($0)) }] + options)
    }

    @Sendable func save(req: Request) async throws -> Response {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let attempt = try await own(req, enterprise: enterprise)
        let service = DigitalAssessmentService(db: req.db, now: req.now)
        let questionnaire = try await service.questionnaire(of: attempt)
        guard attempt.status == .draft else {
            return req.redirect(to: Self.link(attempt), flash: Flash(kind: .error, message: "该次评测已完成，不能再修改"))
        }
        let posted = AssessmentForm(req)
        let count = questionnaire.sections.count
        let step = min(max(posted.step ?? 1, 1), max(count, 1))
        guard questionnaire.sections.indices.contains(step - 1) else { throw AppError.notFound() }
        let questions = questionnaire.sections[step - 1].questions.map(\.id)
        try await service.save(attempt, posted: AssessmentAnswers(posted.choices), questions: questions,
                               questionnaire: questionnaire)
        switch posted.action {
        case .prev:
            return req.redirect(to: Self.link(attempt, step: max(step - 1, 1)), flash: Flash(kind: .success, message: "已暂存"))
        case .next:
            return req.redirect(to: Self.link(attempt, step: min(step + 1, count)), flash: Flash(kind: .success, message: "已暂存"))
        case .save:
            return req.redirect(to: Self.link(attempt, step: step), flash: Flash(kind: .success, message: "已暂存"))
        case .submit:
            let score = try await service.complete(attempt, questionnaire: questionnaire)
            guard score.isComplete else {
                return try await form(req, attempt: attempt, questionnaire: questionnaire, step: step,
                                      missing: score.missing, status: .unprocessableEntity).encodeResponse(for: req)
            }
            return req.redirect(to: Self.link(attempt), flash: Flash(
                kind: .success, message: "评测已提交：\(Questionnaire.format(score.total))分，\(DigitalLevel.label(score.level))"))
        }
    }
}
