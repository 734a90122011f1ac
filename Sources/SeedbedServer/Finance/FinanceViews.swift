import Fluent
import Foundation
import Plot
import SeedbedDomain
import Vapor

/// The pages of the 金融超市: the public and enterprise product lists, a product's page and application form, the
/// bank's products and applications.
enum FinanceViews {
    typealias Body = Node<HTML.BodyContext>

    // MARK: Products

    static func rate(_ product: FinanceProduct) -> String {
        product.rateMin == product.rateMax ? "\(FinanceConditions.format(product.rateMin))%"
            : "\(FinanceConditions.format(product.rateMin))%–\(FinanceConditions.format(product.rateMax))%"
    }

    /// The product's conditions in one line (不限 when it sets none).
    static func conditions(_ product: FinanceProduct) -> String {
        var parts: [String] = []
        if let score = product.minScore { parts.append("创新积分不低于 \(FinanceConditions.format(score)) 分") }
        if let index = product.maxListIndex {
            parts.append("进入\(FinanceConditions.listName(index, FinanceStanding.listNames))及以上")
        }
        if let region = product.regionCode { parts.append("限\(RegionNames.name(region))企业") }
        return parts.isEmpty ? "不限" : parts.joined(separator: "；")
    }

    static func values(of product: FinanceProduct) -> [String: String] {
        [
            "name": product.name, "type": product.type.rawValue,
            "rate_min": FinanceConditions.format(product.rateMin), "rate_max": FinanceConditions.format(product.rateMax),
            "amount_max": FinanceConditions.format(product.amountMax), "term_months": String(product.termMonths),
            "min_score": product.minScore.map(FinanceConditions.format) ?? "",
            "max_list": product.maxListIndex.map(String.init) ?? "", "region_code": product.regionCode ?? "",
            "description": product.description, "contact": product.contact,
        ]
    }

    static func typeOptions(all: String) -> [SelectOption] {
        [SelectOption(value: "", label: all)] + FinanceProductType.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
    }

    /// The list of 上架 products with its filters; `detail` links a product, `applyLabel` names the link.
    static func market(_ page: Paged<FinanceProduct>, filter: FinanceMarketController.Filter,
                       institutions: [FinancialInstitution], base: String, detail: (Int) -> String,
                       applyLabel: String = "查看") -> Body {
        let names = Dictionary(institutions.compactMap { i in i.id.map { ($0, i.name) } }, uniquingKeysWith: { a, _ in a })
        let institutionOptions = [SelectOption(value: "", label: "全部机构")]
            + institutions.compactMap { i in i.id.map { SelectOption(value: String($0), label: i.name) } }
        let rows: [[Body]] = page.items.map { product in
            [
                .a(.href(detail(product.id ?? 0)), .text(product.name)),
                .text(names[product.institutionID] ?? "—"),
                UI.badge(product.type.label, tone: "info"),
                .text(rate(product)),
                .text("\(FinanceConditions.format(product.amountMax)) 万元"),
                .text("\(product.termMonths) 个月"),
                .text(conditions(product)),
                .a(.href(detail(product.id ?? 0)), .text(applyLabel)),
            ]
        }
        return .group(
            UI.pageHeader("金融超市"),
            .p(.class("muted"), .text("合作银行针对创新积分推出的金融产品。企业登录后可在线申请，申请时授权该银行查询本企业的创新积分。")),
            UI.queryBar(action: base, fields: [
                FieldSpec(label: "产品名称", name: "q", value: filter.q),
                FieldSpec(label: "产品类型", name: "type", value: filter.type?.rawValue ?? "", kind: .select(typeOptions(all: "全部类型"))),
                FieldSpec(label: "金融机构", name: "institution", value: filter.institution.map(String.init) ?? "",
                          kind: .select(institutionOptions)),
                FieldSpec(label: "需要额度（万元）", name: "amount", value: filter.amount.map(FinanceConditions.format) ?? "",
                          kind: .number),
            ]),
            UI.table(columns: ["产品名称", "金融机构", "产品类型", "年利率", "最高额度", "期限", "申请条件", "操作"], rows: rows,
                     emptyText: "暂无上架的金融产品"),
            UI.pagination(page.info, baseURL: base, query: filter.items))
    }

    static func productDetail(_ product: FinanceProduct, institution: FinancialInstitution) -> Body {
        .group(
            UI.pageHeader(product.name),
            .div(.class("card"),
                 UI.details([
                     ("金融机构", institution.name), ("产品类型", product.type.label), ("年利率", rate(product)),
                     ("最高额度", "\(FinanceConditions.format(product.amountMax)) 万元"), ("贷款期限", "\(product.termMonths) 个月"),
                     ("申请条件", conditions(product)), ("联系方式", product.contact),
                 ]),
                 .h2(.text("产品介绍")),
                 .p(.text(product.description))))
    }

    // MARK: The enterprise

    static func applyPage(_ product: FinanceProduct, institution: FinancialInstitution, standing: FinanceStanding?,
                          unmet: [String], values: [String: String], errors: FormErrors, context: PageContext) -> Body {
        let action = "\(Page.myFinance.path)/products/\(product.id ?? 0)"
        return .group(
            productDetail(product, institution: institution),
            .div(.class("card"),
                 .h2(.text("申请")),
                 .p(.text("贵企业最新创新积分：" + (standing?.summary ?? "尚无已发布的积分"))),
                 .if(!unmet.isEmpty, UI.alert("贵企业暂不符合本产品的申请条件：" + unmet.joined(separator: "；"), kind: .info)),
                 .unwrap(errors["_"]) { UI.alert($0) },
                 .form(.method(.post), .action(action), .class("stacked"),
                       UI.csrfField(context.csrfToken),
                       UI.field(FieldSpec(label: "申请金额（万元）", name: "amount", value: values["amount"] ?? "", kind: .number,
                                          required: true, help: "不超过 \(FinanceConditions.format(product.amountMax)) 万元",
                                          error: errors["amount"])),
                       UI.field(FieldSpec(label: "资金用途", name: "purpose", value: values["purpose"] ?? "", kind: .textarea,
                                          required: true, error: errors["purpose"], maxLength: 500)),
                       .div(.class(errors["consent"] == nil ? "field" : "field field-invalid"),
                            .label(Tag.void("input", [("type", "checkbox"), ("name", "consent"), ("value", "1"),
                                                      ("checked", values["consent"] == "1" ? "checked" : nil)]),
                                   .text(" 我同意向\(institution.name)授权查询本企业的创新积分（仅用于本次融资申请）")),
                            .unwrap(errors["consent"]) { .div(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) }),
                       .div(.class("form-actions"), UI.submit("提交申请"),
                            .a(.class("btn btn-secondary"), .href(Page.myFinance.path), .text("返回"))))))
    }

    static func myApplications(_ rows: [FinanceApplicationRow]) -> Body {
        .group(
            .h2(.text("我的融资申请")),
            UI.table(columns: ["申请时间", "金融机构", "产品", "申请金额（万元）", "状态", "说明", "操作"], rows: rows.map { row in
                [
                    .text(AdminViews.time(row.created_at)), .text(row.institution_name), .text(row.product_name),
                    .text(FinanceConditions.format(row.amount)), UI.badge(row.state.label, tone: row.state.tone),
                    .text(outcome(row)),
                    .a(.href("\(Page.myFinance.path)/applications/\(row.id)"), .text("详情")),
                ]
            }, emptyText: "暂无融资申请"))
    }

    static func outcome(_ row: FinanceApplicationRow) -> String {
        switch row.state {
        case .disbursed: "放款 \(FinanceConditions.format(row.disbursed_amount ?? 0)) 万元"
        case .rejected: row.reason ?? "—"
        case .submitted, .accepted: "—"
        }
    }

    static func myApplication(_ row: FinanceApplicationRow, history: [(FinanceApplicationEvent, String)]) -> Body {
        .group(
            UI.pageHeader("融资申请", actions: [UI.buttonLink("返回金融超市", url: Page.myFinance.path)]),
            .div(.class("card"),
                 .p(.text("当前状态："), UI.badge(row.state.label, tone: row.state.tone)),
                 UI.details(summary(row))),
            historyTable(history))
    }

    static func summary(_ row: FinanceApplicationRow) -> [(String, String)] {
        [
            ("企业", row.enterprise_name), ("统一社会信用代码", row.enterprise_uscc), ("金融机构", row.institution_name),
            ("产品", row.product_name), ("申请金额", "\(FinanceConditions.format(row.amount)) 万元"), ("资金用途", row.purpose),
            ("授权查询积分", "已于 \(AdminViews.time(row.consent_at)) 同意向\(row.institution_name)授权"),
            ("申请时间", AdminViews.time(row.created_at)), ("结果", outcome(row)),
        ]
    }

    static func history(_ applicationID: Int, on db: any Database) async throws -> [(FinanceApplicationEvent, String)] {
        let events = try await FinanceApplicationEvent.query(on: db).filter(\.$applicationID == applicationID)
            .sort(\.$createdAt).sort(\.$id).all()
        let ids = Array(Set(events.map(\.actorID)))
        let users = ids.isEmpty ? [] : try await User.query(on: db).filter(\.$id ~~ ids).all()
        let names = Dictionary(users.compactMap { u in u.id.map { ($0, u.name) } }, uniquingKeysWith: { a, _ in a })
        return events.map { ($0, names[$0.actorID] ?? "—") }
    }

    static func historyTable(_ history: [(FinanceApplicationEvent, String)]) -> Body {
        .group(
            .h2(.text("办理记录")),
            UI.table(columns: ["时间", "状态", "经办人", "说明"], rows: history.map { event, name in
                [.text(AdminViews.time(event.createdAt)), UI.badge(event.state.label, tone: event.state.tone), .text(name),
                 .text(event.note)]
            }, emptyText: "暂无记录"))
    }

    // MARK: The bank

    static func bankProducts(_ products: [FinanceProduct], institution: FinancialInstitution, page: PageInfo,
                             status: FinanceProductStatus?, context: PageContext) -> Body {
        let statusOptions = [SelectOption(value: "", label: "全部")]
            + FinanceProductStatus.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
        let rows: [[Body]] = products.map { product in
            let id = product.id ?? 0
            let target: FinanceProductStatus = product.status == .listed ? .unlisted : .listed
            return [
                .a(.href("\(Page.financeProducts.path)/\(id)"), .text(product.name)),
                .text(product.type.label), .text(rate(product)),
                .text("\(FinanceConditions.format(product.amountMax)) 万元"), .text("\(product.termMonths) 个月"),
                .text(conditions(product)),
                UI.badge(product.status.label, tone: product.status == .listed ? "success" : "muted"),
                .group(
                    .a(.href("\(Page.financeProducts.path)/\(id)"), .text("编辑")), .text(" "),
                    UI.actionButton(target.label, action: "\(Page.financeProducts.path)/\(id)/status", csrf: context.csrfToken,
                                    confirm: target == .listed ? "确定上架“\(product.name)”吗？" : "确定下架“\(product.name)”吗？")),
            ]
        }
        return .group(
            UI.pageHeader(Page.financeProducts.title + "（\(institution.name)）",
                          actions: [UI.buttonLink("新增产品", url: "\(Page.financeProducts.path)/new", style: "primary")]),
            UI.queryBar(action: Page.financeProducts.path, fields: [
                FieldSpec(label: "状态", name: "status", value: status?.rawValue ?? "", kind: .select(statusOptions)),
            ]),
            UI.table(columns: ["产品名称", "类型", "年利率", "最高额度", "期限", "申请条件", "状态", "操作"], rows: rows,
                     emptyText: "暂无产品，点击“新增产品”添加"),
            UI.pagination(page, baseURL: Page.financeProducts.path,
                          query: status.map { [("status", $0.rawValue)] } ?? []))
    }

    static func productForm(id: Int?, values: [String: String], errors: FormErrors, context: PageContext) -> Body {
        let title = id == nil ? "新增产品" : "编辑产品"
        let action = id.map { "\(Page.financeProducts.path)/\($0)" } ?? Page.financeProducts.path
        let listOptions = [SelectOption(value: "", label: "不限")]
            + FinanceStanding.listNames.enumerated().map { SelectOption(value: String($0.offset), label: $0.element + "及以上") }
        func field(_ label: String, _ name: String, kind: FieldSpec.Kind = .text, required: Bool = true,
                   help: String? = nil) -> Node<HTML.FormContext> {
            UI.field(FieldSpec(label: label, name: name, value: values[name] ?? "", kind: kind, required: required, help: help,
                               error: errors[name]))
        }
        return .group(
            UI.pageHeader(title, actions: [UI.buttonLink("返回", url: Page.financeProducts.path)]),
            .if(!errors.isEmpty, UI.alert("请修改标红的项目后再保存")),
            .form(.method(.post), .action(action), .class("stacked card"),
                  UI.csrfField(context.csrfToken),
                  field("产品名称", "name"),
                  field("产品类型", "type", kind: .select(typeOptions(all: "请选择"))),
                  field("最低年利率（%）", "rate_min", kind: .number, help: "0–36，最多两位小数"),
                  field("最高年利率（%）", "rate_max", kind: .number, help: "不低于最低年利率"),
                  field("最高额度（万元）", "amount_max", kind: .number),
                  field("贷款期限（月）", "term_months", kind: .number, help: "1–360"),
                  field("最低创新积分", "min_score", kind: .number, required: false, help: "不限请留空"),
                  field("榜单要求", "max_list", kind: .select(listOptions), required: false),
                  field("服务地区代码", "region_code", required: false, help: "6 位行政区划代码，如 210200 大连市；不限请留空"),
                  field("产品介绍", "description", kind: .textarea),
                  field("联系方式", "contact"),
                  .div(.class("form-actions"), UI.submit("保存"))))
    }

    static func bankApplications(_ list: FinanceApplicationList, institution: FinancialInstitution,
                                 page: Paged<FinanceApplicationRow>, filter: FinanceApplicationQuery.Filter,
                                 viewer: ListViewer) -> Body {
        let stateOptions = [SelectOption(value: "", label: "全部")]
            + FinanceApplicationState.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
        let query = list.queryItems(filter)
        return .group(
            UI.pageHeader(list.title + "（\(institution.name)）"),
            UI.queryBar(action: Page.financeApplications.path, fields: [
                FieldSpec(label: "企业名称或信用代码", name: "q", value: filter.q),
                FieldSpec(label: "状态", name: "state", value: filter.state?.rawValue ?? "", kind: .select(stateOptions)),
            ], exportURL: "/exports/\(FinanceApplicationList.id)" + (query.isEmpty ? "" : "?" + URLQuery.encode(query))),
            list.table(page, viewer: viewer, emptyText: "暂无融资申请", actions: { row in
                .a(.href("\(Page.financeApplications.path)/\(row.id)"), .text("办理"))
            }),
            UI.pagination(page.info, baseURL: Page.financeApplications.path, query: query))
    }

    static func bankDetail(_ row: FinanceApplicationRow, standing: FinanceStanding?,
                           history: [(FinanceApplicationEvent, String)], errors: FormErrors, values: [String: String],
                           context: PageContext) -> Body {
        let base = "\(Page.financeApplications.path)/\(row.id)"
        let decisions = FinanceWorkflow.decisions(from: row.state)
        return .group(
            UI.pageHeader("融资申请详情", actions: [UI.buttonLink("返回列表", url: Page.financeApplications.path)]),
            .div(.class("card"),
                 .p(.text("当前状态："), UI.badge(row.state.label, tone: row.state.tone)),
                 UI.details(summary(row) + [("企业创新积分（已授权）", standing?.summary ?? "尚无已发布的积分")])),
            .if(!decisions.isEmpty, .div(.class("card"),
                .h2(.text("办理")),
                .if(decisions.contains(.accept),
                    UI.actionButton("受理", action: base + "/accept", csrf: context.csrfToken,
                                    confirm: "确定受理“\(row.enterprise_name)”的申请吗？", style: "primary")),
                .if(decisions.contains(.disburse),
                    .form(.method(.post), .action(base + "/disburse"), .class("stacked"),
                          UI.csrfField(context.csrfToken),
                          UI.field(FieldSpec(label: "放款金额（万元）", name: "amount", value: values["amount"] ?? "",
                                             kind: .number, required: true, error: errors["amount"])),
                          .div(.class("form-actions"), UI.submit("确认放款")))),
                .form(.method(.post), .action(base + "/reject"), .class("stacked"),
                      UI.csrfField(context.csrfToken),
                      UI.field(FieldSpec(label: "未通过原因", name: "reason", value: values["reason"] ?? "", kind: .textarea,
                                         required: true, error: errors["reason"], maxLength: 500)),
                      .div(.class("form-actions"), UI.submit("不予通过", style: "danger"))))),
            historyTable(history))
    }
}
