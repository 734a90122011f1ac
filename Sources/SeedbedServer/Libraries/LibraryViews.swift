import Foundation
import Plot
import SeedbedDomain

/// Pages of the libraries: the list with its query bar and 设置条件参数, the 查看 page with every condition's
/// numbers, and the enterprise's own 我的培育库.
enum LibraryViews {
    typealias Body = Node<HTML.BodyContext>

    // MARK: List

    static func page(_ list: LibraryList, page: Paged<LibraryRow>, filter: LibraryFilter,
                     evaluation: LibraryEvaluation, regions: [SelectOption], viewer: ListViewer) -> Body {
        let base = "/libraries/\(list.spec.id.rawValue)"
        let query = URLQuery.encode(list.queryItems(filter))
        return .group(
            UI.pageHeader(list.title, actions: [
                UI.exportButton("/exports/\(list.exportID)" + (query.isEmpty ? "" : "?" + query)),
            ]),
            .if(!filter.parameterErrors.isEmpty, UI.alert("有条件参数填写有误，已按默认值查询，请按提示修改")),
            .unwrap(filter.foundedError) { UI.alert($0) },
            queryForm(list, filter: filter, evaluation: evaluation, regions: regions, action: base),
            summary(evaluation),
            conditionNotes(evaluation),
            list.table(page, viewer: viewer, emptyText: "没有符合条件的企业"),
            UI.pagination(page.info, baseURL: base, query: list.queryItems(filter))
        )
    }

    private static func queryForm(_ list: LibraryList, filter: LibraryFilter, evaluation: LibraryEvaluation,
                                  regions: [SelectOption], action: String) -> Body {
        let spec = list.spec
        var fields = [FieldSpec(label: "搜索", name: "q", value: filter.q ?? "", placeholder: "企业名称或统一社会信用代码")]
        if spec.region, !regions.isEmpty {
            fields.append(FieldSpec(label: "所属区县", name: "region", value: filter.region ?? "",
                                    kind: .select([SelectOption(value: "", label: "全部")] + regions)))
        }
        if spec.founded {
            fields.append(FieldSpec(label: "成立日期起", name: "founded_from", value: filter.foundedFrom?.description ?? "",
                                    kind: .date))
            fields.append(FieldSpec(label: "成立日期止", name: "founded_to", value: filter.foundedTo?.description ?? "",
                                    kind: .date))
        }
        if spec.year {
            let years = Array(Set(evaluation.years + [evaluation.year])).sorted(by: >)
            fields.append(FieldSpec(label: "年份", name: "year", value: String(evaluation.year),
                                    kind: .select(years.map { SelectOption(value: String($0), label: "\($0) 年度") })))
        }
        if spec.firstYear {
            let years = evaluation.years.filter { $0 <= evaluation.year }
            fields.append(FieldSpec(label: "首次符合条件", name: "first_year", value: filter.firstYear.map(String.init) ?? "",
                                    kind: .select([SelectOption(value: "", label: "全部")]
                                        + years.map { SelectOption(value: String($0), label: "\($0) 年") })))
        }
        fields.append(FieldSpec(label: "入库结论", name: "status", value: filter.membership.rawValue,
                                kind: .select(MembershipFilter.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) })))
        return .form(
            .method(.get), .action(action), .class("query-bar library-query"),
            .forEach(fields) { UI.field($0) },
            parameterPanel(list.library, filter: filter, values: evaluation.parameters),
            .div(.class("query-actions"), UI.submit("查询"),
                 .a(.class("btn btn-secondary"), .href(action), .text("重置")))
        )
    }

    /// 设置条件参数: every adjustable parameter with its default; a value set here holds for this query only.
    private static func parameterPanel(_ library: RuleLibrary, filter: LibraryFilter, values: ParameterValues)
        -> Node<HTML.FormContext>
    {
        let parameters = library.adjustableParameters
        guard !parameters.isEmpty else { return .empty }
        let open = !filter.parameterTexts.isEmpty
        return .element(named: "details", nodes: [
            .class("library-params"),
            .if(open, .attribute(named: "open", value: "open")),
            .element(named: "summary", nodes: [.text("设置条件参数（仅对本次查询有效，重置恢复默认值）")]),
            .div(.class("param-grid"), .forEach(parameters) { parameter in
                UI.field(parameterField(parameter, filter: filter))
            }),
        ])
    }

    private static func parameterField(_ parameter: RuleParameter, filter: LibraryFilter) -> FieldSpec {
        let typed = filter.parameterTexts[parameter.id] ?? ""
        if case .choice(let options) = parameter.unit {
            let chosen = filter.overrides[parameter.id].map { String(Int($0)) } ?? ""
            let defaultLabel = options.indices.contains(Int(parameter.defaultValue)) ? options[Int(parameter.defaultValue)] : ""
            return FieldSpec(label: parameter.label, name: parameter.id, value: chosen,
                             kind: .select([SelectOption(value: "", label: "默认（\(defaultLabel)）")]
                                 + options.enumerated().map { SelectOption(value: String($0.offset), label: $0.element) }),
                             error: filter.parameterErrors[parameter.id])
        }
        let unit = parameter.unit.symbol
        return FieldSpec(label: parameter.label + (unit.isEmpty ? "" : "（\(unit)）"), name: parameter.id, value: typed,
                         kind: .text, placeholder: "默认 \(LibraryText.number(parameter.defaultValue))",
                         help: "默认 \(LibraryText.number(parameter.defaultValue))\(unit)，可填 "
                             + "\(LibraryText.number(parameter.minimum))–\(LibraryText.number(parameter.maximum))",
                         error: filter.parameterErrors[parameter.id])
    }

    private static func summary(_ evaluation: LibraryEvaluation) -> Body {
        let counts = evaluation.counts
        var text = "评价年度：\(evaluation.year) 年（评价日 \(evaluation.date.label)）；您管辖范围内符合查询条件的企业中："
        text += "符合 \(counts[.met] ?? 0) 家，不符合 \(counts[.notMet] ?? 0) 家，数据不足 \(counts[.unknown] ?? 0) 家。"
        return .div(.class("status-banner status-neutral"),
                    .p(.text(text)),
                    .p(.class("muted"), .text("规则版本：" + evaluation.library.version.title
                        + (evaluation.library.version.caveat.map { "（\($0)）" } ?? ""))))
    }

    /// 条件说明: each condition with this query's parameter values filled in.
    private static func conditionNotes(_ evaluation: LibraryEvaluation) -> Body {
        let values = evaluation.parameters
        let library = evaluation.library
        return .element(named: "details", nodes: [
            .class("card condition-notes"),
            .element(named: "summary", nodes: [.text("条件说明")]),
            .ol(.forEach(library.conditions) { condition in
                let adjusted = condition.parameters.contains { values.overridden.contains($0.id) }
                return .li(.text(condition.describe(values)),
                           .if(condition.informational, .span(.class("muted"), .text("（仅供参考，不影响入库）"))),
                           .if(adjusted, UI.badge("本次已调整", tone: "warning")))
            }),
            .forEach(library.notes) { .p(.class("muted"), .text($0)) }
        ])
    }

    // MARK: 查看

    static func detail(_ list: LibraryList, enterprise: EnterpriseRow, explanation: LibraryExplanation,
                       evaluation: LibraryEvaluation, certificates: [RecognitionRecord], previous: Int?, next: Int?,
                       query: String) -> Body {
        let base = "/libraries/\(list.spec.id.rawValue)"
        let suffix = query.isEmpty ? "" : "?" + query
        return .group(
            UI.pageHeader("\(enterprise.name) · \(list.title)", actions: [
                previous.map { UI.buttonLink("上一条", url: "\(base)/\($0)" + suffix) } ?? .empty,
                next.map { UI.buttonLink("下一条", url: "\(base)/\($0)" + suffix) } ?? .empty,
                UI.buttonLink("返回列表", url: base + suffix),
            ]),
            .section(.class("card"), .h2(.text("企业信息")), UI.details([
                (EnterpriseRecordForm.name.label, enterprise.name), (EnterpriseRecordForm.uscc.label, enterprise.uscc),
                ("所属地区", enterprise.regionName), (EnterpriseRecordForm.industry.label, enterprise.industryLabel),
                (EnterpriseRecordForm.techField.label, enterprise.techFieldLabel.isEmpty ? "未填写" : enterprise.techFieldLabel),
                (EnterpriseRecordForm.registeredOn.label, enterprise.registeredOn ?? "未填写"),
            ])),
            standing(explanation),
            .if(!certificates.isEmpty, certificateTable(certificates)),
            adjustedParameters(explanation)
        )
    }

    /// One library's verdict for one enterprise: the banner, every condition, score breakdowns, notes.
    static func standing(_ explanation: LibraryExplanation) -> Body {
        let tone = explanation.status == .met ? "success" : explanation.status == .notMet ? "danger" : "warning"
        var lines = ["评价年度：\(explanation.year) 年（评价日 \(explanation.date.label)）",
                     "规则版本：\(explanation.version.title)" + (explanation.version.caveat.map { "（\($0)）" } ?? "")]
        if let first = explanation.firstQualifyingYear { lines.append("首次符合条件：\(first) 年") }
        let missed = explanation.missed
        if !missed.isEmpty { lines.append("未满足：" + missed.map(\.title).joined(separator: "、")) }
        return .group(
            .div(.class("status-banner status-\(tone)"),
                 .strong(.text("入库结论："), UI.badge(explanation.status.label, tone: LibraryText.tone(explanation.status))),
                 .forEach(lines) { .p(.text($0)) }),
            conditionTable(explanation.conditions),
            .forEach(explanation.conditions.filter { explanation.breakdowns[$0.id] != nil }) { check in
                .section(.class("card"), .h3(.text("\(check.title)得分明细")),
                         indicatorTable(explanation.breakdowns[check.id] ?? []))
            },
            .if(!explanation.notes.isEmpty, .ul(.class("muted"), .forEach(explanation.notes) { .li(.text($0)) }))
        )
    }

    /// Each condition met / not met / unknown, with the enterprise's value, the threshold and the gap.
    static func conditionTable(_ checks: [ConditionCheck]) -> Body {
        let rows: [[Body]] = checks.enumerated().map { index, check in
            [
                .text(String(index + 1)),
                .text(check.title + (check.informational ? "（参考）" : "")),
                .text(check.description),
                .text(LibraryText.value(check) ?? "—"),
                .text(LibraryText.threshold(check)),
                .text(LibraryText.gap(check) ?? (check.status == .met ? "0" : "—")),
                UI.badge(check.status.label, tone: LibraryText.tone(check.status)),
                .text(check.summary),
            ]
        }
        return UI.table(columns: ["序号", "条件", "条件说明", "企业数值", "阈值", "差距", "结果", "说明"], rows: rows,
                        caption: "逐条评价")
    }

    static func indicatorTable(_ indicators: [IndicatorScore]) -> Body {
        var rows: [[Body]] = indicators.map { indicator in
            [
                .text(indicator.group), .text(indicator.name), .text(LibraryText.number(indicator.maxPoints)),
                .text(LibraryText.number(indicator.points)), .text(LibraryText.number(indicator.possiblePoints)),
                .text(indicator.band ?? "—"),
                .text(indicator.value.map { LibraryText.number($0) + indicator.unit } ?? "—"),
                .text(note(indicator)),
            ]
        }
        let points = indicators.reduce(0) { $0 + $1.points }
        let possible = indicators.reduce(0) { $0 + $1.possiblePoints }
        let maximum = indicators.reduce(0) { $0 + $1.maxPoints }
        rows.append([.strong(.text("合计")), .text(""), .text(LibraryText.number(maximum)),
                     .strong(.text(LibraryText.number(points))), .text(LibraryText.number(possible)), .text(""), .text(""),
                     .text("")])
        return UI.table(columns: ["分组", "指标", "满分", "得分", "最高可得", "档位", "企业数值", "说明"], rows: rows)
    }

    /// The indicator's own note, or how sure its points are when the note does not already say.
    private static func note(_ indicator: IndicatorScore) -> String {
        guard let basis = indicator.basis.note else { return indicator.note ?? "" }
        guard let note = indicator.note else { return basis }
        return note.contains(basis) ? note : basis + "；" + note
    }

    private static func certificateTable(_ records: [RecognitionRecord]) -> Body {
        .section(.class("card"), .h2(.text("认定记录")), UI.table(
            columns: ["认定类型", "证书编号", "发证日期", "有效期至", "来源"],
            rows: records.map { record in
                [.text(record.kind.label), .text(record.certificateNo), .text(record.issuedOn), .text(record.validUntil),
                 .text(record.sourceLabel)]
            }))
    }

    private static func adjustedParameters(_ explanation: LibraryExplanation) -> Body {
        let adjusted = explanation.parameters.filter(\.overridden)
        guard !adjusted.isEmpty else { return .empty }
        return .section(.class("card"), .h2(.text("本次查询调整的条件参数")), UI.table(
            columns: ["参数", "本次取值", "默认值"],
            rows: adjusted.map { setting in
                let unit = setting.parameter.unit.symbol
                return [.text(setting.parameter.label), .text(LibraryText.number(setting.value) + unit),
                        .text(LibraryText.number(setting.parameter.defaultValue) + unit)]
            }))
    }

    // MARK: 我的培育库

    static func mine(standings: [LibraryExplanation], verdicts: [(String, Result<ScoreVerdict, RuleError>)], year: Int,
                     years: [Int], date: LocalDate) -> Body {
        let yearOptions = Array(Set(years + [year])).sorted(by: >).map { SelectOption(value: String($0), label: "\($0) 年度") }
        let rows: [[Body]] = standings.map { standing in
            [
                .a(.href("#lib-\(standing.library.rawValue)"), .text(standing.name)),
                UI.badge(standing.status == .met ? "已入库" : standing.status.label, tone: LibraryText.tone(standing.status)),
                .text(standing.missed.isEmpty ? (standing.status == .unknown ? "部分数据缺失，暂无法判断" : "—")
                    : standing.missed.map(missedText).joined(separator: "；")),
            ]
        }
        return .group(
            UI.pageHeader("我的培育库"),
            UI.queryBar(action: Page.myLibraries.path, fields: [
                FieldSpec(label: "年份", name: "year", value: String(year), kind: .select(yearOptions)),
            ]),
            .p(.class("muted"), .text("按贵企业 \(year) 年度经审核通过的年报数据，于 \(date.label) 按各库默认条件评价；仅显示贵企业自己的数据。")),
            UI.table(columns: ["培育库", "结论", "未满足的条件"], rows: rows, caption: "我在哪些库"),
            .forEach(standings) { standing in
                .section(.class("card library-standing"), .id("lib-\(standing.library.rawValue)"),
                         .h2(.text(standing.name)), self.standing(standing))
            },
            .h2(.text("认定评价预评")),
            .p(.class("muted"), .text("以下为按年报数据的预评结果，仅供参考，不代替正式评审。")),
            .forEach(verdicts) { name, result in verdictCard(name, result) }
        )
    }

    /// "研发费用占比（差 0.5个百分点）".
    private static func missedText(_ check: ConditionCheck) -> String {
        LibraryText.gapPhrase(check).map { "\(check.title)（\($0)）" } ?? check.title
    }

    static func mineUnavailable() -> Body {
        .group(UI.pageHeader("我的培育库"),
               UI.emptyState("贵企业当前不是正常状态（如注册待审核），暂不参与培育库评价。"))
    }

    /// One evaluator's verdict as a card (also the check beside an application: `ApplicationViews`).
    static func verdictCard(_ name: String, _ result: Result<ScoreVerdict, RuleError>) -> Body {
        switch result {
        case .failure(let error):
            return .section(.class("card"), .h3(.text(name)), UI.alert(error.message))
        case .success(let verdict):
            let line = verdict.passLine.isFinite ? "，分数线 \(LibraryText.number(verdict.passLine)) 分" : ""
            let range = verdict.possibleTotal > verdict.total
                ? "得分 \(LibraryText.number(verdict.total))～\(LibraryText.number(verdict.possibleTotal)) 分"
                : "得分 \(LibraryText.number(verdict.total)) 分"
            return .section(
                .class("card verdict"),
                .h3(.text(name + " "), UI.badge(verdict.status.label, tone: LibraryText.tone(verdict.status))),
                .p(.text("\(range)\(line)；评分结论：\(verdict.scoreStatus.label)"
                    + (verdict.directConditionApplied ? "；满足直接认定条件" : ""))),
                .p(.class("muted"), .text("规则版本：" + verdict.version.title
                    + (verdict.version.caveat.map { "（\($0)）" } ?? ""))),
                .if(!verdict.conditions.isEmpty, conditionTable(verdict.conditions)),
                indicatorTable(verdict.indicators),
                .if(!verdict.groups.isEmpty, groupTable(verdict.groups)),
                .if(!verdict.directConditions.isEmpty, conditionTable(verdict.directConditions)),
                .if(!verdict.notes.isEmpty, .ul(.class("muted"), .forEach(verdict.notes) { .li(.text($0)) }))
            )
        }
    }

    private static func groupTable(_ groups: [ScoreGroupResult]) -> Body {
        UI.table(columns: ["分组", "得分", "最高可得", "满分", "最低要求", "结果"], rows: groups.map { group in
            [.text(group.name), .text(LibraryText.number(group.points)), .text(LibraryText.number(group.possiblePoints)),
             .text(LibraryText.number(group.maxPoints)), .text(group.minimum.map { LibraryText.number($0) } ?? "—"),
             UI.badge(group.status.label, tone: LibraryText.tone(group.status))]
        })
    }
}
