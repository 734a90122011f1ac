import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// A catalog field of a stored document as a list cell: numbers as numbers, dictionary codes as their labels.
func documentCell(_ field: FieldDefinition, _ values: [String: String]) -> ListCell {
    let raw = values[field.id.rawValue] ?? ""
    guard !raw.isEmpty else { return .empty }
    if field.kind.isNumeric, let number = Double(raw) { return .decimal(number, format: .plain) }
    if field.kind == .date { return .date(raw) }
    return .text(FilingViews.display(field, raw, dictionaries: FieldValidator().dictionaries))
}

/// One 重大变更 as the enterprise's list shows it.
struct MajorChangeRow: Sendable {
    let id: Int
    let status: FilingStatus?
    let round: Int
    let values: [String: String]
    let submittedAt: Date?
    let updatedAt: Date
}

/// 企业重大变更: the enterprise's changes, filtered by 变更类型; the page and its 导出 Excel.
struct MajorChangeList: ListDefinition {
    struct Filter: Sendable {
        var type: String
    }

    static let id = "changes"
    let title = "企业重大变更"
    let roles = Access.enterprise.roles

    var columns: [ListColumn<MajorChangeRow>] {
        [
            ListColumn(MajorChangeForm.changeType, width: 16) { row, _ in documentCell(MajorChangeForm.changeType, row.values) },
            ListColumn(MajorChangeForm.changeDate, width: 12) { row, _ in documentCell(MajorChangeForm.changeDate, row.values) },
            ListColumn(MajorChangeForm.before, width: 30) { row, _ in documentCell(MajorChangeForm.before, row.values) },
            ListColumn(MajorChangeForm.after, width: 30) { row, _ in documentCell(MajorChangeForm.after, row.values) },
            ListColumn("状态", width: 12) { row, _ in
                .badge(row.status?.label ?? "—", tone: FilingViews.statusTone(row.status))
            },
            ListColumn("提交时间", width: 20) { row, _ in row.submittedAt.map { .dateTime($0) } ?? .empty },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        let type = query["type"] ?? ""
        return Filter(type: MajorChangeController.types?.label(of: type) == nil ? "" : type)
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        filter.type.isEmpty ? [] : [("type", filter.type)]
    }

    /// Every change in scope, newest first, filtered by type. The type lives in the filing's document, and an
    /// enterprise has a handful of changes, so they are filtered here rather than by searching JSON in SQL.
    func all(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> [MajorChangeRow] {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Stored: Decodable {
            let id: Int
            let status: FilingStatus
            let round: Int
            let content: String?
            let submitted_at: Date?
            let updated_at: Date
        }
        let stored = try await FilingDocument.filings(of: .majorChange, scope: scope, on: sql)
            .column(SQLColumn("id", table: "f")).column(SQLColumn("status", table: "f"))
            .column(SQLColumn("round", table: "f")).column(SQLColumn("content", table: "d"))
            .column(SQLColumn("submitted_at", table: "f")).column(SQLColumn("updated_at", table: "f"))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "f"), direction: SQLDirection.descending))
            .all(decoding: Stored.self)
        return stored.compactMap { row in
            let values = row.content.map { [String: String](storedJSON: $0) } ?? [:]
            guard filter.type.isEmpty || values[MajorChangeForm.changeType.id.rawValue] == filter.type else { return nil }
            return MajorChangeRow(id: row.id, status: row.status, round: row.round, values: values,
                                  submittedAt: row.submitted_at, updatedAt: row.updated_at)
        }
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        try await all(filter, scope: scope, on: db).count
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws
        -> [MajorChangeRow]
    {
        Array(try await all(filter, scope: scope, on: db).dropFirst(offset).prefix(limit))
    }
}

/// One annual report as the enterprise's list shows it, with the figures it holds.
struct AnnualReportRow: Sendable {
    let year: Int
    let status: FilingStatus?
    let values: [String: String]
    let updatedAt: Date
}

/// 年度经营信息: the enterprise's annual reports, newest year first. The page shows year and status; its
/// 导出 Excel carries every field of the report as the catalog declares it, with units.
struct AnnualReportList: ListDefinition {
    struct Filter: Sendable {}

    static let id = "annual-reports"
    let title = "年度经营信息"
    let roles = Access.enterprise.roles

    var columns: [ListColumn<AnnualReportRow>] {
        [
            ListColumn("年度", width: 10) { row, _ in .text("\(row.year) 年度") },
            ListColumn("状态", width: 12) { row, _ in
                .badge(row.status?.label ?? "—", tone: FilingViews.statusTone(row.status))
            },
        ] + AnnualReportForm.form.fields.map { field in
            ListColumn(field, width: 16) { row, _ in documentCell(field, row.values) }
        } + [ListColumn("最近更新", width: 20) { row, _ in .dateTime(row.updatedAt) }]
    }

    func filter(from query: [String: String]) -> Filter { Filter() }

    func queryItems(_ filter: Filter) -> [(String, String)] { [] }

    /// An enterprise files one report a year, so the whole list is a handful of rows.
    func all(scope: DataScope, on db: any Database) async throws -> [AnnualReportRow] {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Stored: Decodable {
            let year: Int?
            let status: FilingStatus
            let content: String?
            let updated_at: Date
        }
        let stored = try await FilingDocument.filings(of: .annualReport, scope: scope, on: sql)
            .column(SQLColumn("year", table: "f")).column(SQLColumn("status", table: "f"))
            .column(SQLColumn("content", table: "d")).column(SQLColumn("updated_at", table: "f"))
            .orderBy(SQLOrderBy(expression: SQLColumn("year", table: "f"), direction: SQLDirection.descending))
            .all(decoding: Stored.self)
        return stored.map { row in
            let values = row.content.map { [String: String](storedJSON: $0) } ?? [:]
            return AnnualReportRow(year: row.year ?? 0, status: row.status, values: values,
                                   updatedAt: row.updated_at)
        }
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        try await all(scope: scope, on: db).count
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws
        -> [AnnualReportRow]
    {
        Array(try await all(scope: scope, on: db).dropFirst(offset).prefix(limit))
    }
}

/// A product or service as the enterprise's list shows it.
struct ProductRow: Decodable, Sendable {
    let id: Int
    let kind: ProductKind
    let name: String
    let content: String
    let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, kind, name, content
        case createdAt = "created_at"
    }

    var values: [String: String] { .init(storedJSON: content) }
}

/// 产品信息填报: the enterprise's products or services (a tab each), searchable by name; the export carries
/// every catalog field of the tab's form.
struct ProductList: SQLListDefinition {
    struct Filter: Sendable {
        var kind: ProductKind
        var q: String
    }

    static let id = "products"
    let title = "产品信息"
    let roles = Access.enterprise.roles

    var columns: [ListColumn<ProductRow>] { columns(for: Filter(kind: .product, q: "")) }

    func columns(for filter: Filter) -> [ListColumn<ProductRow>] {
        let fields = filter.kind.form.fields
        return fields.map { field in
            var width = 16
            if case .longText = field.kind { width = 40 }
            return ListColumn(field, width: width) { row, _ in documentCell(field, row.values) }
        } + [ListColumn("添加时间", width: 20) { row, _ in .dateTime(row.createdAt) }]
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(kind: query["type"].flatMap(ProductKind.init(rawValue:)) ?? .product, q: queryText(query, "q"))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("type", filter.kind.rawValue), ("q", filter.q)].filter { !$0.1.isEmpty }
    }

    func base(_ builder: SQLSelectBuilder, _ filter: Filter, scope: DataScope) -> SQLSelectBuilder {
        var builder = builder.from(EnterpriseProduct.schema)
            .where(ScopeFilter(scope, table: EnterpriseProduct.schema))
            .where(SQLColumn("kind"), .equal, SQLBind(filter.kind))
        if !filter.q.isEmpty {
            builder = builder.where(Like(column: SQLColumn("name"), pattern: "%" + Like.escape(filter.q) + "%"))
        }
        return builder
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [ProductRow] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await base(sql.select().columns("id", "kind", "name", "content", "created_at"), filter, scope: scope)
            .orderBy(SQLOrderBy(expression: SQLColumn("id"), direction: SQLDirection.descending))
            .limit(limit).offset(offset).all(decoding: ProductRow.self)
    }
}

/// A message as 我的消息 lists it.
struct MessageRow: Decodable, Sendable {
    let id: Int
    let category: MessageCategory
    let title: String
    let body: String
    let link: String?
    let createdAt: Date
    let readAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, category, title, body, link
        case createdAt = "created_at"
        case readAt = "read_at"
    }
}

/// 我的消息: the enterprise's messages, newest first; the page and its 导出 Excel.
struct MessageList: ListDefinition {
    struct Filter: Sendable {
        /// One category, or all.
        var category: MessageCategory?
    }

    static let id = "messages"
    let title = "我的消息"
    let roles = Access.enterprise.roles

    var columns: [ListColumn<MessageRow>] {
        [
            ListColumn("时间", width: 20) { row, _ in .dateTime(row.createdAt) },
            ListColumn("类别", width: 12) { row, _ in .text(row.category.label) },
            ListColumn("标题", width: 30) { row, _ in row.link.map { .link(row.title, href: $0) } ?? .text(row.title) },
            ListColumn("内容", width: 60) { row, _ in .text(row.body) },
            ListColumn("状态", width: 8) { row, _ in
                row.readAt == nil ? .badge("未读", tone: "warning") : .badge("已读", tone: "muted")
            },
        ]
    }

    /// An unknown category reads as all.
    func filter(from query: [String: String]) -> Filter {
        Filter(category: query["category"].flatMap(MessageCategory.init(rawValue:)))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        filter.category.map { [("category", $0.rawValue)] } ?? []
    }

    /// The category condition, or none.
    private func categoryCondition(_ filter: Filter) -> any SQLExpression {
        guard let category = filter.category else { return SQLLiteral.boolean(true) }
        return SQLBinaryExpression(SQLColumn("category"), .equal, SQLBind(category.rawValue))
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        return try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(EnterpriseMessage.schema).where(ScopeFilter(scope, table: EnterpriseMessage.schema))
            .where(categoryCondition(filter))
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [MessageRow] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.select().columns("id", "category", "title", "body", "link", "created_at", "read_at")
            .from(EnterpriseMessage.schema).where(ScopeFilter(scope, table: EnterpriseMessage.schema))
            .where(categoryCondition(filter))
            .orderBy(SQLOrderBy(expression: SQLColumn("created_at"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("id"), direction: SQLDirection.descending))
            .limit(limit).offset(offset).all(decoding: MessageRow.self)
    }
}
