import Fluent
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// A field a custom query can show: an enterprise-record column or a yearly fact, with its catalog header.
struct QueryableField: Sendable {
    let id: String
    let group: String
    let definition: FieldDefinition
    /// The fact column, for annual-report fields.
    let fact: FactID?

    /// Every field the custom query offers: the enterprise record, and each annual-report field that carries a fact.
    static let all: [QueryableField] = {
        let record = EnterpriseRecordForm.form.fields.filter { $0.id != EnterpriseRecordForm.name.id && $0.id != EnterpriseRecordForm.uscc.id }
            .map { QueryableField(id: $0.id.rawValue, group: "企业信息", definition: $0, fact: nil) }
        let report = AnnualReportForm.form.fields.compactMap { field in
            field.fact.flatMap { EnterpriseFacts.columns.contains($0) ? $0 : nil }
                .map { QueryableField(id: field.id.rawValue, group: "年报·" + field.group, definition: field, fact: $0) }
        }
        return record + report
    }()

    static let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    static let defaults = ["region_code", "industry_code", "registered_on", "contact_name", "contact_phone", "main_revenue"]
}

/// One enterprise with the facts of the chosen year.
struct CustomQueryRow: Sendable {
    let enterprise: EnterpriseRow
    let facts: [FactID: Double]
}

/// 自定义查询 (seed 004 §5.5): enterprises in scope with the fields the user picked, for a year, searchable and
/// exported with the same columns.
struct CustomQueryList: ListDefinition {
    struct Filter: Sendable {
        let q: String
        let year: Int
        let fields: [QueryableField]
    }

    static let id = "custom-query"
    let title = "自定义查询"
    let roles = Access.government.roles
    /// The request's clock when there is a request; the export job and the shared list use the time of the call
    /// (a value fixed at start-up would freeze the year range of a long-running server).
    var now: Date?

    var columns: [ListColumn<CustomQueryRow>] { columns(for: Filter(q: "", year: 0, fields: [])) }

    func columns(for filter: Filter) -> [ListColumn<CustomQueryRow>] {
        var columns: [ListColumn<CustomQueryRow>] = [
            ListColumn("区县", width: 20) { row, _ in .text(RegionTable.shipped.path(to: row.enterprise.regionCode).last?.name ?? "") },
            ListColumn(EnterpriseRecordForm.name, width: 34) { row, _ in
                .link(row.enterprise.name, href: "/enterprises/\(row.enterprise.id)")
            },
            ListColumn(EnterpriseRecordForm.uscc, width: 22) { row, _ in .text(row.enterprise.uscc) },
        ]
        for field in filter.fields {
            columns.append(ListColumn(field.definition, width: max(10, field.definition.header.count * 2)) { row, viewer in
                Self.cell(field, row: row, viewer: viewer)
            })
        }
        return columns
    }

    static func cell(_ field: QueryableField, row: CustomQueryRow, viewer: ListViewer) -> ListCell {
        if let fact = field.fact {
            guard let value = row.facts[fact] else { return .empty }
            switch field.definition.kind {
            case .decimal: return .decimal(value / (field.definition.unit?.toStored ?? 1), format: .money)
            case .flag: return .text(value > 0 ? "是" : "否")
            case .choice(let id):
                let code = String(InputNumber.saturating(value))
                return .text(FieldValidator().dictionaries[id]?.label(of: code) ?? code)
            default: return .integer(InputNumber.saturating(value))
            }
        }
        let e = row.enterprise
        switch field.id {
        case "region_code": return .text(e.regionName)
        case "zone": return e.zoneName.map { .text($0) } ?? .empty
        case "industry_code": return .text(e.industryLabel)
        case "tech_field": return .text(e.techFieldLabel)
        case "registered_on": return e.registeredOn.map { .date($0) } ?? .empty
        case "contact_name": return e.contactName.map { .text($0) } ?? .empty
        case "contact_phone": return viewer.phone(e.contactPhone)
        default: return .empty
        }
    }

    func filter(from query: [String: String]) -> Filter {
        let thisYear = LocalDate(chinaTimeOf: now ?? Date()).year
        let year = query["year"].flatMap { Int($0) }.flatMap { (2000...thisYear).contains($0) ? $0 : nil } ?? (thisYear - 1)
        var ids = (query["fields"] ?? "").split(separator: ",").map(String.init)
        if ids.isEmpty { ids = QueryableField.defaults }
        var seen = Set<String>()
        let fields = ids.compactMap { id -> QueryableField? in
            guard seen.insert(id).inserted else { return nil }
            return QueryableField.byID[id]
        }
        return Filter(q: queryText(query, "q"), year: year, fields: Array(fields.prefix(40)))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("q", filter.q), ("year", String(filter.year)), ("fields", filter.fields.map(\.id).joined(separator: ","))]
            .filter { !$0.1.isEmpty }
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        return try await EnterpriseQuery.count(on: sql, scope: scope, filter: EnterpriseFilter(q: filter.q.isEmpty ? nil : filter.q))
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [CustomQueryRow] {
        let enterprises = try await EnterpriseQuery.rows(on: db, scope: scope,
                                                         filter: EnterpriseFilter(q: filter.q.isEmpty ? nil : filter.q),
                                                         offset: offset, limit: limit)
        return try await attachFacts(enterprises, filter: filter, scope: scope, on: db)
    }

    func batches(_ filter: Filter, scope: DataScope, size: Int, on db: any Database,
                 _ body: ([CustomQueryRow]) async throws -> Void) async throws {
        try await EnterpriseList().batches(EnterpriseFilter(q: filter.q.isEmpty ? nil : filter.q), scope: scope, size: size,
                                           on: db) { enterprises in
            try await body(try await attachFacts(enterprises, filter: filter, scope: scope, on: db))
        }
    }

    /// One query per page for the year's facts of these enterprises (only the chosen fact columns).
    private func attachFacts(_ enterprises: [EnterpriseRow], filter: Filter, scope: DataScope, on db: any Database)
        async throws -> [CustomQueryRow]
    {
        let facts = filter.fields.compactMap(\.fact)
        guard !facts.isEmpty, !enterprises.isEmpty, let sql = db as? any SQLDatabase else {
            return enterprises.map { CustomQueryRow(enterprise: $0, facts: [:]) }
        }
        let rows = try await sql.select().column("enterprise_id").columns(facts.map(\.rawValue))
            .from(SQLAlias(SQLIdentifier(EnterpriseFacts.schema), as: SQLIdentifier("f")))
            .where(ScopeFilter(scope, table: "f"))
            .where("year", .equal, filter.year)
            .where("enterprise_id", .in, enterprises.map(\.id)).all()
        var byEnterprise: [Int: [FactID: Double]] = [:]
        for row in rows {
            guard let id = try? row.decode(column: "enterprise_id", as: Int.self) else { continue }
            var values: [FactID: Double] = [:]
            for fact in facts {
                if let value = try? row.decode(column: fact.rawValue, as: Double?.self) { values[fact] = value }
            }
            byEnterprise[id] = values
        }
        return enterprises.map { CustomQueryRow(enterprise: $0, facts: byEnterprise[$0.id] ?? [:]) }
    }
}

/// The custom-query page with its field picker (a `<details>` dialog that works without JavaScript).
struct CustomQueryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(Page.customQuery).get(use: page)
    }

    @Sendable func page(req: Request) async throws -> Response {
        // Checkboxes submit repeated `f`; fold them into one shareable `fields` parameter.
        let items = URLComponents(string: req.url.string)?.queryItems ?? []
        let picked = items.filter { $0.name == "f" }.compactMap(\.value)
        if !picked.isEmpty {
            var query = req.queryDictionary
            query["f"] = nil
            query["fields"] = picked.joined(separator: ",")
            return req.redirect(to: "/query?" + URLQuery.encode(query.sorted { $0.key < $1.key }))
        }
        var list = CustomQueryList()
        list.now = req.now
        let user = try req.requireUser()
        let filter = list.filter(from: req.queryDictionary)
        let result = try await list.page(filter, scope: user.scope, page: PageRequest(req), on: req.db)
        let context = try await req.pageContext()
        return try await HTMLPage(Layout.shell(list.title, context, CustomQueryViews.page(
            list, page: result, filter: filter, viewer: ListViewer(role: user.role), now: req.now))).encodeResponse(for: req)
    }
}

enum CustomQueryViews {
    static func page(_ list: CustomQueryList, page: Paged<CustomQueryRow>, filter: CustomQueryList.Filter,
                     viewer: ListViewer, now: Date) -> Node<HTML.BodyContext> {
        let thisYear = LocalDate(chinaTimeOf: now).year
        let years = (thisYear - 6...thisYear - 1).reversed().map { SelectOption(value: String($0), label: "\($0) 年度") }
        let chosen = Set(filter.fields.map(\.id))
        let groups = Dictionary(grouping: QueryableField.all, by: \.group)
        let order = QueryableField.all.map(\.group).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let query = URLQuery.encode(list.queryItems(filter))
        return .group(
            UI.pageHeader(list.title, actions: [UI.exportButton("/exports/\(CustomQueryList.id)?" + query)]),
            .form(
                .method(.get), .action(Page.customQuery.path), .class("query-bar custom-query"),
                UI.field(FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "企业名称或统一社会信用代码")),
                UI.field(FieldSpec(label: "年份", name: "year", value: String(filter.year), kind: .select(years))),
                .element(named: "details", nodes: [
                    .class("field-picker"),
                    .element(named: "summary", nodes: [.text("选择字段（已选 \(chosen.count) 个）")]),
                    .div(.class("picker-groups"), .forEach(order) { group in
                        .fieldset(.element(named: "legend", nodes: [.text(group)]),
                                  .forEach(groups[group] ?? []) { field in
                                      .label(.class("pick"),
                                             Tag.void("input", [("type", "checkbox"), ("name", "f"), ("value", field.id),
                                                                ("checked", chosen.contains(field.id) ? "checked" : nil)]),
                                             .text(" " + field.definition.header))
                                  })
                    }),
                ]),
                .div(.class("query-actions"), UI.submit("查询"), .a(.class("btn btn-secondary"), .href(Page.customQuery.path), .text("重置")))
            ),
            .p(.class("muted"), .text("年报字段显示所选年度经审核通过的年报数据；金额单位与年报表单一致。")),
            list.table(page, viewer: viewer, emptyText: "没有符合条件的企业", columns: list.columns(for: filter)),
            UI.pagination(page.info, baseURL: Page.customQuery.path, query: list.queryItems(filter))
        )
    }
}
