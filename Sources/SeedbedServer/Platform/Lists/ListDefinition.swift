import Fluent
import Plot
import SeedbedDomain
import Vapor

/// One cell of a list: how the page shows it and what the export writes.
enum ListCell: Sendable {
    case text(String)
    case link(String, href: String)
    case integer(Int)
    case decimal(Double, format: DecimalFormat)
    /// `yyyy-MM-dd`
    case date(String)
    case dateTime(Date)
    case badge(String, tone: String)
    case empty

    enum DecimalFormat: Sendable {
        case plain, money, percent
    }

    /// What a person reads in the page and in the exported text.
    var text: String {
        switch self {
        case .text(let value), .link(let value, _), .date(let value), .badge(let value, _): value
        case .integer(let value): String(value)
        case .decimal(let value, let format):
            switch format {
            case .percent: String(format: "%.2f%%", value * 100)
            case .money: String(format: "%.2f", value)
            case .plain: FieldValue.format(value)
            }
        case .dateTime(let date): AdminViews.time(date)
        case .empty: ""
        }
    }

    var html: Node<HTML.BodyContext> {
        switch self {
        case .link(let label, let href): .a(.href(href), .text(label))
        case .badge(let label, let tone): UI.badge(label, tone: tone)
        case .empty: .text("—")
        default: .text(text)
        }
    }
}

/// A column of a list: the header (from the catalog where the value is a catalog field) and how a row fills it.
struct ListColumn<Row: Sendable>: Sendable {
    let header: String
    /// Export width in characters.
    let width: Int
    let cell: @Sendable (Row, ListViewer) -> ListCell

    init(_ header: String, width: Int = 16, cell: @escaping @Sendable (Row, ListViewer) -> ListCell) {
        self.header = header
        self.width = width
        self.cell = cell
    }

    /// A column for a catalog field: the header and its unit come from the catalog.
    init(_ field: FieldDefinition, width: Int = 16, cell: @escaping @Sendable (Row, ListViewer) -> ListCell) {
        self.init(field.header, width: width, cell: cell)
    }
}

/// Who looks at the list.
struct ListViewer: Sendable {
    let role: Role

    /// Phones show masked in every list and export, whoever looks (stored masked; masking again is a no-op that
    /// guards a value that was not). The full number is on the detail page, after an audited reveal.
    func phone(_ value: String?) -> ListCell {
        guard let value, !value.isEmpty else { return .empty }
        return .text(Masking.phone(value))
    }
}

/// A list page that can be exported: its title, columns, filters and rows. The page and the export both use
/// it, so an export holds exactly what the list shows — same filters, same data scope, every page.
protocol ListDefinition: Sendable {
    associatedtype Row: Sendable
    associatedtype Filter: Sendable

    /// Stable id used in export URLs and job payloads.
    static var id: String { get }
    /// The id of this list's export; lists of one type that differ by instance (one per library) override it.
    var exportID: String { get }
    var title: String { get }
    var columns: [ListColumn<Row>] { get }
    /// Who may open this list.
    var roles: Set<Role> { get }

    func filter(from query: [String: String]) -> Filter
    /// The filter as query items, for links and for the audit entry.
    func queryItems(_ filter: Filter) -> [(String, String)]
    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int
    /// Rows in the list's order, `limit` at a time after `offset`.
    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [Row]

    /// The columns for a filter (a custom query shows the fields its user picked).
    func columns(for filter: Filter) -> [ListColumn<Row>]

    /// The list as a given user sees it (e.g. a review queue narrowed to the reviewer's organisation).
    func configured(for user: CurrentUser) -> Self

    /// The list with what it reads besides the database: the enterprise overview's list follows the in-memory
    /// dashboard snapshot.
    func prepared(on app: Application) async throws -> Self

    /// Keyset paging, for lists whose order ends in a unique key: the key of a row's place in that order
    /// (nil, the default: the list pages by offset only).
    func key(of row: Row) -> String?
    /// Up to `limit` rows from `position`, in the list's order; nil (the default) when the list has no keyset.
    /// 上一页/下一页, the last pages and exports read through it, so no page or batch costs an `OFFSET` into the list.
    func rows(_ filter: Filter, scope: DataScope, from position: ListPosition, limit: Int, on db: any Database)
        async throws -> [Row]?
}

/// Where a keyset read starts, in a list's order.
enum ListPosition: Sendable, Equatable {
    /// The first rows.
    case start
    /// The rows following the row with this key.
    case after(String)
    /// The rows preceding the row with this key.
    case before(String)
    /// The rows ending `skipping` rows before the end of the list (the last pages, read from the end).
    case end(skipping: Int)
}

extension ListDefinition {
    var exportID: String { Self.id }
    func configured(for user: CurrentUser) -> Self { self }
    func prepared(on app: Application) async throws -> Self { self }
    func columns(for filter: Filter) -> [ListColumn<Row>] { columns }
    func key(of row: Row) -> String? { nil }
    func rows(_ filter: Filter, scope: DataScope, from position: ListPosition, limit: Int, on db: any Database)
        async throws -> [Row]? { nil }

    func page(_ filter: Filter, scope: DataScope, page: PageRequest, on db: any Database) async throws -> Paged<Row> {
        let total = try await count(filter, scope: scope, on: db)
        let items = try await rows(filter, scope: scope, page: page, total: total, on: db)
        return Paged(items: items, info: PageInfo(page, total: total, firstKey: items.first.flatMap(key(of:)),
                                                  lastKey: items.last.flatMap(key(of:))))
    }

    /// One page's rows. A list with a keyset reads 上一页/下一页 from the cursor the link carries, and a page
    /// nearer the end than the start backwards from the end; the first pages, and lists without a keyset, by
    /// offset.
    func rows(_ filter: Filter, scope: DataScope, page: PageRequest, total: Int, on db: any Database)
        async throws -> [Row]
    {
        var limit = page.per
        let position: ListPosition?
        switch page.cursor {
        case .after(let key): position = .after(key)
        case .before(let key): position = .before(key)
        case nil:
            let remaining = total - page.offset
            if page.offset > 0, remaining > 0, remaining < page.offset {
                limit = min(page.per, remaining)
                position = .end(skipping: remaining - limit)
            } else {
                position = nil
            }
        }
        if let position, let rows = try await rows(filter, scope: scope, from: position, limit: limit, on: db) {
            return rows
        }
        return try await rows(filter, scope: scope, offset: page.offset, limit: page.per, on: db)
    }

    /// The whole list page for a request: role check, filter from the query string, one page in the user's
    /// scope, rendered into the shell by `body`.
    func respond(_ req: Request,
                 _ body: (_ page: Paged<Row>, _ filter: Filter, _ viewer: ListViewer) -> Node<HTML.BodyContext>)
        async throws -> HTMLPage
    {
        let user = try req.requireRole(roles)
        let list = try await configured(for: user).prepared(on: req.application)
        let filter = list.filter(from: req.queryDictionary)
        let page = try await list.page(filter, scope: user.scope, page: PageRequest(req), on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(title, context, body(page, filter, ListViewer(role: user.role))))
    }

    /// Every row, in batches, for exports: by keyset (each batch the rows after the last one's key) when the
    /// list has one, else by offset. Lists whose rows come from elsewhere (the snapshot's order) override it.
    func batches(_ filter: Filter, scope: DataScope, size: Int, on db: any Database,
                 _ body: ([Row]) async throws -> Void) async throws {
        if var rows = try await rows(filter, scope: scope, from: .start, limit: size, on: db) {
            while !rows.isEmpty {
                try await body(rows)
                guard rows.count >= size, let last = rows.last.flatMap(key(of:)) else { return }
                rows = try await self.rows(filter, scope: scope, from: .after(last), limit: size, on: db) ?? []
            }
            return
        }
        var offset = 0
        while true {
            let rows = try await rows(filter, scope: scope, offset: offset, limit: size, on: db)
            if rows.isEmpty { return }
            try await body(rows)
            if rows.count < size { return }
            offset += rows.count
        }
    }

    /// The HTML table of a page of rows, from the same columns the export writes.
    /// With `selection`, a first column of checkboxes (`name="ids"`) for batch actions; rows without a value
    /// get no box.
    /// With `actions`, a last 操作 column (links and buttons the page offers on each row; never exported).
    func table(_ page: Paged<Row>, viewer: ListViewer, numbered: Bool = true, emptyText: String = "暂无数据",
               selection: ((Row) -> String?)? = nil, columns: [ListColumn<Row>]? = nil,
               actions: ((Row) -> Node<HTML.BodyContext>)? = nil) -> Node<HTML.BodyContext>
    {
        let columns = columns ?? self.columns
        let headers = (selection == nil ? [] : ["选择"]) + (numbered ? ["序号"] : []) + columns.map(\.header)
            + (actions == nil ? [] : ["操作"])
        let rows: [[Node<HTML.BodyContext>]] = page.items.enumerated().map { index, row in
            var cells = columns.map { $0.cell(row, viewer).html }
            if let actions { cells.append(actions(row)) }
            if numbered { cells.insert(.text(String(page.info.offset + index + 1)), at: 0) }
            if let selection {
                let box: Node<HTML.BodyContext> = selection(row).map { value in
                    Tag.void("input", [("type", "checkbox"), ("name", "ids"), ("value", value), ("form", "batch-form"),
                                       ("aria-label", "选择")])
                } ?? .text("")
                cells.insert(box, at: 0)
            }
            return cells
        }
        return UI.table(columns: headers, rows: rows, emptyText: emptyText)
    }
}

extension Request {
    /// The query string as a dictionary (first value of a repeated key wins).
    var queryDictionary: [String: String] {
        var result: [String: String] = [:]
        for item in URLComponents(string: url.string)?.queryItems ?? [] where result[item.name] == nil {
            result[item.name] = item.value ?? ""
        }
        return result
    }
}
