import Fluent
import Plot
import SeedbedDomain
import Vapor

/// 资质数据核对 of one points filing: the figures the platform holds for the year, the records the enterprise
/// listed for the indicators nobody imported, and the states the domain derives from them. The enterprise's
/// filing page and the reviewer's page both load it here and show it with `QualificationViews.check`, so the
/// reviewer sees exactly what the enterprise sees.
struct QualificationCheck {
    let known: [FactID: Double]
    let source: String?
    let records: [QualificationRecord]

    static func load(enterpriseID: Int, year: Int, slot: String, scope: DataScope, on db: any Database) async throws
        -> QualificationCheck
    {
        let prefill = try await PointsPrefill.load(enterpriseID: enterpriseID, year: year, scope: scope, on: db)
        let records = try await QualificationRecord.all(enterpriseID: enterpriseID, slot: slot, scope: scope, on: db)
        return QualificationCheck(known: prefill.known, source: prefill.sourceLabel, records: records)
    }

    func records(of field: FieldID) -> [QualificationRecord] {
        records.filter { $0.indicator == field.rawValue }
    }

    /// The indicators filed as records (yellow, with a record kind).
    var recorded: Set<FieldID> {
        Set(QualificationEntries.recorded(known: known).map(\.field.id))
    }

    /// What those indicators file: their record counts, laid over the form's values.
    var derivedValues: [String: String] {
        let counts = Dictionary(grouping: records) { FieldID(rawValue: $0.indicator) }.mapValues(\.count)
        return QualificationEntries.counts(known: known, records: counts)
    }

    func states(values: [String: String]) -> [(field: FieldDefinition, state: PointsDataForm.QualificationState)] {
        PointsDataForm.qualificationStates(values: values, known: known)
    }
}

/// The enterprise's records of a yellow indicator (seed 000 §2.5: 点击填报按钮之后，企业用户可以对数据进行删除和新增):
/// a page per indicator listing them, 新增 and 删除 while the filing may be edited (草稿, 退回修改, inside the
/// project's window). The count the points read follows from the records (`FilingPage.derivedValues`).
extension MyPeriodFilingController {
    struct QualificationContext {
        let page: FilingPage
        let period: PointsPeriod
        let kind: QualificationEntries.Kind
        let check: QualificationCheck
        let state: FilingState

        var base: String { "/my/points/periods/\(period.id ?? 0)" }
        var url: String { "\(base)/qualifications/\(kind.field.id.rawValue)" }
        var entries: [QualificationRecord] { check.records(of: kind.field.id) }
        /// Whether the indicator is filed as records now (no imported figure).
        var isRecorded: Bool { check.recorded.contains(kind.field.id) }
    }

    /// The enterprise's filing in the project and the indicator named in the path; a refusal (prerequisites
    /// unmet) comes back as the place to send the enterprise.
    private func qualificationContext(_ req: Request) async throws -> Result<QualificationContext, Refusal> {
        let prepared = try await prepare(req, kind: .pointsData)
        guard let kind = QualificationEntries.kind(of: FieldID(rawValue: req.parameters.get("field") ?? "")) else {
            throw AppError.notFound("没有这项资质指标")
        }
        switch prepared {
        case .refused(let message, let back):
            return .failure(Refusal(message: message, back: back))
        case .ready(let page, let period):
            guard let enterpriseID = page.enterprise.id else { throw AppError.notFound() }
            let check = try await QualificationCheck.load(enterpriseID: enterpriseID, year: period.year, slot: period.slot,
                                                          scope: page.user.scope, on: req.db)
            return .success(QualificationContext(page: page, period: period, kind: kind, check: check,
                                                 state: try await page.state()))
        }
    }

    struct Refusal: Error {
        let message: String
        let back: String
    }

    @Sendable func qualificationRecords(req: Request) async throws -> Response {
        switch try await qualificationContext(req) {
        case .failure(let refusal):
            return req.redirect(to: refusal.back, flash: Flash(kind: .error, message: refusal.message))
        case .success(let context):
            return try await recordsPage(req, context).encodeResponse(for: req)
        }
    }

    private func recordsPage(_ req: Request, _ context: QualificationContext, errors: [String: String] = [:],
                             posted: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> HTMLPage {
        let page = try await req.pageContext()
        let title = "资质记录填报 · \(context.kind.field.label)"
        return HTMLPage(Layout.shell(title, page, QualificationViews.recordsPage(
            context, title: title, errors: errors, posted: posted, csrf: page.csrfToken)), status: status)
    }

    /// Where a refused change sends the enterprise back to, with why.
    private struct SentAway: Error {
        let response: Response
    }

    /// The context of a change to the records: the filing must exist, meet its prerequisites and be editable
    /// (暂存 or 退回修改); otherwise the enterprise is sent back with the reason.
    private func editableContext(_ req: Request) async throws -> Result<QualificationContext, SentAway> {
        switch try await qualificationContext(req) {
        case .failure(let refusal):
            return .failure(SentAway(response: req.redirect(to: refusal.back,
                                                            flash: Flash(kind: .error, message: refusal.message))))
        case .success(let context):
            guard context.state.editable else {
                return .failure(SentAway(response: req.redirect(
                    to: context.url, flash: Flash(kind: .error, message: context.state.lockedReason ?? "当前状态不能修改"))))
            }
            return .success(context)
        }
    }

    @Sendable func addQualificationRecord(req: Request) async throws -> Response {
        let context: QualificationContext
        switch try await editableContext(req) {
        case .failure(let away): return away.response
        case .success(let ready): context = ready
        }
        guard context.isRecorded else {
            return req.redirect(to: context.url, flash: Flash(kind: .error, message:
                "「\(context.kind.field.label)」平台已有导入数据，请在“资质数据”步骤按证书核对填报数，无须逐条登记"))
        }
        let posted = ["number", "title", "date"].reduce(into: [String: String]()) { form, key in
            form[key] = (try? req.content.get(String.self, at: key)) ?? ""
        }
        let existing = context.entries
        let entry: QualificationEntries.Entry
        do {
            entry = try QualificationEntries.check(
                number: posted["number"] ?? "", title: posted["title"] ?? "", date: posted["date"] ?? "", kind: context.kind,
                existing: Set(existing.map(\.numberKey)), existingCount: existing.count, dataYear: context.period.year,
                today: LocalDate(chinaTimeOf: req.now))
        } catch {
            let errors = Dictionary(error.problems.map { ($0.field.rawValue, $0.message) }) { first, _ in first }
            return try await recordsPage(req, context, errors: errors, posted: posted, status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        let enterprise = context.page.enterprise
        let row = QualificationRecord()
        row.enterpriseID = enterprise.id ?? 0
        row.regionCode = enterprise.regionCode
        row.zoneID = enterprise.zoneID
        row.incubatorID = enterprise.incubatorID
        row.slot = context.period.slot
        row.indicator = context.kind.field.id.rawValue
        row.number = entry.number
        row.numberKey = entry.key
        row.title = entry.title
        row.datedOn = entry.date.description
        row.createdBy = context.page.user.id
        row.createdAt = req.now
        do {
            // The check above read the count before this request's insert; parallel posts may have filled the
            // indicator since, and the insert itself refuses to go past the limit.
            guard try await row.create(within: QualificationEntries.limit, on: req.db) else {
                return try await recordsPage(req, context, errors: ["number": QualificationEntries.limitReached(context.kind)],
                                             posted: posted, status: .unprocessableEntity).encodeResponse(for: req)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same number posted twice at once (a double click): the unique index keeps one.
            let message = "\(context.kind.numberLabel) \(entry.number) 已登记，不能重复添加"
            return try await recordsPage(req, context, errors: ["number": message], posted: posted, status: .unprocessableEntity)
                .encodeResponse(for: req)
        }
        try await req.audit.record(.create, targetType: "points_qualification", targetID: row.id.map(String.init),
                                   detail: "登记\(context.kind.field.label)：\(context.kind.numberLabel) \(entry.number)（\(entry.title)）")
        return req.redirect(to: context.url, flash: Flash(kind: .success, message:
            "已登记\(context.kind.numberLabel) \(entry.number)；「\(context.kind.field.label)」现为 \(existing.count + 1) 条"))
    }

    @Sendable func deleteQualificationRecord(req: Request) async throws -> Response {
        // Another enterprise's record, or one of another project or indicator, does not exist for this one —
        // whatever state its own filing is in.
        let (_, enterprise) = try await EnterpriseFilingController.ownEnterprise(req)
        guard let periodID = req.parameterInteger("id", in: InputRange.id),
              let recordID = req.parameterInteger("record", in: InputRange.id),
              let field = req.parameters.get("field"),
              let period = try await PointsPeriod.find(periodID, on: req.db), period.kind == .pointsData,
              period.concerns(enterprise),
              let row = try await QualificationRecord.query(on: req.db).filter(\.$id == recordID)
                  .filter(\.$enterpriseID == enterprise.id ?? 0).filter(\.$slot == period.slot)
                  .filter(\.$indicator == field).first()
        else { throw AppError.notFound("资质记录不存在") }
        let context: QualificationContext
        switch try await editableContext(req) {
        case .failure(let away): return away.response
        case .success(let ready): context = ready
        }
        guard ConfirmPage.isConfirmed(req) else {
            let page = try await req.pageContext()
            return try await HTMLPage(ConfirmPage.render(
                title: "删除资质记录", message: QualificationViews.deleteQuestion(row, kind: context.kind),
                action: "\(context.url)/\(recordID)/delete", cancel: context.url, context: page)).encodeResponse(for: req)
        }
        try await row.delete(on: req.db)
        try await req.audit.record(.delete, targetType: "points_qualification", targetID: String(recordID),
                                   detail: "删除\(context.kind.field.label)：\(context.kind.numberLabel) \(row.number)（\(row.title)）")
        let remaining = max(0, context.entries.count - 1)
        return req.redirect(to: context.url, flash: Flash(kind: .success, message:
            "已删除\(context.kind.numberLabel) \(row.number)；「\(context.kind.field.label)」现为 \(remaining) 条"))
    }
}

/// The one view of 资质数据核对 and the records behind it.
enum QualificationViews {
    /// The check table: each 资质数据 indicator against the figure on the platform; differing counts red (to
    /// verify), indicators nobody imported yellow (to supplement — as records, where the indicator has a kind).
    /// `recordsLink` is the enterprise's way to an indicator's records page; without it (the reviewer) the
    /// records are listed read-only under the table.
    static func check(_ check: QualificationCheck, values: [String: String], recordsLink: ((FieldID) -> String)?,
                      editable: Bool) -> Node<HTML.BodyContext> {
        let states = check.states(values: values)
        let differing = states.filter { if case .differs = $0.state { true } else { false } }.count
        let missing = states.filter { $0.state == .notImported }.count
        let recorded = check.recorded
        let advice = recordsLink == nil
            ? "黄色：平台无导入数据（\(missing) 项），由企业按证书逐条登记，数量按登记条数计，登记明细见下表。"
            : "黄色：平台无导入数据（\(missing) 项），请点该项的“填报”按证书逐条登记，数量按登记条数自动计算。"
        return .section(
            .class("card"), .id("qualifications"),
            .h2(.text("资质数据核对")),
            .p(.class("muted"), .text(
                "平台已有数据来自\(check.source ?? "导入数据")。红色：填报数与平台已有数不一致（\(differing) 项），请按证书核对；"
                    + advice)),
            .table(
                .class("data qualification-check"),
                .thead(.tr(.th("指标（按类别）"), .th("平台已有数"), .th("本次填报"), .th("核对结果"))),
                .tbody(.forEach(states) { item in
                    row(item.field, item.state, values: values, recorded: recorded.contains(item.field.id),
                        count: check.records(of: item.field.id).count, link: recordsLink?(item.field.id), editable: editable)
                })),
            recordsLink == nil ? recordLists(check) : .empty
        )
    }

    private static func row(_ field: FieldDefinition, _ state: PointsDataForm.QualificationState, values: [String: String],
                            recorded: Bool, count: Int, link: String?, editable: Bool) -> Node<HTML.TableContext> {
        let filed = values[field.id.rawValue].flatMap { $0.isEmpty ? nil : $0 } ?? "未填"
        let unit = field.unit.map { " " + $0.rawValue } ?? ""
        let name: Node<HTML.TableRowContext> = .td(.text(field.label),
                                               .span(.class("muted"), .text(field.help.map { "（\($0)）" } ?? "")))
        func known(_ value: Double) -> String {
            field.kind == .flag ? (value > 0 ? "是" : "否") : FieldValue.format(value) + unit
        }
        switch state {
        case .matches:
            return .tr(name, .td(.text(filed == "未填" ? "—" : filed + (field.kind == .flag ? "" : unit))),
                       .td(.text(filed)), .td(.text("一致")))
        case .differs(let figure):
            return .tr(.class("qual-differs"), name, .td(.text(known(figure))), .td(.text(filed)),
                       .td(.text("与平台已有数不一致，请核对")))
        case .notImported:
            guard recorded else {
                return .tr(.class("qual-missing"), name, .td(.text("无导入数据")), .td(.text(filed)), .td(.text("请按证书补充")))
            }
            return .tr(.class("qual-missing"), name, .td(.text("无导入数据")), .td(.text("\(count) 条")),
                       .td(.text("按证书逐条登记（已登记 \(count) 条）"),
                           .unwrap(link) { url in
                               .group(.text(" "), .a(.class("btn btn-secondary"), .href(url),
                                                     .text(editable ? "填报" : "查看")))
                           }))
        }
    }

    /// Every indicator's records, read-only (the reviewer's view).
    static func recordLists(_ check: QualificationCheck) -> Node<HTML.BodyContext> {
        let listed = QualificationEntries.kinds.filter { !check.records(of: $0.field.id).isEmpty }
        guard !listed.isEmpty else { return .p(.class("muted"), .text("企业未登记资质记录。")) }
        return .div(.class("qualification-records"), .forEach(listed) { kind in
            let entries = check.records(of: kind.field.id)
            return .group(.h3(.text("\(kind.field.label)登记明细（\(entries.count) 条）")),
                          table(kind, entries, delete: nil))
        })
    }

    /// Records of one indicator; `delete` gives each row's delete button when the filing may be edited.
    static func table(_ kind: QualificationEntries.Kind, _ entries: [QualificationRecord],
                      delete: ((QualificationRecord) -> Node<HTML.BodyContext>)?) -> Node<HTML.BodyContext> {
        let columns = ["序号", kind.numberLabel, kind.titleLabel, kind.dateLabel] + (delete == nil ? [] : ["操作"])
        let rows: [[Node<HTML.BodyContext>]] = entries.enumerated().map { index, entry in
            [.text(String(index + 1)), .text(entry.number), .text(entry.title), .text(entry.datedOn)]
                + (delete.map { [$0(entry)] } ?? [])
        }
        return UI.table(columns: columns, rows: rows, emptyText: "尚未登记\(kind.field.label)")
    }

    static func deleteQuestion(_ entry: QualificationRecord, kind: QualificationEntries.Kind) -> String {
        "确定删除\(kind.numberLabel) \(entry.number)（\(entry.title)）吗？删除后「\(kind.field.label)」按剩余条数计算。"
    }

    /// The records page of one indicator: the list with 删除, and the 新增 form, while the filing may be edited.
    static func recordsPage(_ context: MyPeriodFilingController.QualificationContext, title: String,
                            errors: [String: String], posted: [String: String], csrf: String) -> Node<HTML.BodyContext> {
        let kind = context.kind
        let entries = context.entries
        let editable = context.state.editable
        let delete: ((QualificationRecord) -> Node<HTML.BodyContext>)? = editable ? { entry in
            UI.actionButton("删除", action: "\(context.url)/\(entry.id ?? 0)/delete", csrf: csrf,
                            confirm: deleteQuestion(entry, kind: kind), style: "danger")
        } : nil
        let explanation = context.isRecorded
            ? "平台没有贵企业 \(context.period.year) 年度「\(kind.field.label)」的导入数据，请按证书逐条登记；积分按登记条数计算（现为 \(entries.count) 条），提交后由主管部门审核。"
            : "平台已有贵企业 \(context.period.year) 年度「\(kind.field.label)」的导入数据，请在“资质数据”步骤按证书核对填报数，无须逐条登记。"
        return .group(
            UI.pageHeader(title, actions: [UI.buttonLink("返回积分数据填报", url: context.base + "#qualifications")]),
            UI.alert(explanation, kind: .info),
            .unwrap(editable ? nil : context.state.lockedReason) { UI.alert($0, kind: .warning) },
            .section(.class("card"), .h2(.text("已登记（\(entries.count) 条）")), table(kind, entries, delete: delete)),
            .if(editable && context.isRecorded, addForm(context, errors: errors, posted: posted, csrf: csrf))
        )
    }

    private static func addForm(_ context: MyPeriodFilingController.QualificationContext, errors: [String: String],
                                posted: [String: String], csrf: String) -> Node<HTML.BodyContext> {
        let kind = context.kind
        let year = context.period.year
        return .group(
            .if(!errors.isEmpty, UI.alert("未登记：请修改标红的项目")),
            .form(
                .method(.post), .action(context.url), .class("stacked card"),
                .h2(.text("新增一条")),
                UI.csrfField(csrf),
                UI.field(FieldSpec(label: kind.numberLabel, name: "number", value: posted["number"] ?? "", required: true,
                                   help: "按证书填写，同一编号只能登记一次", error: errors["number"],
                                   maxLength: QualificationEntries.numberMaxLength)),
                UI.field(FieldSpec(label: kind.titleLabel, name: "title", value: posted["title"] ?? "", required: true,
                                   error: errors["title"], maxLength: QualificationEntries.titleMaxLength)),
                UI.field(FieldSpec(label: kind.dateLabel, name: "date", value: posted["date"] ?? "", kind: .date,
                                   required: true,
                                   help: kind.withinYear ? "须在 \(year) 年内" : "不晚于 \(year) 年末，且不晚于今天",
                                   error: errors["date"])),
                .div(.class("form-actions"), UI.submit("新增"))
            )
        )
    }
}
