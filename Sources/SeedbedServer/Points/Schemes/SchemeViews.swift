import Foundation
import Plot
import SeedbedDomain

/// Pages of the scheme feature. Tables holding form inputs are built with `Tag` (body context) inside a raw
/// `<form>`, since Plot's form context has no tables.
enum SchemeViews {
    typealias Body = Node<HTML.BodyContext>

    static let statusOptions = [SelectOption(value: "", label: "全部")]
        + [SchemeStatus.draft, .published].map { SelectOption(value: $0.rawValue, label: $0.label) }

    // MARK: List

    static func list(_ list: SchemeList, page: Paged<SchemeList.Row>, filter: SchemeList.Filter, viewer: ListViewer,
                     canCreate: Bool, isZone: Bool, csrf: String) -> Body {
        let query = URLQuery.encode(list.queryItems(filter))
        return .group(
            UI.pageHeader(list.title, actions: canCreate ? [
                UI.actionButton(isZone ? "新建本区方案（18+M）" : "新建国家方案新版本", action: Page.schemes.path, csrf: csrf,
                                style: "primary"),
            ] : []),
            UI.alert(InnovationScheme.defaultNotice + "。各地可在国家方案基础上调整权重、增加本地指标（18+M）。", kind: .info),
            UI.queryBar(action: Page.schemes.path, fields: [
                FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "方案名称"),
                FieldSpec(label: "状态", name: "status", value: filter.status?.rawValue ?? "", kind: .select(statusOptions)),
            ], exportURL: "/exports/\(SchemeList.id)" + (query.isEmpty ? "" : "?" + query)),
            list.table(page, viewer: viewer, emptyText: "没有符合条件的方案"),
            UI.pagination(page.info, baseURL: Page.schemes.path, query: list.queryItems(filter))
        )
    }

    // MARK: Detail

    static func detail(_ record: SchemeRecord, scheme: InnovationScheme, owner: String, manages: Bool,
                       trialYears: [Int], today: String, context: PageContext) -> Body {
        let id = record.id ?? 0
        let isDraft = record.status == .draft
        let problems = scheme.validate()
        var actions: [Body] = [UI.buttonLink("返回列表", url: Page.schemes.path)]
        if manages && isDraft {
            actions += [
                UI.buttonLink("编辑权重与榜单", url: "/points/schemes/\(id)/edit", style: "primary"),
                UI.buttonLink("新增本地指标", url: "/points/schemes/\(id)/indicators/new"),
                UI.actionButton("删除草稿", action: "/points/schemes/\(id)/delete", csrf: context.csrfToken,
                                confirm: "确定删除这份草稿吗？删除后不能恢复。", style: "danger"),
            ]
        } else if manages {
            actions.append(UI.actionButton("新建草稿", action: Page.schemes.path, csrf: context.csrfToken, style: "primary"))
        }
        return .group(
            UI.pageHeader("\(scheme.name)（第 \(scheme.version) 版）", actions: actions),
            .unwrap(scheme.notice) { UI.alert($0, kind: .warning) },
            .if(!problems.isEmpty, problemList(problems)),
            .section(.class("card"), .h2(.text("方案信息")), UI.details([
                ("方案编号", scheme.id), ("版本", "第 \(scheme.version) 版"), ("状态", record.status.label),
                ("适用范围", owner), ("生效日期", scheme.effectiveFrom),
                ("基于", scheme.basedOn.map { "\($0.id) 第 \($0.version) 版" } ?? "—"),
                ("满分", scheme.fullScore.map { PointsFormat.number($0) } ?? "不设满分"),
                ("总分下限", scheme.totalFloor.map { PointsFormat.number($0) } ?? "不设下限"),
            ])),
            methodCard(scheme),
            indicatorTable(scheme, deletable: manages && isDraft ? id : nil, csrf: context.csrfToken),
            tiersCard(scheme),
            .if(manages && isDraft, draftActions(id, scheme: scheme, years: trialYears, today: today, csrf: context.csrfToken)),
            .unwrap(record.parsedTrial) { trialCard($0) }
        )
    }

    static func problemList(_ problems: [SchemeProblem]) -> Body {
        .div(.class("flash flash-error"), .attribute(named: "role", value: "alert"),
             .strong(.text("方案有 \(problems.count) 处问题，修改后才能试算和发布：")),
             .ul(.forEach(problems) { .li(.text($0.message)) }))
    }

    private static func methodCard(_ scheme: InnovationScheme) -> Body {
        let rule = scheme.stageRule
        let clauses = rule.clauses.map { clause -> String in
            let parts = [clause.ageBelow.map { "成立不满 \(PointsFormat.number($0)) 年" },
                         clause.revenueBelow.map { "营业收入低于 \(PointsFormat.number($0)) 万元" }].compactMap { $0 }
            return "\(parts.joined(separator: clause.combination == .all ? "且" : "或"))：\(clause.stage)"
        } + ["其余：\(rule.otherwise)"]
        return .section(
            .class("card"), .h2(.text("计分方法")),
            .ul(
                .li(.text("比较组：同一高新区（不在高新区的企业按所在城市）、同一年度、同一发展阶段的企业相互比较。")),
                .li(.text("百分位指标：在比较组内按数值排序（方向为“越低越好”时倒序），并列取平均名次，百分位 = 名次 ÷ 有数据的企业数；得分 = 百分位 × 该阶段权重。")),
                .li(.text("缺少数据的指标得 0 分；负面扣分项从总分中扣除；总分在比较组内从高到低排名，同分并列。")),
                .li(.text("发展阶段（可配置）：" + clauses.joined(separator: "；")))
            )
        )
    }

    static func indicatorTable(_ scheme: InnovationScheme, deletable: Int?, csrf: String) -> Body {
        let stages = scheme.stages
        var rows: [[Body]] = scheme.indicators.enumerated().map { index, indicator in
            var cells: [Body] = [
                .text(String(index + 1)), .text(indicator.group.title), .text(indicator.name),
                .text(PointsFacts.label(indicator.fact)), .text(PointsFormat.method(indicator.method)),
                .text(indicator.method == .percentile ? (indicator.direction == .lower ? "越低越好" : "越高越好") : "—"),
            ]
            cells += stages.map { .text(PointsFormat.number(indicator.weight(in: $0))) }
            cells.append(.text(indicator.note ?? ""))
            if let id = deletable {
                cells.append(UI.actionButton("删除", action: "/points/schemes/\(id)/indicators/\(index)/delete", csrf: csrf,
                                             confirm: "确定删除指标「\(indicator.name)」吗？其余基础指标的权重将按比例放大。"))
            }
            return cells
        }
        var sums: [Body] = [.text(""), .text(""), .strong(.text("基础指标合计")), .text(""), .text(""), .text("")]
        sums += stages.map { stage in
            .strong(.text(PointsFormat.number(scheme.indicators.filter { $0.group.countsTowardFullScore }
                .reduce(0.0) { $0 + $1.weight(in: stage) })))
        }
        sums.append(.text(scheme.fullScore.map { "应为满分 \(PointsFormat.number($0))" } ?? ""))
        if deletable != nil { sums.append(.text("")) }
        rows.append(sums)
        let headers = ["序号", "一级指标", "二级指标", "读取数据", "计分方法", "方向"] + stages.map { "\($0)权重" } + ["说明"]
            + (deletable == nil ? [] : ["操作"])
        return .section(.class("card"), .h2(.text("指标与各阶段权重（\(scheme.indicators.count) 项）")),
                        UI.table(columns: headers, rows: rows))
    }

    private static func tiersCard(_ scheme: InnovationScheme) -> Body {
        var previous = 0.0
        let rows: [[Body]] = scheme.tiers.lists.map { list in
            defer { previous = list.topFraction }
            return [.text(list.name), .text("比较组内前 \(PointsFormat.percent(previous)) – \(PointsFormat.percent(list.topFraction))")]
        }
        return .section(
            .class("card"), .h2(.text("榜单与分数线")),
            UI.table(columns: ["榜单", "范围"], rows: rows, emptyText: "未设置榜单"),
            .p(.text("名额计算：比较组企业数 × 累计比例，" + (scheme.tiers.seatRounding == .up ? "向上取整" : "向下取整")
                + "；与末位同分的企业一并上榜。")),
            .p(.text(scheme.tiers.absoluteLine.map { "分数线：\($0.name)（总分 ≥ \(PointsFormat.number($0.minimumTotal))）" }
                ?? "未设置分数线"))
        )
    }

    private static func draftActions(_ id: Int, scheme: InnovationScheme, years: [Int], today: String, csrf: String) -> Body {
        .section(
            .class("card"), .h2(.text("试算与发布")),
            .p(.class("muted"), .text("试算用所选年度的事实数据，分别按现行方案和本草稿计算范围内企业的积分，比较榜单变化；不会改变任何已发布的积分。")),
            .form(.class("query-bar"), .method(.post), .action("/points/schemes/\(id)/try"),
                  UI.csrfField(csrf),
                  UI.field(FieldSpec(label: "试算年度", name: "year", value: String(years.first ?? 0),
                                     kind: .select(years.map { SelectOption(value: String($0), label: "\($0) 年度") }),
                                     required: true)),
                  .div(.class("query-actions"), UI.submit("试算"))),
            .form(.class("query-bar"), .method(.post), .action("/points/schemes/\(id)/publish"),
                  .attribute(named: "data-confirm", value: "确定发布吗？发布后该版本不能再修改。"),
                  UI.csrfField(csrf),
                  UI.field(FieldSpec(label: "生效日期", name: "effective_from", value: max(scheme.effectiveFrom, today),
                                     kind: .date, required: true)),
                  .div(.class("query-actions"), UI.submit("发布", style: "danger")))
        )
    }

    static func publishConfirm(_ record: SchemeRecord, effectiveFrom: String, context: PageContext) -> Body {
        let id = record.id ?? 0
        return .div(
            .class("narrow card confirm"),
            .h1(.text("发布积分方案")),
            .p(.text("确定发布「\(record.name)」第 \(record.version) 版，自 \(effectiveFrom) 起生效吗？发布后该版本不能再修改。")),
            .form(.method(.post), .action("/points/schemes/\(id)/publish"),
                  UI.csrfField(context.csrfToken), UI.hidden("confirmed", "1"), UI.hidden("effective_from", effectiveFrom),
                  .div(.class("form-actions"), UI.submit("确定发布", style: "danger"),
                       .a(.class("btn btn-secondary"), .href("/points/schemes/\(id)"), .text("取消"))))
        )
    }

    static func trialCard(_ trial: SchemeTrial) -> Body {
        let headers = ["现行方案 ＼ 草稿"] + trial.listsAfter
        let matrix: [[Body]] = trial.listsBefore.enumerated().map { row, name in
            [.strong(.text(name))] + trial.listsAfter.indices.map { column in
                let count = trial.transitions.indices.contains(row) && trial.transitions[row].indices.contains(column)
                    ? trial.transitions[row][column] : 0
                return .text(count.formatted())
            }
        }
        func movers(_ list: [SchemeTrial.Mover]) -> [[Body]] {
            list.map { mover in
                [.text(mover.name), .text(mover.uscc),
                 .text("\(PointsFormat.score(mover.totalBefore)) → \(PointsFormat.score(mover.totalAfter))"),
                 .text(String(format: "%+.2f", mover.totalAfter - mover.totalBefore)),
                 .text("\(mover.rankBefore) → \(mover.rankAfter)"),
                 .text("\(mover.listBefore ?? "未上榜") → \(mover.listAfter ?? "未上榜")")]
            }
        }
        let moverHeaders = [EnterpriseRecordForm.name.label, EnterpriseRecordForm.uscc.label, "总分", "变化", "组内排名", "榜单"]
        return .section(
            .class("card"), .id("trial"), .h2(.text("试算结果")),
            .p(.class("muted"), .text("\(AdminViews.time(trial.at)) 用 \(trial.year) 年度数据试算，对照：\(trial.baseName)")),
            UI.details([
                ("参与试算企业", trial.enterprises.formatted()), ("榜单变化企业", trial.movedTiers.formatted()),
                ("榜单上升", trial.movedUp.formatted()), ("榜单下降", trial.movedDown.formatted()),
                ("新达到分数线", trial.gainedLine.formatted()), ("不再达到分数线", trial.lostLine.formatted()),
            ]),
            .h3(.text("榜单变化（行：现行方案，列：草稿）")),
            UI.table(columns: headers, rows: matrix),
            .h3(.text("总分上升最多的企业")),
            UI.table(columns: moverHeaders, rows: movers(trial.risers), emptyText: "没有总分上升的企业"),
            .h3(.text("总分下降最多的企业")),
            UI.table(columns: moverHeaders, rows: movers(trial.fallers), emptyText: "没有总分下降的企业")
        )
    }

    // MARK: Edit form

    static func formValues(_ scheme: InnovationScheme) -> [String: String] {
        var values: [String: String] = ["name": scheme.name,
                                        "seat_rounding": scheme.tiers.seatRounding.rawValue,
                                        "line_enabled": scheme.tiers.absoluteLine == nil ? "0" : "1",
                                        "line_name": scheme.tiers.absoluteLine?.name ?? "",
                                        "line_min": scheme.tiers.absoluteLine.map { PointsFormat.number($0.minimumTotal) } ?? ""]
        for (index, indicator) in scheme.indicators.enumerated() {
            for (code, stage) in scheme.stages.enumerated() {
                values[SchemeEditor.weightField(index, code)] = PointsFormat.number(indicator.weight(in: stage))
            }
        }
        for (index, list) in scheme.tiers.lists.enumerated() {
            values["tier_name_\(index)"] = list.name
            values["tier_pct_\(index)"] = PointsFormat.number(list.topFraction * 100)
        }
        return values
    }

    private static func cellInput(_ name: String, _ form: [String: String], _ errors: FormErrors, width: String = "6em")
        -> Body
    {
        let error = errors[name]
        return .div(
            .class(error == nil ? "field" : "field field-invalid"),
            Tag.void("input", [("type", "text"), ("name", name), ("value", form[name] ?? ""), ("inputmode", "decimal"),
                               ("style", "width:\(width)"), ("aria-label", name),
                               ("aria-invalid", error == nil ? nil : "true")]),
            .unwrap(error) { .div(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) }
        )
    }

    static func editForm(_ record: SchemeRecord, scheme: InnovationScheme, form: [String: String], errors: FormErrors,
                         problems: [SchemeProblem], context: PageContext) -> Body {
        let id = record.id ?? 0
        let stages = scheme.stages
        let weightRows: [[Body]] = scheme.indicators.enumerated().map { index, indicator in
            [.text(indicator.group.title), .text(indicator.name)]
                + stages.indices.map { cellInput(SchemeEditor.weightField(index, $0), form, errors) }
        }
        let tierRows: [[Body]] = scheme.tiers.lists.indices.map { index in
            [cellInput("tier_name_\(index)", form, errors, width: "10em"), cellInput("tier_pct_\(index)", form, errors)]
        }
        let children: [Body] = [
            Tag.void("input", [("type", "hidden"), ("name", "_csrf"), ("value", context.csrfToken)]),
            .div(.class(errors["name"] == nil ? "field" : "field field-invalid"),
                 .label(.for("f-name"), .text("方案名称"), .span(.class("req"), .text("*"))),
                 Tag.void("input", [("id", "f-name"), ("type", "text"), ("name", "name"), ("value", form["name"] ?? ""),
                                    ("required", "required"), ("maxlength", "60")]),
                 .unwrap(errors["name"]) { .div(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) }),
            .h2(.text("各阶段权重")),
            .p(.class("muted"), .text("技术创新、成长经营、辅助三类基础指标在每个阶段的权重合计须等于满分 "
                + (scheme.fullScore.map { PointsFormat.number($0) } ?? "") + "；加分项另计，负面扣分项从总分扣除。")),
            UI.table(columns: ["一级指标", "二级指标"] + stages.map { "\($0)权重" }, rows: weightRows),
            .h2(.text("榜单")),
            .p(.class("muted"), .text("累计比例以百分数填写，如领跑榜 5、竞跑榜 10、进取榜 20，后一个须大于前一个。")),
            UI.table(columns: ["榜单名称", "累计比例（%）"], rows: tierRows, emptyText: "未设置榜单"),
            selectField("名额取整", "seat_rounding", form["seat_rounding"] ?? "down",
                        [SelectOption(value: "down", label: "向下取整"), SelectOption(value: "up", label: "向上取整（小比较组也有名额）")]),
            .h2(.text("分数线")),
            selectField("设置分数线", "line_enabled", form["line_enabled"] ?? "1",
                        [SelectOption(value: "1", label: "是"), SelectOption(value: "0", label: "否")]),
            .div(.class("field"), .label(.text("分数线名称")), cellInput("line_name", form, errors, width: "16em")),
            .div(.class("field"), .label(.text("最低总分")), cellInput("line_min", form, errors)),
            .div(.class("form-actions"),
                 .button(.class("btn btn-primary"), .type(.submit), .text("保存")),
                 .a(.class("btn btn-secondary"), .href("/points/schemes/\(id)"), .text("取消"))),
        ]
        return .group(
            UI.pageHeader("编辑：\(scheme.name)（第 \(scheme.version) 版草稿）"),
            .if(!errors.isEmpty, UI.alert("请修改标红的项目后再保存")),
            .if(!problems.isEmpty, problemList(problems)),
            Tag.element("form", [("method", "post"), ("action", "/points/schemes/\(id)"), ("class", "stacked card")],
                        children)
        )
    }

    private static func selectField(_ label: String, _ name: String, _ value: String, _ options: [SelectOption]) -> Body {
        .div(.class("field"), .label(.for("f-" + name), .text(label)),
             Tag.element("select", [("id", "f-" + name), ("name", name)], options.map { option in
                 Tag.element("option", [("value", option.value), ("selected", option.value == value ? "selected" : nil)],
                             [.text(option.label)])
             }))
    }

    // MARK: New indicator

    static let groupOptions = IndicatorGroup.allCases.map { SelectOption(value: $0.rawValue, label: $0.title) }
    static let methodOptions = [
        SelectOption(value: "percentile", label: "比较组内百分位"), SelectOption(value: "bands", label: "分段赋分"),
        SelectOption(value: "count", label: "计数封顶"), SelectOption(value: "boolean", label: "是否具备（加满分）"),
        SelectOption(value: "deduction", label: "负面扣分"),
    ]
    static let factOptions = PointsFacts.all.map { SelectOption(value: $0.rawValue, label: PointsFacts.label($0)) }

    static func indicatorForm(_ record: SchemeRecord, scheme: InnovationScheme, form: [String: String],
                              errors: FormErrors, problems: [SchemeProblem], context: PageContext) -> Body {
        let id = record.id ?? 0
        func spec(_ label: String, _ name: String, kind: FieldSpec.Kind = .text, required: Bool = false,
                  help: String? = nil) -> FieldSpec {
            FieldSpec(label: label, name: name, value: form[name] ?? "", kind: kind, required: required, help: help,
                      error: errors[name])
        }
        var fields = [
            spec("指标编号", "id", required: true, help: "英文字母、数字和下划线，如 local_talent"),
            spec("指标名称", "name", required: true),
            spec("一级指标", "group", kind: .select([SelectOption(value: "", label: "请选择")] + groupOptions), required: true),
            spec("读取数据", "fact", kind: .select([SelectOption(value: "", label: "请选择")] + factOptions), required: true,
                 help: "来自审核通过的年报等事实数据；比例与增长率由平台计算"),
            spec("计分方法", "method", kind: .select(methodOptions), required: true),
            spec("方向", "direction", kind: .select([SelectOption(value: "higher", label: "越高越好"),
                                                     SelectOption(value: "lower", label: "越低越好")]),
                 help: "仅百分位方法使用"),
            spec("分段界限", "thresholds", help: "分段赋分使用：升序，逗号分隔，如 0.05,0.1,0.2"),
            spec("分段分值（%）", "band_values", help: "分段赋分使用：与界限一一对应，0–100，如 30,60,100"),
            spec("封顶数", "cap", help: "计数封顶、负面扣分使用，如 5"),
        ]
        fields += scheme.stages.enumerated().map { code, stage in
            spec("\(stage)权重", "weight_\(code)", required: true)
        }
        fields.append(spec("说明", "note", kind: .textarea))
        fields.append(spec("其余基础指标按比例缩放至满分", "rescale", kind: .select([
            SelectOption(value: "1", label: "是（推荐）"), SelectOption(value: "0", label: "否（自行在编辑页调整）"),
        ])))
        return .group(
            UI.pageHeader("新增本地指标：\(scheme.name)"),
            .p(.class("muted"), .text("在国家指标之外增加本地指标（18+M）。选择按比例缩放时，原有基础指标的权重按比例缩小，使各阶段合计仍为满分。")),
            .if(!errors.isEmpty, UI.alert("请修改标红的项目后再提交")),
            .if(!problems.isEmpty, problemList(problems)),
            .form(.method(.post), .action("/points/schemes/\(id)/indicators"), .class("stacked card"),
                  UI.csrfField(context.csrfToken),
                  .forEach(fields) { UI.field($0) },
                  .div(.class("form-actions"), UI.submit("保存"),
                       .a(.class("btn btn-secondary"), .href("/points/schemes/\(id)"), .text("取消"))))
        )
    }
}
