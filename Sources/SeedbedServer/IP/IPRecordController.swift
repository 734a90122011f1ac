import Fluent
import Foundation
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// 知识产权公共服务 (D1): the public counts per enterprise (`/ip`, no sign-in, per seed 000's 知识产权公共服务平台
/// 入口: 专利拥有量、软件著作权、有效注册商标), the enterprise's own records (`/my/ip`) and the government list
/// within scope (`/ip-records`). Only 有效 records are counted; the public page shows enterprise names, regions and
/// counts, nothing personal.
struct IPRecordController: RouteCollection {
    static let publicPath = "/ip"
    /// The kinds the public counts have a column for (植物新品种 and 布图设计 join 合计 only).
    static let publicKinds: [IPKind] = [.invention, .utilityModel, .design, .software, .trademark]

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(Page.myIP).get(use: mine)
        routes.grouped(Page.ipRecords).get(use: government)
    }

    // MARK: Public counts

    struct PublicQuery: Sendable, Equatable {
        var q: String
        var region: String
        var kind: IPKind?

        init(_ query: [String: String]) {
            q = queryText(query, "q", max: 50)
            let region = queryText(query, "region", max: 6)
            self.region = region.allSatisfy({ $0.isASCII && $0.isNumber }) && [2, 4, 6].contains(region.count) ? region : ""
            kind = query["kind"].flatMap(IPKind.init(rawValue:))
        }

        var items: [(String, String)] {
            [("q", q), ("region", region), ("kind", kind?.rawValue ?? "")].filter { !$0.1.isEmpty }
        }
    }

    /// One enterprise's valid holdings as the public page lists them.
    struct PublicRow: Sendable, Equatable {
        let name: String
        let regionCode: String
        let counts: IPCounts
    }

    private static func publicBase(_ builder: SQLSelectBuilder, _ query: PublicQuery, kindFilter: Bool) -> SQLSelectBuilder {
        var builder = builder
            .from(SQLAlias(SQLIdentifier(IPRecords.schema), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
                  on: SQLColumn("enterprise_id", table: "r"), .equal, SQLColumn("id", table: "e"))
            .where(SQLColumn("status", table: "r"), .equal, SQLBind(IPStatus.valid))
            .where(SQLColumn("status", table: "e"), .equal, SQLBind(EnterpriseStatus.active))
        if !query.q.isEmpty {
            builder = builder.where(Like(column: SQLColumn("name", table: "e"), pattern: "%" + Like.escape(query.q) + "%"))
        }
        if !query.region.isEmpty {
            builder = builder.where(Like(column: SQLColumn("region_code", table: "e"), pattern: Like.escape(query.region) + "%"))
        }
        if kindFilter, let kind = query.kind {
            builder = builder.where(SQLColumn("kind", table: "r"), .equal, SQLBind(kind))
        }
        return builder
    }

    /// One page of enterprises with valid holdings (of `kind` when filtered), most holdings first, and the total.
    static func publicPage(_ query: PublicQuery, page: PageRequest, on db: any Database) async throws
        -> (rows: [PublicRow], info: PageInfo, totals: IPCounts)
    {
        guard let sql = db as? any SQLDatabase else { return ([], PageInfo(page, total: 0), IPCounts()) }
        let total = try await publicBase(sql.select().column(SQLQueryString("COUNT(DISTINCT r.enterprise_id)"), as: "n"),
                                         query, kindFilter: true)
            .first(decodingColumn: "n", as: Int.self) ?? 0
        var totals = IPCounts()
        for row in try await publicBase(sql.select().column(SQLColumn("kind", table: "r"))
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"), query, kindFilter: false)
            .groupBy(SQLColumn("kind", table: "r")).all() {
            guard let kind = (try? row.decode(column: "kind", as: String.self)).flatMap(IPKind.init(rawValue:)),
                  let n = try? row.decode(column: "n", as: Int.self)
            else { continue }
            totals.byKind[kind] = n
        }
        var select = sql.select().column(SQLColumn("id", table: "e")).column(SQLColumn("name", table: "e"))
            .column(SQLColumn("region_code", table: "e"))
        for kind in IPKind.allCases {
            select = select.column(SQLQueryString("SUM(CASE WHEN r.kind = \(bind: kind.rawValue) THEN 1 ELSE 0 END)"),
                                   as: "k_" + kind.rawValue)
        }
        select = publicBase(select.column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total"), query, kindFilter: false)
            .groupBy(SQLColumn("id", table: "e")).groupBy(SQLColumn("name", table: "e"))
            .groupBy(SQLColumn("region_code", table: "e"))
        if let kind = query.kind {
            select = select.having(SQLQueryString("SUM(CASE WHEN r.kind = \(bind: kind.rawValue) THEN 1 ELSE 0 END)"),
                                   .greaterThan, SQLLiteral.numeric("0"))
        }
        let rows = try await select
            .orderBy(SQLOrderBy(expression: SQLIdentifier("total"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "e"), direction: SQLDirection.ascending))
            .limit(page.per).offset(page.offset).all()
        let result: [PublicRow] = rows.compactMap { row in
            guard let name = try? row.decode(column: "name", as: String.self),
                  let region = try? row.decode(column: "region_code", as: String.self)
            else { return nil }
            var counts = IPCounts()
            for kind in IPKind.allCases {
                let n = (try? row.decode(column: "k_" + kind.rawValue, as: Int.self)) ?? 0
                if n > 0 { counts.byKind[kind] = n }
            }
            return PublicRow(name: name, regionCode: region, counts: counts)
        }
        return (result, PageInfo(page, total: total), totals)
    }

    /// The counties (or other regions) that have enterprises with valid holdings, for the region filter.
    static func publicRegions(on db: any Database) async throws -> [SelectOption] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let codes = try await sql.select().distinct().column(SQLColumn("region_code", table: "r"))
            .from(SQLAlias(SQLIdentifier(IPRecords.schema), as: SQLIdentifier("r")))
            .where(SQLColumn("status", table: "r"), .equal, SQLBind(IPStatus.valid))
            .orderBy(SQLColumn("region_code", table: "r")).limit(300)
            .all(decodingColumn: "region_code", as: String.self)
        return codes.map { SelectOption(value: $0, label: RegionTable.shipped.fullName(of: $0)) }
    }

    static func countCells(_ counts: IPCounts) -> [UI.Body] {
        publicKinds.map { .text(String(counts[$0])) } + [.text(String(counts.total))]
    }

    @Sendable func publicCounts(req: Request) async throws -> HTMLPage {
        let query = PublicQuery(req.queryDictionary)
        let page = PageRequest(req)
        let (rows, info, totals) = try await Self.publicPage(query, page: page, on: req.db)
        let regions = try await Self.publicRegions(on: req.db)
        let context = try await req.pageContext()
        let headers = ["企业名称", "所属地区"] + Self.publicKinds.map(\.shortLabel) + ["合计"]
        return HTMLPage(Layout.publicPage("知识产权公共服务", context, .div(
            .class("content-page ip-public"),
            UI.pageHeader("知识产权公共服务"),
            .p(.class("muted"), .text("查看和检索企业的有效专利、软件著作权和注册商标数量。数据来自知识产权管理部门报送，仅统计状态为有效的知识产权。")),
            .section(.class("card"), .h2(.text(query.items.isEmpty ? "全部企业有效知识产权" : "当前条件下有效知识产权")),
                     UI.table(columns: Self.publicKinds.map(\.label) + ["合计"], rows: [Self.countCells(totals)])),
            UI.queryBar(action: Self.publicPath, fields: [
                FieldSpec(label: "企业名称", name: "q", value: query.q, placeholder: "输入企业名称", maxLength: 50),
                FieldSpec(label: "所属地区", name: "region", value: query.region,
                          kind: .select([SelectOption(value: "", label: "全部")] + regions)),
                FieldSpec(label: "知识产权类型", name: "kind", value: query.kind?.rawValue ?? "",
                          kind: .select([SelectOption(value: "", label: "全部")]
                              + IPKind.displayOrder.map { SelectOption(value: $0.rawValue, label: $0.label) })),
            ]),
            UI.table(columns: headers, rows: rows.map { row in
                [.text(row.name), .text(RegionTable.shipped.fullName(of: row.regionCode))] + Self.countCells(row.counts)
            }, emptyText: "没有符合条件的企业"),
            UI.pagination(info, baseURL: Self.publicPath, query: query.items)
        )))
    }

    // MARK: Signed in

    static func kindOptions(_ selected: IPKind?) -> [SelectOption] {
        [SelectOption(value: "", label: "全部")] + IPKind.displayOrder.map { SelectOption(value: $0.rawValue, label: $0.label) }
    }

    static var statusOptions: [SelectOption] {
        [SelectOption(value: "", label: "全部")] + IPStatus.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) }
    }

    /// The valid holdings by kind with the Ⅰ类 / Ⅱ类 totals (RULES.md §5).
    static func summary(_ counts: IPCounts) -> UI.Body {
        UI.table(columns: IPKind.displayOrder.map(\.label) + ["Ⅰ类合计", "Ⅱ类合计", "合计"],
                 rows: [IPKind.displayOrder.map { .text(String(counts[$0])) }
                     + [.text(String(counts.total(.classOne))), .text(String(counts.total(.classTwo))),
                        .text(String(counts.total))]],
                 caption: "有效知识产权数量")
    }

    @Sendable func mine(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        guard let enterpriseID = user.enterpriseID, let sql = req.db as? any SQLDatabase else { throw AppError.notFound() }
        let counts = try await IPRecords.counts(enterpriseID: enterpriseID, scope: user.scope, on: sql)
        let list = IPRecordList()
        let path = Page.myIP.path
        return try await list.respond(req) { page, filter, viewer in
            let query = list.queryItems(filter)
            return .group(
                UI.pageHeader(Page.myIP.title),
                .p(.class("muted"), .text("知识产权由知识产权管理部门导入或报送。有效的发明专利、植物新品种、集成电路布图设计计为Ⅰ类，"
                    + "实用新型、外观设计、软件著作权计为Ⅱ类，商标不计入；年报未填写相应数量时，按年末有效的记录计入积分与评价。")),
                Self.summary(counts),
                UI.queryBar(action: path, fields: [
                    FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "名称或号码"),
                    FieldSpec(label: "类型", name: "kind", value: filter.kind?.rawValue ?? "", kind: .select(Self.kindOptions(filter.kind))),
                    FieldSpec(label: "状态", name: "status", value: filter.status?.rawValue ?? "", kind: .select(Self.statusOptions)),
                ], exportURL: "/exports/\(IPRecordList.id)" + (query.isEmpty ? "" : "?" + URLQuery.encode(query))),
                list.table(page, viewer: viewer, emptyText: "暂无知识产权记录", columns: Array(list.columns.dropFirst(3))),
                UI.pagination(page.info, baseURL: path, query: query))
        }
    }

    @Sendable func government(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let list = IPRecordList()
        let regions = ScopeRegions.children(of: user.scope)
        let path = Page.ipRecords.path
        return try await list.respond(req) { page, filter, viewer in
            let query = list.queryItems(filter)
            var fields = [
                FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "企业名称、信用代码、知识产权名称或号码"),
                FieldSpec(label: "类型", name: "kind", value: filter.kind?.rawValue ?? "", kind: .select(Self.kindOptions(filter.kind))),
                FieldSpec(label: "状态", name: "status", value: filter.status?.rawValue ?? "", kind: .select(Self.statusOptions)),
            ]
            if !regions.isEmpty {
                fields.append(FieldSpec(label: "所属地区", name: "region", value: filter.region,
                                        kind: .select([SelectOption(value: "", label: "全部")]
                                            + regions.map { SelectOption(value: $0.prefix, label: $0.name) })))
            }
            return .group(
                UI.pageHeader(Page.ipRecords.title, actions: IPImport.roles.contains(user.role)
                    ? [UI.buttonLink("导入知识产权数据", url: "/imports/ip-records")] : []),
                UI.queryBar(action: path, fields: fields,
                            exportURL: "/exports/\(IPRecordList.id)" + (query.isEmpty ? "" : "?" + URLQuery.encode(query))),
                list.table(page, viewer: viewer, emptyText: "没有符合条件的知识产权记录"),
                UI.pagination(page.info, baseURL: path, query: query))
        }
    }
}

/// `/ip`: the public counts, registered beside the other anonymous pages (no sign-in gate).
struct IPPublicController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("ip", use: IPRecordController().publicCounts)
    }
}
