import Foundation
import Plot
import SeedbedDomain

/// The pages of 企业申报 and the application parts of the review page.
enum ApplicationViews {
    typealias Body = Node<HTML.BodyContext>

    /// One level the enterprise may apply for: the windows open today for its province, what holds it back,
    /// and this year's application if it has started one.
    struct Offer {
        let kind: FilingKind
        let windows: [ApplicationWindow]
        let blocker: String?
        let existing: FilingRecord?
    }

    /// Where the digital self-assessment lives (M3).
    static let digitalPath = "/my/digital"

    // MARK: List

    static func list(offers: [Offer], records: [FilingRecord], province: String, hasDigital: Bool, csrf: String) -> Body {
        let rows: [[Body]] = offers.map { offer in
            let period = offer.windows.map { "\($0.opensOn) 至 \($0.closesOn)" }.joined(separator: "；")
            let action: Body
            if let existing = offer.existing, let id = existing.id {
                action = UI.buttonLink(existing.status == .draft || existing.status == .returned ? "继续申报" : "查看",
                                       url: "\(Page.myApplications.path)/\(id)" + (existing.status == .draft || existing.status == .returned ? "?edit=1" : ""))
            } else if offer.windows.isEmpty {
                action = .span(.class("muted"), .text("\(province)当前未开放申报"))
            } else if let blocker = offer.blocker {
                action = .group(.span(.class("muted"), .text(blocker)), .text(" "), blockerLink(offer.kind, blocker: blocker))
            } else {
                action = .form(.method(.post), .action(Page.myApplications.path), .class("inline"),
                               UI.csrfField(csrf), UI.hidden("kind", offer.kind.rawValue), UI.submit("申报"))
            }
            return [.text(offer.kind.label), .text(period.isEmpty ? "—" : period), action]
        }
        let history: [[Body]] = records.map { record in
            let id = record.id ?? 0
            return [
                .text(record.kind.label), .text(record.year.map(String.init) ?? "—"),
                UI.badge(record.status.label, tone: FilingViews.statusTone(record.status)),
                .text(level(record)),
                .text(record.submittedAt.map { AdminViews.time($0) } ?? "—"),
                .group(.a(.href("\(Page.myApplications.path)/\(id)"), .text("详情")), .text(" "),
                       .a(.href("\(Page.myApplications.path)/\(id)/download"), .text("下载"))),
            ]
        }
        return .group(
            UI.pageHeader("企业申报"),
            .section(.class("card"), .h2(.text("可申报级别")),
                     .p(.class("muted"), .text("所在省份：\(province)。仅在省级主管部门设置的申报时间内开放申报；可同时申报创新型中小企业和专精特新中小企业。")),
                     .if(!hasDigital, .p(.text("申报专精特新中小企业前须先完成数字化水平评测："),
                                         .a(.href(digitalPath), .text("去自评")))),
                     UI.table(columns: ["申报级别", "申报时间", "操作"], rows: rows)),
            .section(.class("card"), .h2(.text("申报记录")),
                     UI.table(columns: ["申报级别", "年度", "状态", "当前处理层级", "提交时间", "操作"], rows: history,
                              emptyText: "暂无申报记录")))
    }

    private static func blockerLink(_ kind: FilingKind, blocker: String) -> Body {
        if blocker.contains("数字化") { return .a(.href(digitalPath), .text("去自评")) }
        if blocker.contains("基本信息") { return .a(.href(Page.myBasicInfo.path), .text("去填报")) }
        return .empty
    }

    /// The level handling the application now: the one it waits for, or the one that returned or refused it.
    static func level(_ record: FilingRecord) -> String {
        guard let filing = try? record.filing() else { return "—" }
        if let step = filing.currentStep { return step.reviewer.label }
        if let step = filing.decidingStep { return step.reviewer.label }
        return record.status == .approved ? "已完成" : "—"
    }

    // MARK: Form

    static func form(record: FilingRecord, values: [String: String], errors: FormErrors, evidence: [ApplicationEvidence],
                     check: ApplicationCheck?, facts: [FactID: Double], latestReason: String?, csrf: String) -> Body {
        let id = record.id ?? 0
        let definition = ApplicationForm.form(for: record.kind) ?? ApplicationForm.innovative
        let dictionaries = Dictionaries.all.merging(FilingDictionaries.all.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        let years = check?.years ?? []
        let yearOptions = years.map { SelectOption(value: String($0), label: "\($0) 年度") }
        return .group(
            UI.pageHeader(record.kind.label + (record.year.map { "（\($0) 年）" } ?? ""), actions: [
                UI.buttonLink("返回", url: Page.myApplications.path),
            ]),
            FilingViews.banner(FilingState(status: record.status, version: record.version, editable: true, submittable: true,
                                           lockedReason: nil, latestReason: latestReason, pendingLabel: nil)),
            .if(!errors.isEmpty, UI.alert(errors["_"] ?? "请修改标红的项目后再提交")),
            .if(record.kind == .specializedSMEApplication && check?.digitalLevel == nil,
                UI.alert("尚未完成数字化水平评测：申报专精特新中小企业须先完成评测，评测结果作为“数字化水平”指标的评价依据。", kind: .warning)),
            .if(record.kind == .specializedSMEApplication && check?.digitalLevel == nil,
                .p(.a(.class("btn btn-secondary"), .href(digitalPath), .text("去数字化水平评测")))),
            factsCard(facts, year: check?.year),
            .form(.method(.post), .action(UI.uploadAction("\(Page.myApplications.path)/\(id)", csrf: csrf)),
                  .enctype(.multipartData), .class("stacked card filing-form"),
                  UI.csrfField(csrf), UI.hidden("version", String(record.version)),
                  .forEach(definition.groups) { group in
                      .group(.h2(.text(group)), .forEach(definition.fields(in: group)) { field in
                          // The fact year: one of the years with approved facts, when there are any.
                          field.id == ApplicationForm.factYear.id && !yearOptions.isEmpty
                              ? UI.field(FieldSpec(label: field.label, name: field.id.rawValue,
                                                   value: values[field.id.rawValue] ?? "", kind: .select(yearOptions),
                                                   required: true, help: field.help, error: errors[field.id.rawValue]))
                              : UI.field(FieldSpec(field, value: values[field.id.rawValue] ?? "",
                                                   error: errors[field.id.rawValue], dictionaries: dictionaries))
                      })
                  },
                  .h2(.text("作证材料")),
                  .div(.class(errors["evidence"] == nil ? "field" : "field field-invalid"),
                       .label(.for("f-evidence"), .text("上传作证材料"), .span(.class("req"), .text("*"))),
                       Tag.void("input", [("id", "f-evidence"), ("type", "file"), ("name", "evidence[]"), ("multiple", "multiple"),
                                          ("accept", ".pdf,.jpg,.jpeg,.png,.zip,.docx,.xlsx")]),
                       .div(.class("help"), .text("可选择多个文件，或压缩为一个 zip 上传（PDF、JPG、PNG、Word、Excel、ZIP）；文件名可含中文、空格及特殊字符。已上传 \(evidence.count) 个。")),
                       .unwrap(errors["evidence"]) { .div(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) }),
                  .div(.class("form-actions"),
                       UI.submit("暂存", name: "action", value: "save", style: "secondary"),
                       UI.submit("提交", name: "action", value: "submit"))),
            evidenceCard(evidence, deletable: true, recordID: id, csrf: csrf),
            checkCard(record.kind, check, title: "提交前自评核验"))
    }

    /// The approved facts the evaluation reads, read-only (pre-filled: not typed again).
    static func factsCard(_ facts: [FactID: Double], year: Int?) -> Body {
        let shown: [(String, FactID, String)] = [
            ("营业收入", .revenue, "万元"), ("主营业务收入", .mainRevenue, "万元"), ("净利润", .netProfit, "万元"),
            ("研究开发费用总额", .rdExpense, "万元"), ("资产总额", .totalAssets, "万元"), ("负债总额", .totalLiabilities, "万元"),
            ("从业人员", .employees, "人"), ("研发人员", .rdStaff, "人"), ("当年股权融资额", .equityFinancing, "万元"),
        ]
        return .section(.class("card"), .h2(.text("已审核的企业数据" + (year.map { "（\($0) 年度）" } ?? ""))),
                        .if(facts.isEmpty, UI.alert("尚无审核通过的年报数据：评价中相关指标将按“数据缺失”计。请先完成年度经营信息填报。", kind: .warning)),
                        UI.details(shown.map { label, fact, unit in
                            (label + "（\(unit)）", facts[fact].map { LibraryText.number($0) } ?? "—")
                        }),
                        .p(.class("muted"), .text("以上数据取自经审核通过的年报，不在申报中重复填写；如有错误请通过年报或基本信息更正。")))
    }

    /// 作证材料: each file under the name the enterprise gave it, a scoped download, and a zip's entries.
    static func evidenceCard(_ evidence: [ApplicationEvidence], deletable: Bool, recordID: Int, csrf: String) -> Body {
        .section(.class("card"), .id("evidence"), .h2(.text("作证材料")),
                 evidence.isEmpty ? UI.emptyState("尚未上传作证材料") : .ul(.forEach(evidence) { item in
                     .li(.a(.href("/files/\(item.fileID)"), .text(item.originalName)),
                         .if(deletable, .group(.text(" "), UI.actionButton(
                             "删除", action: "\(Page.myApplications.path)/\(recordID)/evidence/\(item.id ?? 0)/delete",
                             csrf: csrf, confirm: "确定删除这个作证材料吗？"))),
                         .if(!item.entryNames.isEmpty, .details(
                             .summary(.text("压缩包内 \(item.entryNames.count) 个文件")),
                             .ul(.forEach(item.entryNames.prefix(200)) { .li(.text($0)) }))))
                 }))
    }

    /// The evaluator's check: each condition met / missed / unknown with the gap, each indicator's points and
    /// maximum, the total against the pass line and the rule version.
    static func checkCard(_ kind: FilingKind, _ check: ApplicationCheck?, title: String) -> Body {
        guard let check else { return .empty }
        let digital: Body = kind == .specializedSMEApplication
            ? .p(.text("数字化水平：" + (check.digitalLevel.map { "\($0)级（最新一次评测结果）" } ?? "未完成评测（按数据缺失计）")))
            : .empty
        return .section(.class("card application-check"), .id("check"),
                        .h2(.text(title)),
                        .p(.class("muted"), .text("按 \(check.year) 年度已审核数据和本申报填报的内容，于 \(check.date.label) 按评价规则自动核验；结论仅供参考，以审核认定为准。暂存后按最新填写内容重新核验。")),
                        digital,
                        LibraryViews.verdictCard(kind == .innovativeSMEApplication ? "创新型中小企业评价" : "专精特新中小企业评价",
                                                 check.result))
    }

    // MARK: Detail

    static func detail(record: FilingRecord, values: [String: String], evidence: [ApplicationEvidence],
                       check: ApplicationCheck?, history: ReviewHistory, names: OpinionNames, editable: Bool,
                       csrf: String) -> Body {
        let id = record.id ?? 0
        let definition = ApplicationForm.form(for: record.kind) ?? ApplicationForm.innovative
        return .group(
            UI.pageHeader(record.kind.label + (record.year.map { "（\($0) 年）" } ?? ""), actions: [
                editable ? UI.buttonLink("编辑", url: "\(Page.myApplications.path)/\(id)?edit=1", style: "primary") : .empty,
                UI.buttonLink("下载", url: "\(Page.myApplications.path)/\(id)/download"),
                UI.buttonLink("返回列表", url: Page.myApplications.path),
            ]),
            FilingViews.banner(FilingState(status: record.status, version: record.version, editable: false, submittable: false,
                                           lockedReason: nil, latestReason: history.latestReason,
                                           pendingLabel: record.pendingReviewer.flatMap(ReviewerRef.init(key:))?.label)),
            .p(.text("当前处理层级：\(level(record))")),
            FilingViews.detail(definition, values: values),
            evidenceCard(evidence, deletable: false, recordID: id, csrf: csrf),
            checkCard(record.kind, check, title: "评价核验"),
            FilingViews.history(history, names: names))
    }

    // MARK: Review

    /// What the review page shows beside the enterprise's data for an application: the evidence and the
    /// evaluator's check.
    static func review(kind: FilingKind, evidence: [ApplicationEvidence], check: ApplicationCheck?) -> Body {
        .group(evidenceCard(evidence, deletable: false, recordID: 0, csrf: ""),
               checkCard(kind, check, title: "评价规则核验（系统自动）"))
    }
}
