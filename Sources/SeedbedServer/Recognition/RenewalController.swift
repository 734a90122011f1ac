import Fluent
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// 认定复核 (seed 002 §三(五) 认证到期管理, M8): the enterprise's recognitions of the MIIT levels with their validity;
/// within the lead time before the end date (or lapsed with a 复核 returned for revision) 去复核 opens the form,
/// re-evaluated on current facts; the 复核 is filed through the one workflow (county → city → province), one slot per
/// recognition term. The history of 复核 with 详情.
struct RenewalController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let renewals = routes.grouped(Page.myRenewals)
        renewals.get(use: list)
        renewals.get("new", use: new)
        renewals.post(use: save)
        renewals.get(":id", use: show)
    }

    typealias Body = Node<HTML.BodyContext>

    /// Whether the enterprise may start or continue the 复核 of `recognition`: a valid MIIT level within the lead
    /// time, or one whose 复核 is a draft or was returned for revision (also once lapsed: the expiry run keeps it
    /// while the 复核 is pending).
    static func canApply(_ recognition: CultivationRecognition, existing: FilingRecord?, today: LocalDate,
                         leadMonths: Int) -> Bool {
        guard recognition.status == .valid, recognition.kind.isCultivationLevel, let term = recognition.term else {
            return false
        }
        if let existing { return existing.status == .draft || existing.status == .returned }
        return term.isDueForReminder(on: today, leadMonths: leadMonths)
    }

    private func ownRecognition(_ req: Request, enterprise: Enterprise, id: Int?) async throws -> CultivationRecognition {
        guard let id, let recognition = try await CultivationRecognition.find(id, on: req.db),
              recognition.enterpriseID == enterprise.id, recognition.kind.isCultivationLevel
        else { throw AppError.notFound() }
        return recognition
    }

    private func ownRenewal(_ req: Request, enterprise: Enterprise) async throws -> FilingRecord {
        guard let id = InputNumber.integer(req.parameters.get("id"), in: InputRange.id),
              let record = try await FilingRecord.find(id, on: req.db), record.enterpriseID == enterprise.id,
              record.kind == .renewal
        else { throw AppError.notFound() }
        return record
    }

    // MARK: List

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let id = enterprise.id ?? 0
        let today = LocalDate(chinaTimeOf: req.now)
        let lead = CultivationRecognitions.leadMonths(req.application)
        let recognitions = try await CultivationRecognition.query(on: req.db).filter(\.$enterpriseID == id)
            .filter(\.$kind ~~ RecognitionKind.cultivationLevels).sort(\.$issuedOn, .descending).all()
        let renewals = try await FilingRecord.query(on: req.db).filter(\.$enterpriseID == id)
            .filter(\.$kind == .renewal).sort(\.$id, .descending).all()
        let bySlot = Dictionary(renewals.map { ($0.slot, $0) }, uniquingKeysWith: { first, _ in first })
        let byID = Dictionary(recognitions.compactMap { r in r.id.map { ($0, r) } }, uniquingKeysWith: { first, _ in first })
        let rows: [[Body]] = recognitions.map { recognition in
            let standing = recognition.standing(on: today, leadMonths: lead)
            let existing = bySlot[CultivationRecognitions.renewalSlot(recognition)]
            var links: [Body] = []
            if let existing, let filingID = existing.id {
                links.append(.group(.a(.href("\(Page.myRenewals.path)/\(filingID)"), .text("复核详情")),
                                    .text("（\(existing.status.label)）")))
            }
            if Self.canApply(recognition, existing: existing, today: today, leadMonths: lead) {
                links.append(.a(.class("btn btn-primary btn-small"),
                                .href("\(Page.myRenewals.path)/new?recognition=\(recognition.id ?? 0)"), .text("去复核")))
            }
            let action: Body = links.isEmpty ? .text("—") : .group(links)
            return [.text(recognition.kind.label), .text(recognition.certificateNo), .text(recognition.issuedOn),
                    .text(recognition.validUntil),
                    .group(UI.badge(standing.label, tone: Self.tone(standing)),
                           .unwrap(recognition.cancelReason) { .text("（\($0)）") }),
                    action]
        }
        let history: [[Body]] = renewals.map { record in
            let recognition = CultivationRecognitions.recognitionID(renewalSlot: record.slot).flatMap { byID[$0] }
            let term = record.slot.split(separator: ":").last.map(String.init) ?? ""
            return [.text(recognition?.kind.label ?? "—"), .text(recognition?.certificateNo ?? "—"), .text(term),
                    UI.badge(record.status.label, tone: FilingViews.statusTone(record.status)),
                    .text(record.submittedAt.map { AdminViews.time($0) } ?? "—"),
                    .a(.href("\(Page.myRenewals.path)/\(record.id ?? 0)"), .text("详情"))]
        }
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(Page.myRenewals.title, context, .group(
            UI.pageHeader(Page.myRenewals.title),
            .if(recognitions.isEmpty, UI.emptyState("贵企业尚未获得创新型中小企业、专精特新中小企业或专精特新\u{201C}小巨人\u{201D}企业认定，不提供复核功能。")),
            .if(!recognitions.isEmpty, .group(
                .section(.class("card"),
                         .h2(.text("我的认定")),
                         .p(.class("muted"), .text("认定有效期三年；有效期届满前 \(lead) 个月内可申请复核，复核通过的有效期自原到期日起延长三年，"
                             + "到期未通过复核的取消认定。")),
                         UI.table(columns: ["认定级别", "证书编号", "有效期起", "有效期至", "状态", "操作"], rows: rows)),
                .section(.class("card"),
                         .h2(.text("复核记录")),
                         UI.table(columns: ["认定级别", "证书编号", "原有效期至", "状态", "提交时间", "操作"], rows: history,
                                  emptyText: "暂无复核记录"))))
        )))
    }

    static func tone(_ standing: RecognitionStanding) -> String {
        switch standing {
        case .valid: "success"
        case .expiring: "warning"
        case .lapsed, .cancelled: "danger"
        }
    }

    // MARK: Form

    @Sendable func new(req: Request) async throws -> Response {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let recognition = try await ownRecognition(req, enterprise: enterprise,
                                                   id: InputNumber.integer(req.query[String.self, at: "recognition"], in: InputRange.id))
        let service = FilingService(req)
        let existing = try await service.record(enterpriseID: enterprise.id ?? 0,
                                                slot: CultivationRecognitions.renewalSlot(recognition))
        if let existing, existing.status != .draft, existing.status != .returned, let id = existing.id {
            return req.redirect(to: "\(Page.myRenewals.path)/\(id)")
        }
        let values = try await service.document(existing)?.values ?? [:]
        var errors = FormErrors()
        if !Self.canApply(recognition, existing: existing, today: service.today,
                          leadMonths: CultivationRecognitions.leadMonths(req.application)) {
            errors["_"] = Self.notEligible(recognition, today: service.today)
        }
        return try await form(req, recognition: recognition, enterprise: enterprise, statement: values["statement"] ?? "",
                              version: existing?.version, errors: errors).encodeResponse(for: req)
    }

    static func notEligible(_ recognition: CultivationRecognition, today: LocalDate) -> String {
        if recognition.status == .cancelled { return "该认定已取消，不能申请复核" }
        if let term = recognition.term, term.hasLapsed(on: today) { return "该认定已过有效期，不能再申请复核" }
        return "该认定尚未进入复核期（有效期届满前可申请复核），暂不能申请"
    }

    private func form(_ req: Request, recognition: CultivationRecognition, enterprise: Enterprise, statement: String,
                      version: Int?, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> HTMLPage {
        let today = LocalDate(chinaTimeOf: req.now)
        let check = try await RenewalCheck.evaluate(recognition.kind, enterpriseID: enterprise.id ?? 0, on: today, db: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("认定复核申请", context, .group(
            UI.pageHeader("认定复核申请", actions: [UI.buttonLink("返回", url: Page.myRenewals.path)]),
            .if(!errors.isEmpty, UI.alert(errors["_"] ?? "请修改标红的项目后再提交")),
            .section(.class("card"), .h2(.text("复核的认定")), UI.details([
                ("认定级别", recognition.kind.label), ("证书编号", recognition.certificateNo),
                ("有效期", "\(recognition.issuedOn) 至 \(recognition.validUntil)"),
            ])),
            RenewalCheck.card(check),
            .form(.method(.post), .action(Page.myRenewals.path), .class("stacked card"),
                  UI.csrfField(context.csrfToken), UI.hidden("recognition", String(recognition.id ?? 0)),
                  UI.hidden("version", version.map(String.init) ?? ""),
                  UI.field(FieldSpec(label: RenewalForm.statement.label, name: "statement", value: statement, kind: .textarea,
                                     required: true, help: RenewalForm.statement.help, error: errors["statement"],
                                     maxLength: 2000)),
                  .div(.class("form-actions"),
                       UI.submit("暂存", name: "action", value: "save", style: "secondary"),
                       UI.submit("提交复核", name: "action", value: "submit"))))), status: status)
    }

    @Sendable func save(req: Request) async throws -> Response {
        let (user, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        struct Posted: Content {
            var recognition: String?
            var statement: String?
            var action: String?
            var version: String?
        }
        let posted = (try? req.content.decode(Posted.self)) ?? Posted()
        let recognition = try await ownRecognition(req, enterprise: enterprise,
                                                   id: InputNumber.integer(posted.recognition, in: InputRange.id))
        let service = FilingService(req)
        let slot = CultivationRecognitions.renewalSlot(recognition)
        let existing = try await service.record(enterpriseID: enterprise.id ?? 0, slot: slot)
        let statement = String((posted.statement ?? "").prefix(4000))
        let refuse: (FormErrors) async throws -> Response = { errors in
            try await form(req, recognition: recognition, enterprise: enterprise, statement: statement,
                           version: existing?.version, errors: errors, status: .unprocessableEntity).encodeResponse(for: req)
        }
        guard Self.canApply(recognition, existing: existing, today: service.today,
                            leadMonths: CultivationRecognitions.leadMonths(req.application)) else {
            var errors = FormErrors()
            errors["_"] = existing.map { "该复核当前为“\($0.status.label)”，不能修改" } ?? Self.notEligible(recognition, today: service.today)
            return try await refuse(errors)
        }
        let check = try await RenewalCheck.evaluate(recognition.kind, enterpriseID: enterprise.id ?? 0, on: service.today,
                                                    db: req.db)
        let values: [String: String] = [
            RenewalForm.level.id.rawValue: recognition.kind.label,
            RenewalForm.certificateNo.id.rawValue: recognition.certificateNo,
            RenewalForm.validUntil.id.rawValue: recognition.validUntil,
            RenewalForm.evaluation.id.rawValue: check.summary,
            RenewalForm.statement.id.rawValue: statement,
        ]
        let submit = posted.action == "submit"
        let (validation, _) = service.validate(values, form: RenewalForm.form, submit: submit)
        guard validation.isEmpty else { return try await refuse(validation) }
        do {
            let record = try await service.save(.renewal, slot: slot, enterprise: enterprise, values: values, actor: user,
                                                submit: submit,
                                                expectedVersion: InputNumber.integer(posted.version, in: InputRange.version))
            return req.redirect(to: "\(Page.myRenewals.path)/\(record.id ?? 0)",
                                flash: Flash(kind: .success, message: submit ? "复核申请已提交，等待审核" : "已暂存"))
        } catch let error as any CodedError {
            var errors = FormErrors()
            errors["_"] = error.message
            return try await refuse(errors)
        }
    }

    // MARK: Detail

    @Sendable func show(req: Request) async throws -> HTMLPage {
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        let record = try await ownRenewal(req, enterprise: enterprise)
        let service = FilingService(req)
        let values = try await service.document(record)?.values ?? [:]
        let history = try await service.history(record)
        let names = try await OpinionNames.load(history, on: req.db)
        let recognitionID = CultivationRecognitions.recognitionID(renewalSlot: record.slot)
        let editable = record.status == .draft || record.status == .returned
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("复核详情", context, .group(
            UI.pageHeader("复核详情", actions: [UI.buttonLink("返回", url: Page.myRenewals.path)]
                + (editable ? [UI.buttonLink("修改并提交", url: "\(Page.myRenewals.path)/new?recognition=\(recognitionID ?? 0)",
                                             style: "primary")] : [])),
            FilingViews.banner(FilingState(status: record.status, version: record.version, editable: false, submittable: false,
                                           lockedReason: nil, latestReason: history.latestReason,
                                           pendingLabel: record.pendingReviewer.flatMap(ReviewerRef.init(key:))?.label)),
            FilingViews.detail(RenewalForm.form, values: values),
            FilingViews.history(history, names: names))))
    }
}

/// The evaluator's check of a recognised enterprise on its current approved facts (the newest year on file), under
/// the rule version in force on the day: 创新型 by `InnovativeSMEEvaluator`, 专精特新 and 小巨人 by
/// `SpecializedSMEEvaluator` (the 小巨人's own national criteria are not in the rule engine). Declarations an
/// application asks for (high-value IP, strategic product, digital level) are not asked again: those indicators
/// show their range.
struct RenewalCheck: Sendable {
    let year: Int
    let result: Result<ScoreVerdict, RuleError>

    static func evaluate(_ kind: RecognitionKind, enterpriseID: Int, on date: LocalDate, db: any Database)
        async throws -> RenewalCheck
    {
        guard let sql = db as? any SQLDatabase else {
            return RenewalCheck(year: date.year - 1, result: .failure(.invalidInput(field: "评价", reason: "数据库不可用")))
        }
        let scope = DataScope.enterprise(id: enterpriseID)
        let years = try await LibraryData.years(scope: scope, on: sql)
        let year = years.first ?? (date.year - 1)
        let data = try await LibraryData.load(scope: scope, year: year, lookback: LibraryData.lookback, date: date, on: sql)
        guard let slot = data.slotOf[enterpriseID] else {
            return RenewalCheck(year: year, result: .failure(.invalidInput(field: "企业", reason: "企业当前不是正常状态，无法评价")))
        }
        let (facts, profile) = data.enterprise(at: slot)
        do throws(RuleError) {
            let verdict = kind == .innovativeSME
                ? try InnovativeSMEEvaluator.evaluate(enterprise: facts, profile: profile, year: year, date: date)
                : try SpecializedSMEEvaluator.evaluate(enterprise: facts, profile: profile, year: year, date: date)
            return RenewalCheck(year: year, result: .success(verdict))
        } catch {
            return RenewalCheck(year: year, result: .failure(error))
        }
    }

    /// One line for the filed document (审核 reads it beside the statement).
    var summary: String {
        switch result {
        case .failure(let error):
            return "未能评价：\(error.message)"
        case .success(let verdict):
            let range = verdict.possibleTotal > verdict.total
                ? "\(LibraryText.number(verdict.total))～\(LibraryText.number(verdict.possibleTotal))"
                : LibraryText.number(verdict.total)
            let line = verdict.passLine.isFinite ? "，分数线 \(LibraryText.number(verdict.passLine)) 分" : ""
            return "\(verdict.status.label)：\(year) 年度数据得分 \(range) 分\(line)"
                + (verdict.directConditionApplied ? "，满足直接认定条件" : "") + "（\(verdict.version.title)）"
        }
    }

    static func card(_ check: RenewalCheck) -> Node<HTML.BodyContext> {
        switch check.result {
        case .failure(let error):
            return .section(.class("card"), .h2(.text("平台评价")), UI.alert(error.message))
        case .success(let verdict):
            return .section(
                .class("card verdict"),
                .h2(.text("平台评价（按最新数据重新评价） "), UI.badge(verdict.status.label, tone: LibraryText.tone(verdict.status))),
                .p(.text(check.summary)),
                .if(!verdict.conditions.isEmpty, LibraryViews.conditionTable(verdict.conditions)),
                LibraryViews.indicatorTable(verdict.indicators),
                .if(!verdict.directConditions.isEmpty, LibraryViews.conditionTable(verdict.directConditions)),
                .if(!verdict.notes.isEmpty, .ul(.class("muted"), .forEach(verdict.notes) { .li(.text($0)) })))
        }
    }
}
