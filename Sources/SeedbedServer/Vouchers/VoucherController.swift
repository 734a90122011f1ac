import Fluent
import Foundation
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// One voucher as 科技创新券情况统计表 lists it.
struct VoucherRow: Decodable, Sendable {
    let id: Int
    let enterpriseID: Int
    let enterpriseName: String
    let uscc: String
    let regionCode: String
    let number: String
    let type: VoucherType
    let claimedFen: Int64
    let redeemedFen: Int64
    let provider: String
    let claimedOn: String
    let redeemedOn: String?
    let state: VoucherState
    let year: Int
    let source: String

    enum CodingKeys: String, CodingKey {
        case id, uscc, provider, state, year, source
        case enterpriseID = "enterprise_id"
        case enterpriseName = "enterprise_name"
        case regionCode = "region_code"
        case number = "voucher_no"
        case type = "voucher_type"
        case claimedFen = "claimed_fen"
        case redeemedFen = "redeemed_fen"
        case claimedOn = "claimed_on"
        case redeemedOn = "redeemed_on"
    }

    var claimed: VoucherAmount { VoucherAmount(fen: claimedFen) }
    var redeemed: VoucherAmount { VoucherAmount(fen: redeemedFen) }
}

/// 科技创新券情况统计表 (seed 004 §4.3, C8): the vouchers in the viewer's scope by year, enterprise name or credit
/// code, type and state, with export. The enterprise's own 我的创新券 reads the same list in its own scope.
struct VoucherList: SQLListDefinition {
    struct Filter: Sendable {
        var year: Int?
        var type: VoucherType?
        var state: VoucherState?
        var q: String
    }

    static let id = "vouchers"
    let title = "科技创新券情况统计表"
    let roles = Access.government.roles

    /// Amounts as numbers in the export (exact to the 分), as exact text on the page.
    static func amount(_ value: VoucherAmount) -> ListCell { .decimal(value.yuan, format: .money) }

    var columns: [ListColumn<VoucherRow>] {
        [
            ListColumn("年度", width: 8) { row, _ in .integer(row.year) },
            ListColumn(EnterpriseRecordForm.name, width: 34) { row, _ in
                .link(row.enterpriseName, href: "/enterprises/\(row.enterpriseID)")
            },
            ListColumn(EnterpriseRecordForm.uscc, width: 22) { row, _ in .text(row.uscc) },
            ListColumn("所属地区", width: 24) { row, _ in .text(RegionTable.shipped.fullName(of: row.regionCode)) },
            ListColumn("创新券编号", width: 22) { row, _ in .text(row.number) },
            ListColumn("券种", width: 12) { row, _ in .text(row.type.label) },
            ListColumn("申领金额（元）", width: 14) { row, _ in Self.amount(row.claimed) },
            ListColumn("兑付金额（元）", width: 14) { row, _ in Self.amount(row.redeemed) },
            ListColumn("服务机构", width: 30) { row, _ in row.provider.isEmpty ? .empty : .text(row.provider) },
            ListColumn("申领日期", width: 12) { row, _ in .date(row.claimedOn) },
            ListColumn("兑付日期", width: 12) { row, _ in row.redeemedOn.map { .date($0) } ?? .empty },
            ListColumn("状态", width: 10) { row, _ in .badge(row.state.label, tone: row.state.tone) },
            ListColumn("来源", width: 10) { row, _ in .text(InnovationVouchers.sourceLabel(row.source)) },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(year: InputNumber.integer(query["year"], in: VoucherRules.years),
               type: query["type"].flatMap(VoucherType.init(rawValue:)),
               state: query["state"].flatMap(VoucherState.init(rawValue:)),
               q: queryText(query, "q"))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("year", filter.year.map(String.init) ?? ""), ("type", filter.type?.rawValue ?? ""),
         ("state", filter.state?.rawValue ?? ""), ("q", filter.q)].filter { !$0.1.isEmpty }
    }

    func base(_ builder: SQLSelectBuilder, _ filter: Filter, scope: DataScope) -> SQLSelectBuilder {
        var builder = builder
            .from(SQLAlias(SQLIdentifier(InnovationVouchers.schema), as: SQLIdentifier("v")))
            .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
                  on: SQLColumn("enterprise_id", table: "v"), .equal, SQLColumn("id", table: "e"))
            .where(ScopeFilter(scope, table: "v"))
        if let year = filter.year { builder = builder.where(SQLColumn("year", table: "v"), .equal, SQLBind(year)) }
        if let type = filter.type { builder = builder.where(SQLColumn("voucher_type", table: "v"), .equal, SQLBind(type)) }
        if let state = filter.state { builder = builder.where(SQLColumn("state", table: "v"), .equal, SQLBind(state)) }
        if !filter.q.isEmpty { builder = builder.where(Like.enterprise(matching: filter.q)) }
        return builder
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [VoucherRow] {
        guard let sql = db as? any SQLDatabase else { return [] }
        var select = sql.select()
        for column in ["id", "enterprise_id", "region_code", "voucher_no", "voucher_type", "claimed_fen", "redeemed_fen",
                       "provider", "claimed_on", "redeemed_on", "state", "year", "source"] {
            select = select.column(SQLColumn(column, table: "v"))
        }
        select = select.column(SQLColumn("name", table: "e"), as: "enterprise_name").column(SQLColumn("uscc", table: "e"))
        return try await base(select, filter, scope: scope)
            .orderBy(SQLOrderBy(expression: SQLColumn("claimed_on", table: "v"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "v"), direction: SQLDirection.descending))
            .limit(limit).offset(offset).all(decoding: VoucherRow.self)
    }

    /// The exact sums of the whole filtered list (all pages), for the line above the table.
    func sums(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> (claimed: VoucherAmount, redeemed: VoucherAmount) {
        guard let sql = db as? any SQLDatabase else { return (.zero, .zero) }
        let row = try await base(sql.select()
            // PostgreSQL sums a BIGINT as NUMERIC: cast back so both databases answer an integer of 分.
            .column(SQLRaw("COALESCE(CAST(SUM(v.claimed_fen) AS BIGINT), 0)"), as: "claimed")
            .column(SQLRaw("COALESCE(CAST(SUM(v.redeemed_fen) AS BIGINT), 0)"), as: "redeemed"),
            filter, scope: scope).first()
        let claimed = (try? row?.decode(column: "claimed", as: Int64.self)) ?? 0
        let redeemed = (try? row?.decode(column: "redeemed", as: Int64.self)) ?? 0
        return (VoucherAmount(fen: claimed), VoucherAmount(fen: redeemed))
    }
}

/// 科技创新券 pages: 申领统计表 (C7) with its four tabs and export, 情况统计表 (C8, the list above), and the
/// enterprise's 我的创新券.
struct VoucherController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(Page.vouchers).get(use: list)
        let statistics = routes.grouped(Page.voucherStatistics)
        statistics.get(use: self.statistics)
        statistics.post("export", use: export)
        routes.grouped(Page.myVouchers).get(use: mine)
    }

    static func typeOptions() -> [SelectOption] {
        [SelectOption(value: "", label: "全部")] + VoucherType.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
    }

    static func stateOptions() -> [SelectOption] {
        [SelectOption(value: "", label: "全部")] + VoucherState.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
    }

    /// The years offered: those with vouchers in scope and the last three, newest first.
    static func years(scope: DataScope, now: Date, on db: any Database) async throws -> [Int] {
        let thisYear = LocalDate(chinaTimeOf: now).year
        var years = Set([thisYear, thisYear - 1, thisYear - 2])
        if let sql = db as? any SQLDatabase { years.formUnion(try await InnovationVouchers.years(scope: scope, on: sql)) }
        return years.sorted(by: >)
    }

    static func sumLine(_ total: Int, _ sums: (claimed: VoucherAmount, redeemed: VoucherAmount)) -> Node<HTML.BodyContext> {
        .p(.class("muted list-summary"),
           .text("共 \(total) 张，申领金额合计 \(sums.claimed) 元，兑付金额合计 \(sums.redeemed) 元"))
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let list = VoucherList()
        let user = try req.requireUser()
        let filter = list.filter(from: req.queryDictionary)
        let sums = try await list.sums(filter, scope: user.scope, on: req.db)
        let years = try await Self.years(scope: user.scope, now: req.now, on: req.db)
        return try await list.respond(req) { page, filter, viewer in
            let query = list.queryItems(filter)
            let fields = [
                FieldSpec(label: "年度", name: "year", value: filter.year.map(String.init) ?? "",
                          kind: .select([SelectOption(value: "", label: "全部")] + years.map { SelectOption(value: String($0), label: "\($0) 年") })),
                FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "企业名称或统一社会信用代码"),
                FieldSpec(label: "券种", name: "type", value: filter.type?.rawValue ?? "", kind: .select(Self.typeOptions())),
                FieldSpec(label: "状态", name: "state", value: filter.state?.rawValue ?? "", kind: .select(Self.stateOptions())),
            ]
            return .group(
                UI.pageHeader(list.title),
                VoucherLinks.bar(Page.vouchers.path),
                UI.queryBar(action: Page.vouchers.path, fields: fields,
                            exportURL: "/exports/\(VoucherList.id)" + (query.isEmpty ? "" : "?" + URLQuery.encode(query))),
                Self.sumLine(page.info.total, sums),
                list.table(page, viewer: viewer, emptyText: "没有符合条件的创新券"),
                UI.pagination(page.info, baseURL: Page.vouchers.path, query: query))
        }
    }

    // MARK: 申领统计表

    struct StatisticsQuery: Sendable {
        let year: Int
        let tab: VoucherStatisticsTab

        init(_ query: [String: String], years: [Int]) {
            let asked = InputNumber.integer(query["year"], in: VoucherRules.years)
            year = asked.flatMap { years.contains($0) ? $0 : nil } ?? years.first ?? VoucherRules.years.lowerBound
            tab = query["tab"].flatMap(VoucherStatisticsTab.init(rawValue:)) ?? .type
        }

        var items: [(String, String)] { [("year", String(year)), ("tab", tab.rawValue)] }
    }

    static func table(_ query: StatisticsQuery, scope: DataScope, on db: any Database) async throws -> VoucherStatisticsTable {
        guard let sql = db as? any SQLDatabase else { throw AppError.notFound() }
        return VoucherStatisticsTable(tab: query.tab, year: query.year,
                                      facts: try await InnovationVouchers.facts(year: query.year, scope: scope, on: sql))
    }

    /// The table's rows as cells, 合计 last: amounts as numbers in the export, as exact text on the page.
    static func cells(_ row: VoucherStatisticsRow) -> [ListCell] {
        [.text(row.label), .integer(row.enterprises), .integer(row.vouchers), VoucherList.amount(row.claimed),
         VoucherList.amount(row.redeemed), .text(row.rate)]
    }

    static func render(_ table: VoucherStatisticsTable) -> Node<HTML.BodyContext> {
        func texts(_ row: VoucherStatisticsRow) -> [String] {
            [row.label, String(row.enterprises), String(row.vouchers), row.claimed.description, row.redeemed.description, row.rate]
        }
        return .div(
            .class("table-wrap"),
            .table(
                .class("data statistics"),
                .caption(.text(table.title)),
                .thead(.tr(.forEach(table.headers) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                .tbody(.forEach(table.rows) { row in .tr(.forEach(texts(row)) { .td(.text($0)) }) }),
                .tfoot(.tr(.class("total"), .forEach(texts(table.total)) { .td(.text($0)) }))
            )
        )
    }

    @Sendable func statistics(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let years = try await Self.years(scope: user.scope, now: req.now, on: req.db)
        let query = StatisticsQuery(req.queryDictionary, years: years)
        let table = try await Self.table(query, scope: user.scope, on: req.db)
        let path = Page.voucherStatistics.path
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(Page.voucherStatistics.title, context, .group(
            UI.pageHeader(Page.voucherStatistics.title, actions: [
                UI.exportButton("\(path)/export?" + URLQuery.encode(query.items), label: "导出 Excel（当前标签）"),
                UI.exportButton("\(path)/export?" + URLQuery.encode([("year", String(query.year)), ("tab", "all")]),
                                label: "导出 Excel（全部标签）"),
            ]),
            VoucherLinks.bar(path),
            .form(.class("query-bar"), .method(.get), .action(path),
                  UI.hidden("tab", query.tab.rawValue),
                  UI.field(FieldSpec(label: "年份", name: "year", value: String(query.year),
                                     kind: .select(years.map { SelectOption(value: String($0), label: "\($0) 年") }))),
                  .div(.class("query-actions"), UI.submit("查询"), .a(.class("btn btn-secondary"), .href(path), .text("重置")))),
            .nav(.class("tabs"), .attribute(named: "aria-label", value: "统计口径"),
                 .forEach(VoucherStatisticsTab.allCases) { tab in
                     .a(.href(path + "?" + URLQuery.encode([("year", String(query.year)), ("tab", tab.rawValue)])),
                        .if(tab == query.tab, .class("active")),
                        .if(tab == query.tab, .attribute(named: "aria-current", value: "page")), .text(tab.label))
                 }),
            table.total.vouchers == 0 ? UI.emptyState("所选年度在您的数据范围内暂无创新券申领记录") : Self.render(table),
            StatisticsViews.notes(table.notes)
        )))
    }

    @Sendable func export(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let years = try await Self.years(scope: user.scope, now: req.now, on: req.db)
        let all = req.queryDictionary["tab"] == "all"
        let query = StatisticsQuery(req.queryDictionary, years: years)
        guard let sql = req.db as? any SQLDatabase else { throw AppError.notFound() }
        let facts = try await InnovationVouchers.facts(year: query.year, scope: user.scope, on: sql)
        let tables = (all ? VoucherStatisticsTab.allCases : [query.tab]).map {
            VoucherStatisticsTable(tab: $0, year: query.year, facts: facts)
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-vouchers-\(UUID().uuidString).xlsx")
        let writer = try req.application.spreadsheets.tableWriter(url)
        // One sheet: each tab's table under its own title row when all tabs are asked for.
        try writer.begin(sheet: all ? "科技创新券申领统计表" : String(tables.first?.tab.label.prefix(31) ?? "统计"),
                         columns: (all ? ["分组"] + VoucherStatisticsTable.headers : tables.first?.headers ?? [])
                             .enumerated().map { ($1, $0 == 0 ? 18 : 16) })
        for (index, table) in tables.enumerated() {
            if all {
                if index > 0 { try writer.append([.empty]) }
                try writer.append([.text(table.title)])
                try writer.append(table.headers.map { .text($0) })
            }
            for row in table.rows + [table.total] { try writer.append(Self.cells(row)) }
        }
        try writer.finish()
        let title = all ? "科技创新券申领统计表（\(query.year)年）" : tables.first?.title ?? "科技创新券申领统计表"
        try await req.audit.record(.export, targetType: "statistics:vouchers",
                                   detail: "\(title)；\(facts.count) 张；" + URLQuery.encode(query.items))
        return try await req.downloadXLSX(url, name: "\(title)-\(ExportController.stamp(req.now)).xlsx")
    }

    // MARK: 我的创新券

    @Sendable func mine(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let list = VoucherList()
        let filter = list.filter(from: req.queryDictionary)
        let page = try await list.page(filter, scope: user.scope, page: PageRequest(req), on: req.db)
        let sums = try await list.sums(filter, scope: user.scope, on: req.db)
        let columns = list.columns.filter { !["企业名称", "统一社会信用代码", "所属地区", "来源"].contains($0.header) }
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(Page.myVouchers.title, context, .group(
            UI.pageHeader(Page.myVouchers.title),
            .p(.class("muted"), .text("贵企业申领的科技创新券，由科技主管部门导入或经接口报送；如有出入请联系所在区县科技部门。")),
            Self.sumLine(page.info.total, sums),
            list.table(page, viewer: ListViewer(role: user.role), emptyText: "暂无创新券记录",
                       columns: columns),
            UI.pagination(page.info, baseURL: Page.myVouchers.path, query: list.queryItems(filter)))))
    }
}

/// The links between the two voucher tables.
enum VoucherLinks {
    static func bar(_ current: String) -> Node<HTML.BodyContext> {
        let links = [(Page.voucherStatistics.title, Page.voucherStatistics.path), (Page.vouchers.title, Page.vouchers.path)]
        return .nav(.class("tabs stat-links"), .attribute(named: "aria-label", value: "创新券统计表"),
                    .forEach(links) { link in
                        .a(.href(link.1), .if(link.1 == current, .class("active")),
                           .if(link.1 == current, .attribute(named: "aria-current", value: "page")), .text(link.0))
                    })
    }
}
