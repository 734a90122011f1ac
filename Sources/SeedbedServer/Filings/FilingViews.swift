import Fluent
import Foundation
import Plot
import SeedbedDomain

/// What a filing page shows about the workflow state.
struct FilingState {
    let status: FilingStatus?
    let version: Int?
    let editable: Bool
    let submittable: Bool
    let lockedReason: String?
    let latestReason: String?
    let pendingLabel: String?
}

/// Who the opinions of a history came from: organisation and reviewer names by id.
struct OpinionNames: Sendable {
    var organizations: [Int: String] = [:]
    var reviewers: [Int: String] = [:]

    static func load(_ history: ReviewHistory, on db: any Database) async throws -> OpinionNames {
        let organizationIDs = Array(Set(history.records.map(\.organizationID)))
        let userIDs = Array(Set(history.records.map(\.reviewerUserID)))
        var names = OpinionNames()
        guard !history.records.isEmpty else { return names }
        for organization in try await Organization.query(on: db).filter(\.$id ~~ organizationIDs).all() {
            if let id = organization.id { names.organizations[id] = organization.name }
        }
        for user in try await User.query(on: db).filter(\.$id ~~ userIDs).all() {
            if let id = user.id { names.reviewers[id] = user.name }
        }
        return names
    }
}

/// Pages shared by every filing: the stepped form, the read-only detail, the opinion history.
enum FilingViews {
    static func statusTone(_ status: FilingStatus?) -> String {
        switch status {
        case .approved: "success"
        case .returned, .rejected: "danger"
        case .submitted, .inReview: "warning"
        default: "neutral"
        }
    }

    /// 草稿 / 提交待审核 / 审核中 / 审核通过 / 退回修改 / 不通过, with the reason when returned.
    static func banner(_ state: FilingState) -> Node<HTML.BodyContext> {
        let label = state.status?.label ?? "未填报"
        return .div(
            .class("status-banner status-\(statusTone(state.status))"),
            .strong(.text("当前状态：\(label)")),
            .unwrap(state.pendingLabel) { .span(.text("　待 \($0) 审核")) },
            .unwrap(state.latestReason) { .p(.text("审核意见：\($0)")) },
            .unwrap(state.lockedReason) { .p(.text($0)) }
        )
    }

    /// Step navigation for forms filed in steps (基本信息 · 创新人员 · 体系认定) or tabs (年报).
    static func steps(_ groups: [String], current: Int, link: (Int) -> String) -> Node<HTML.BodyContext> {
        .nav(.class("steps"), .attribute(named: "aria-label", value: "填报步骤"),
             .ol(.forEach(Array(groups.enumerated())) { index, group in
                 .li(.if(index == current, .class("current")),
                     .a(.href(link(index)), .if(index == current, .attribute(named: "aria-current", value: "step")),
                        .span(.class("step-no"), .text(String(index + 1))), .text(group)))
             }))
    }

    /// The editable form of one group.
    static func form(_ definition: FormDefinition, group: Int, values: [String: String], errors: FormErrors,
                     state: FilingState, action: String, csrf: String, extraDictionaries: [DictionaryID: DataDictionary] = [:],
                     options: [FieldID: [SelectOption]] = [:], derived: Set<String> = [],
                     derivedNote: String? = nil) -> Node<HTML.BodyContext> {
        let groupName = definition.groups.indices.contains(group) ? definition.groups[group] : ""
        let fields = definition.fields(in: groupName)
        let dictionaries = Dictionaries.all.merging(FilingDictionaries.all.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
            .merging(extraDictionaries, uniquingKeysWith: { $1 })
        let isLast = group == definition.groups.count - 1
        return .group(.if(!errors.isEmpty, UI.alert("请修改标红的项目后再提交")), .form(
            .method(.post), .class("stacked card filing-form"),
            fields.contains { $0.kind == .file }
                ? .group(.attribute(named: "action", value: UI.uploadAction(action, csrf: csrf)),
                         .attribute(named: "enctype", value: "multipart/form-data"))
                : .attribute(named: "action", value: action),
            UI.csrfField(csrf),
            UI.hidden("step", String(group)),
            UI.hidden("version", state.version.map(String.init) ?? ""),
            .forEach(fields) { field in
                field.kind == .file && state.editable
                    ? fileField(field, current: InputNumber.integer(values[field.id.rawValue], in: InputRange.id), error: errors[field.id.rawValue])
                    : UI.field(derivedField(FieldSpec(field, value: values[field.id.rawValue] ?? "", error: errors[field.id.rawValue],
                                                      options: options[field.id], readOnly: !state.editable,
                                                      dictionaries: dictionaries),
                                            derived: derived.contains(field.id.rawValue), note: derivedNote))
            },
            .if(fields.contains { $0.source == .imported },
                .p(.class("muted"), .text("灰色字段由工商登记数据导入，不能修改；如有错误请联系主管部门。"))),
            .div(
                .class("form-actions"),
                .if(group > 0, UI.submit("上一步", name: "action", value: "prev", style: "secondary")),
                .if(state.editable, UI.submit("暂存", name: "action", value: "save", style: "secondary")),
                .if(!isLast, UI.submit("下一步", name: "action", value: "next", style: "secondary")),
                .if(state.submittable && isLast, UI.submit("提交审核", name: "action", value: "submit"))
            )
        ))
    }

    /// A field whose value is computed elsewhere: read-only, saying where the value comes from.
    static func derivedField(_ spec: FieldSpec, derived: Bool, note: String?) -> FieldSpec {
        guard derived else { return spec }
        var spec = spec
        spec.readOnly = true
        spec.help = note ?? spec.help
        return spec
    }

    /// A file field of an editable filing: the file on record (a scoped download) and a chooser to replace it.
    static func fileField(_ field: FieldDefinition, current: Int?, error: String?) -> Node<HTML.FormContext> {
        let id = "f-" + field.id.rawValue
        return .div(
            .class(error == nil ? "field" : "field field-invalid"),
            .label(.for(id), .text(field.label), .if(field.required, .span(.class("req"), .text("*")))),
            .unwrap(current) { .p(.a(.href("/files/\($0)"), .text("查看已上传的\(field.label)"))) },
            Tag.void("input", [("id", id), ("type", "file"), ("name", field.id.rawValue), ("accept", ".pdf,.jpg,.jpeg,.png"),
                               ("required", field.required && current == nil ? "required" : nil)]),
            .div(.class("help"), .text(current == nil ? (field.help ?? "PDF、JPG 或 PNG 文件")
                                                      : "已上传；重新选择文件将替换原文件，不选则保留（PDF、JPG 或 PNG）")),
            .unwrap(error) { .div(.class("error"), .id(id + "-error"), .attribute(named: "role", value: "alert"), .text($0)) }
        )
    }

    /// Every group of a filing, read-only, with derived values — the reviewer's detail and the enterprise's view
    /// of a locked filing.
    static func detail(_ definition: FormDefinition, values: [String: String],
                       dictionaries: [DictionaryID: DataDictionary] = [:]) -> Node<HTML.BodyContext> {
        let all = Dictionaries.all.merging(FilingDictionaries.all.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
            .merging(dictionaries, uniquingKeysWith: { $1 })
        let validator = FieldValidator()
        let parsed = validator.validate(form: definition,
                                        values: Dictionary(uniqueKeysWithValues: definition.fields.map {
                                            ($0.id, RawValue.text(values[$0.id.rawValue] ?? ""))
                                        }), only: nil).values
        return .group(
            .nav(.class("tabs"), .forEach(Array(definition.groups.enumerated())) { index, group in
                .a(.href("#group-\(index)"), .text(group))
            }),
            .forEach(Array(definition.groups.enumerated())) { index, group in
                .section(.class("card"), .id("group-\(index)"), .h2(.text(group)),
                         UI.details(definition.fields(in: group).map { field in
                             (field.header, display(field, values[field.id.rawValue] ?? "", dictionaries: all))
                         }))
            },
            .if(!definition.derived.isEmpty, .section(.class("card"), .h2(.text("计算指标")), UI.details(
                definition.derived.map { derived in
                    (derived.header, derived.compute(parsed).map { String(format: "%.2f", $0) } ?? "—")
                })))
        )
    }

    /// A stored raw value as people read it: dictionary codes, regions and industries by their names, a
    /// registry value the enterprise declared itself marked so.
    static func display(_ field: FieldDefinition, _ raw: String, dictionaries: [DictionaryID: DataDictionary]) -> String {
        guard !raw.isEmpty else { return "—" }
        var shown = raw
        switch field.kind {
        case .file:
            // A file's value is its id; the download link is in the attachments.
            return "已上传（见附件）"
        case .choice(let id):
            shown = dictionaries[id]?.entry(matching: raw)?.label ?? raw
        case .region:
            let name = RegionTable.shipped.fullName(of: raw)
            shown = name.isEmpty ? raw : name
        case .industry:
            shown = IndustryCode.parse(raw)?.fullLabel ?? raw
        default:
            break
        }
        return field.source == .declared ? shown + "（\(declaredMark)）" : shown
    }

    /// How a registry field the enterprise filled itself is marked (`FieldSource.declared`).
    static let declaredMark = "企业自填"

    /// 审批意见: every level's opinions, the latest round first, each numbered by its round and naming the
    /// level, the organisation and the reviewer who decided.
    static func history(_ history: ReviewHistory, names: OpinionNames) -> Node<HTML.BodyContext> {
        guard !history.records.isEmpty else {
            return .section(.class("card"), .id("opinions"), .h2(.text("审批意见")), UI.emptyState("暂无审批意见"))
        }
        return .section(
            .class("card"), .id("opinions"), .h2(.text("审批意见")),
            .forEach(history.rounds.reversed()) { round in
                .div(.class("round"), .h3(.text(round.title)), .ol(.class("opinions"), .forEach(round.records) { record in
                    .li(.span(.class("opinion-round"), .text("第 \(record.round) 轮")), .text(" "),
                        UI.badge(verdictLabel(record.verdict), tone: record.verdict == .approve ? "success" : "danger"),
                        .text(" 审核层级：\(record.reviewer.label)"),
                        .text(" · \(names.organizations[record.organizationID] ?? record.reviewer.label)"),
                        .text(" · 审核人：\(names.reviewers[record.reviewerUserID] ?? "—")"),
                        .text(" · \(AdminViews.time(record.time))"),
                        .if(!record.opinion.isEmpty, .p(.text(record.opinion))))
                }))
            }
        )
    }

    static func verdictLabel(_ verdict: ReviewVerdict) -> String {
        switch verdict {
        case .approve: "通过"
        case .returnForRevision: "退回修改"
        case .reject: "不通过"
        }
    }
}
