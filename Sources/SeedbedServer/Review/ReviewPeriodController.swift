import Plot
import SeedbedDomain
import Vapor

// 审核时限: the working days each kind of review may take, set by the platform administrator; the workbench and
// the sidebar count a queue's filings past it as overdue.
extension Page {
    static let reviewPeriods = Page(path: "/admin/review-periods", title: "审核时限", access: .platformAdmin)
}

struct ReviewPeriodController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let page = routes.grouped(Page.reviewPeriods)
        page.get(use: show)
        page.post(use: save)
    }

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let periods = try await ReviewPeriodSettings.periods(on: req.db, logger: req.logger)
        let values = Dictionary(uniqueKeysWithValues: ReviewPeriods.kinds.map { ($0, String(periods.workingDays(for: $0))) })
        return try await page(req, values: values, errors: [:])
    }

    @Sendable func save(req: Request) async throws -> Response {
        let posted = try req.content.decode([String: String].self)
        var periods = try await ReviewPeriodSettings.periods(on: req.db, logger: req.logger)
        let before = periods
        var values: [FilingKind: String] = [:]
        var errors: [FilingKind: String] = [:]
        for kind in ReviewPeriods.kinds {
            let text = String((posted[kind.rawValue] ?? "").trimmingCharacters(in: .whitespaces).prefix(12))
            values[kind] = text
            guard let days = InputNumber.integer(text, in: ReviewPeriods.allowedDays) else {
                errors[kind] = "请填写 \(ReviewPeriods.allowedDays.lowerBound)–\(ReviewPeriods.allowedDays.upperBound) 之间的整数"
                continue
            }
            do {
                periods = try periods.setting(kind, to: days)
            } catch {
                errors[kind] = error.message
            }
        }
        guard errors.isEmpty else {
            return try await page(req, values: values, errors: errors, status: .unprocessableEntity).encodeResponse(for: req)
        }
        guard periods != before else {
            return req.redirect(to: Page.reviewPeriods.path, flash: Flash(kind: .info, message: "审核时限没有变化"))
        }
        try await ReviewPeriodSettings.store(periods, on: req.db)
        let changed = ReviewPeriods.kinds.filter { before.workingDays(for: $0) != periods.workingDays(for: $0) }
            .map { "\($0.queueTitle) \(before.workingDays(for: $0))→\(periods.workingDays(for: $0)) 个工作日" }
        try await req.audit.record(.update, targetType: "setting", targetID: ReviewPeriodSettings.key,
                                   detail: "修改审核时限：" + changed.joined(separator: "；"))
        return req.redirect(to: Page.reviewPeriods.path, flash: Flash(kind: .success, message: "审核时限已保存"))
    }

    private func page(_ req: Request, values: [FilingKind: String], errors: [FilingKind: String],
                      status: HTTPResponseStatus = .ok) async throws -> HTMLPage {
        let context = try await req.pageContext()
        let body: Node<HTML.BodyContext> = .group(
            UI.pageHeader("审核时限"),
            .p(.class("muted"), .text("各类审核应在材料到达本级后的若干个工作日内完成（工作日按周一至周五计算，不含法定节假日调整）。"
                + "超过时限的待审核事项在工作台与左侧菜单中标为“已超期”。")),
            errors.isEmpty ? .empty : UI.alert("有 \(errors.count) 项填写有误，请修改后再保存"),
            .form(.class("card form"), .method(.post), .action(Page.reviewPeriods.path),
                  UI.csrfField(context.csrfToken),
                  .forEach(ReviewPeriods.kinds) { kind in
                      UI.field(FieldSpec(label: kind.queueTitle + "（工作日）", name: kind.rawValue,
                                         value: values[kind] ?? "", kind: .number, required: true,
                                         error: errors[kind], maxLength: 2))
                  },
                  .div(.class("form-actions"), UI.submit("保存")))
        )
        return HTMLPage(Layout.shell("审核时限", context, body), status: status)
    }
}
