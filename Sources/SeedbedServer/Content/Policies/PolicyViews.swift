import Foundation
import Plot
import SeedbedDomain

/// Pages of 定向政策推送: 适用条件 in 内容管理, the enterprise's 政策匹配 and the officials' 政策匹配企业.
enum PolicyViews {
    typealias Body = Node<HTML.BodyContext>

    // MARK: 适用条件 (内容管理)

    /// The 适用条件 button on a policy article's edit page.
    static func conditionsLink(_ article: Article?) -> [Body] {
        guard let article, article.section == .policies, let id = article.id else { return [] }
        return [UI.buttonLink("适用条件", url: conditionsPath(id))]
    }

    static func conditionsPath(_ id: Int) -> String { "/admin/content/\(id)/conditions" }

    static let comparisonOptions = [
        SelectOption(value: RuleComparison.atLeast.rawValue, label: "不低于"),
        SelectOption(value: RuleComparison.atMost.rawValue, label: "不高于"),
    ]

    static let kindOptions = PolicyConditionKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }

    static func conditions(article: Article, conditions: [PolicyCondition], kind: PolicyConditionKind,
                           form: [String: String], errors: FormErrors, context: PageContext) -> Body {
        let id = article.id ?? 0
        let path = conditionsPath(id)
        let rows: [[Body]] = conditions.enumerated().map { index, condition in
            [.text(String(index + 1)), .text(condition.title), .text(condition.requirement),
             UI.actionButton("删除", action: "\(path)/\(index)/delete", csrf: context.csrfToken,
                             confirm: "确定删除条件“\(condition.requirement)”吗？")]
        }
        return .group(
            UI.pageHeader("适用条件：\(article.title)", actions: [
                UI.buttonLink("返回编辑", url: "/admin/content/\(id)"),
                .if(article.isPublished, UI.buttonLink("匹配企业", url: "\(Page.policyMatches.path)/\(id)")),
            ]),
            .p(.class("muted"), .text("企业须同时满足全部条件才与该政策匹配；条件按企业最新一年审核通过的数据和企业信息判断，数据缺失的条件显示为“数据不足”，不算作不符合。")),
            .if(!errors.isEmpty, UI.alert("条件未保存：" + errors.summary)),
            .div(.class("card"),
                 .h2(.text("已设条件（\(conditions.count) 条）")),
                 UI.table(columns: ["序号", "条件类型", "要求", "操作"], rows: rows, emptyText: "尚未设置适用条件")),
            .div(.class("card"),
                 .h2(.text("添加条件")),
                 .form(.method(.get), .action(path), .class("query-bar"),
                       UI.field(FieldSpec(label: "条件类型", name: "kind", value: kind.rawValue, kind: .select(kindOptions))),
                       .div(.class("query-actions"), UI.submit("选择类型", style: "secondary"))),
                 .form(.method(.post), .action(path), .class("stacked"),
                       UI.csrfField(context.csrfToken),
                       UI.hidden("kind", kind.rawValue),
                       .p(.text("条件类型：\(kind.label)")),
                       fields(kind, form: form, errors: errors),
                       .div(.class("form-actions"), UI.submit("添加条件"))))
        )
    }

    private static func fields(_ kind: PolicyConditionKind, form: [String: String], errors: FormErrors)
        -> Node<HTML.FormContext>
    {
        switch kind {
        case .region:
            return UI.field(FieldSpec(label: "地区", name: "region", value: form["region"] ?? "", required: true,
                                      placeholder: "如 210200 或 大连市",
                                      help: "行政区划代码（省、市或区县）或名称；企业注册地位于该地区内即符合",
                                      error: errors["region"], maxLength: 40))
        case .industry:
            return UI.field(FieldSpec(label: "行业代码", name: "industry", value: form["industry"] ?? "", required: true,
                                      placeholder: "如 C 或 C39, I65",
                                      help: "国民经济行业分类（GB/T 4754）门类字母或大类代码，多个用逗号分隔，符合其一即可",
                                      error: errors["industry"], maxLength: 200))
        case .techField:
            let chosen = Set((form["fields"] ?? "").split(separator: ",").map(String.init))
            return .div(.class(errors["fields"] == nil ? "field" : "field field-invalid"),
                        .label(.text("技术领域（不选表示八大领域任一）")),
                        .forEach(TechField.allCases) { field in
                            .label(.class("check"),
                                   Tag.void("input", [("type", "checkbox"), ("name", "fields[]"),
                                                      ("value", String(field.rawValue)),
                                                      ("checked", chosen.contains(String(field.rawValue)) ? "checked" : nil)]),
                                   .text(" " + field.label + " "))
                        },
                        .unwrap(errors["fields"]) { .div(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) })
        case .title:
            return UI.field(FieldSpec(label: "认定资质", name: "title", value: form["title"] ?? "",
                                      kind: .select([SelectOption(value: "", label: "请选择")]
                                          + PolicyTitle.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }),
                                      required: true, help: "专精特新、小巨人包含较低层级：持有小巨人认定也符合专精特新条件",
                                      error: errors["title"]))
        case .age, .metric:
            return .group(
                UI.field(FieldSpec(label: "比较", name: "comparison", value: form["comparison"] ?? RuleComparison.atLeast.rawValue,
                                   kind: .select(comparisonOptions), required: true, error: errors["comparison"])),
                UI.field(FieldSpec(label: "数值（\(kind.unitSymbol)）", name: "value", value: form["value"] ?? "",
                                   required: true, placeholder: kind == .metric(.rdRatio) ? "如 3 表示 3%" : nil,
                                   help: kind == .metric(.revenue) || kind == .metric(.rdExpense) ? "单位：万元（2亿元填 20000）" : nil,
                                   error: errors["value"], maxLength: 20)))
        }
    }

    // MARK: 政策匹配 (enterprise)

    static func mine(policies: [(article: Article, verdict: PolicyVerdict)], evaluation: PolicyEvaluation, slot: Int,
                     form: [String: String], hypothesis: PolicyHypothesis, errors: FormErrors) -> Body {
        let matched = policies.filter { $0.verdict.status == .met }
        let others = policies.filter { $0.verdict.status != .met }
        let year = evaluation.year
        let facts = evaluation.data.enterprise(at: slot).facts
        func current(_ metric: PolicyMetric) -> String {
            let id: FactID = switch metric {
            case .revenue: .revenue
            case .rdExpense: .rdExpense
            case .rdRatio: .rdRatio
            case .employees: .employees
            case .stStaff: .stStaff
            }
            return facts.value(id, in: year).map { "已填报：\(NumberText.plain($0))\(metric.unit.symbol)" } ?? "未填报"
        }
        return .group(
            UI.pageHeader("政策匹配"),
            .p(.class("muted"), .text("按贵企业 \(year) 年度审核通过的数据和企业信息，与设有适用条件的已发布政策逐条比对（评价日 \(evaluation.date)）。")),
            .div(.class("card"),
                 .h2(.text("模拟测算")),
                 .p(.class("muted"), .text("输入对应的企业信息，点击“获取政策推荐”查看可匹配的政策；留空的项按已填报数据计算，测算不保存任何数据。")),
                 .if(!errors.isEmpty, UI.alert(errors.summary)),
                 .form(.method(.get), .action(Page.myPolicies.path), .class("query-bar"),
                       .forEach(PolicyHypothesis.typed) { metric in
                           UI.field(FieldSpec(label: "\(metric.label)（\(metric.unit.symbol)）", name: metric.rawValue,
                                              value: form[metric.rawValue] ?? "", help: current(metric),
                                              error: errors[metric.rawValue], maxLength: 20))
                       },
                       .div(.class("query-actions"), UI.submit("获取政策推荐"),
                            .a(.class("btn btn-secondary"), .href(Page.myPolicies.path), .text("重置"))))),
            .if(!hypothesis.isEmpty, UI.alert("以下为按模拟数值测算的结果，未保存任何数据。", kind: .info)),
            .h2(.text("符合的政策（\(matched.count)）")),
            matched.isEmpty ? UI.emptyState("暂无完全符合条件的政策") : .group(matched.map { card($0.article, $0.verdict) }),
            .h2(.text("暂不符合的政策（\(others.count)）")),
            others.isEmpty ? UI.emptyState("没有其他设有适用条件的政策") : .group(others.map { card($0.article, $0.verdict) })
        )
    }

    private static func card(_ article: Article, _ verdict: PolicyVerdict) -> Body {
        let tone = LibraryText.tone(verdict.status)
        let label = verdict.status == .met ? "符合" : verdict.status == .notMet ? "暂不符合" : "数据不足"
        return .div(.class("card policy-match"),
                    .h3(.a(.href("/\(ArticleSection.policies.rawValue)/\(article.id ?? 0)"), .text(article.title)), .text(" "),
                        UI.badge(label, tone: tone)),
                    .p(.class("muted"), .text("发布单位：\(article.publisher)")),
                    .p(.class("policy-reason"), .text(verdict.reason)))
    }

    static func mineUnavailable() -> Body {
        .group(UI.pageHeader("政策匹配"), UI.emptyState("贵企业当前不是正常状态，暂不参与政策匹配"))
    }

    // MARK: 政策匹配企业 (officials)

    static func policies(_ rows: [(article: Article, conditions: [PolicyCondition], matching: Int, pushed: Int)],
                         year: Int) -> Body {
        let cells: [[Body]] = rows.map { row in
            let id = row.article.id ?? 0
            return [.text(row.article.title), .text(row.article.publisher),
                    .text(row.conditions.map(\.requirement).joined(separator: "；")),
                    .text(String(row.matching)), .text(String(row.pushed)),
                    .a(.href("\(Page.policyMatches.path)/\(id)"), .text("匹配企业"))]
        }
        return .group(
            UI.pageHeader("政策匹配企业"),
            .p(.class("muted"), .text("设有适用条件的已发布政策，与辖区内正常状态企业 \(year) 年度审核通过的数据比对。")),
            UI.table(columns: ["政策", "发布单位", "适用条件", "符合企业数", "已推送", "操作"], rows: cells,
                     emptyText: "暂无设有适用条件的已发布政策")
        )
    }

    static func matches(_ list: PolicyMatchList, result: PolicyMatchResult, page: Paged<PolicyMatchRow>,
                        filter: PolicyMatchList.Filter, pushed: Int, viewer: ListViewer, context: PageContext) -> Body {
        let id = result.article.id ?? 0
        let path = "\(Page.policyMatches.path)/\(id)"
        let unpushed = max(0, result.matching - pushed)
        return .group(
            UI.pageHeader("匹配企业：\(result.article.title)", actions: [
                UI.buttonLink("返回政策列表", url: Page.policyMatches.path),
                UI.actionButton("推送", action: path + "/push", csrf: context.csrfToken,
                                confirm: "确定向辖区内 \(result.matching) 家符合条件的企业推送该政策吗？已推送过的企业（\(pushed) 家）不会重复推送。",
                                style: "primary"),
            ]),
            UI.details([
                ("适用条件", result.conditions.map(\.requirement).joined(separator: "；")),
                ("评价数据", "\(result.evaluation.year) 年度（评价日 \(result.evaluation.date)）"),
                ("辖区内符合条件", "\(result.matching) 家"),
                ("已推送", "\(pushed) 家，未推送 \(unpushed) 家"),
            ]),
            UI.queryBar(action: path, fields: [
                FieldSpec(label: "企业", name: "q", value: filter.q ?? "", placeholder: "名称或统一社会信用代码"),
            ], exportURL: AdminViews.exportURL(list, filter)),
            list.table(page, viewer: viewer, emptyText: "辖区内暂无符合条件的企业"),
            UI.pagination(page.info, baseURL: path, query: [("q", filter.q ?? "")])
        )
    }
}
