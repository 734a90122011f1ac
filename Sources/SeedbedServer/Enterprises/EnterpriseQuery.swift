import Fluent
import NIOConcurrencyHelpers
import SeedbedDomain
import SQLKit
import Vapor

/// Filters of the enterprise list, as the query bar and the API give them.
struct EnterpriseFilter: Sendable, Equatable {
    /// Fuzzy name, or code prefix.
    var q: String?
    /// Region code prefix (2/4/6 digits) inside the user's scope.
    var region: String?
    var zoneID: Int?
    var techField: Int?
    /// Industry section letter.
    var section: String?
    var status: EnterpriseStatus?
    /// Basic-info review status (`none` = never filed).
    var review: String?
    /// 入库: `1` admitted (basic info approved at least once), `0` not.
    var admitted: String?

    init(q: String? = nil, region: String? = nil, zoneID: Int? = nil, techField: Int? = nil, section: String? = nil,
         status: EnterpriseStatus? = nil) {
        self.q = q
        self.region = region
        self.zoneID = zoneID
        self.techField = techField
        self.section = section
        self.status = status
    }

    init(_ req: Request) {
        self.init(query: req.queryDictionary)
    }

    /// From query items; anything malformed is ignored rather than refused, as a hand-edited URL should
    /// still show a list.
    init(query: [String: String]) {
        func text(_ key: String) -> String? {
            guard let value = query[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return String(value.prefix(100))
        }
        q = text("q")
        region = text("region").flatMap { $0.allSatisfy(\.isNumber) && $0.count <= 6 ? $0 : nil }
        zoneID = InputNumber.integer(text("zone"), in: InputRange.id)
        techField = InputNumber.integer(text("field"), in: 0...255)
        section = text("section").flatMap { IndustrySection.named($0) == nil ? nil : $0 }
        status = text("status").flatMap(EnterpriseStatus.init(rawValue:))
        review = text("review").flatMap { $0 == "none" || FilingStatus(rawValue: $0) != nil ? $0 : nil }
        admitted = text("admitted").flatMap { $0 == "1" || $0 == "0" ? $0 : nil }
    }

    /// The filters as query items, for pagination and export links.
    var queryItems: [(String, String)] {
        [("q", q ?? ""), ("region", region ?? ""), ("zone", zoneID.map(String.init) ?? ""),
         ("field", techField.map(String.init) ?? ""), ("section", section ?? ""), ("status", status?.rawValue ?? ""),
         ("review", review ?? ""), ("admitted", admitted ?? "")]
    }
}

/// One enterprise as lists, detail pages and the API show it.
struct EnterpriseRow: Sendable {
    let id: Int
    let uscc: String
    let name: String
    let regionCode: String
    let zoneID: Int?
    let zoneName: String?
    let incubatorID: Int?
    let industryCode: String?
    let techField: Int?
    let registeredOn: String?
    let status: EnterpriseStatus
    let contactName: String?
    let contactPhone: String?
    let basicStatus: FilingStatus?
    let admittedFlag: Int?

    /// What `EnterpriseQuery.select` reads, in this order: `init(_:)` takes each by its position, so a page or an
    /// export batch skips the per-cell lookup by name that decoding a `Decodable` row costs (a city's export is
    /// 300 000 rows of 15 cells).
    static let columns = ["id", "uscc", "name", "region_code", "zone_id", "zone_name", "incubator_id",
                          "industry_code", "tech_field", "registered_on", "status", "contact_name", "contact_phone",
                          "basic_status", "admitted"]

    /// The row from `columns`; nil when a required cell is missing or its status is not one the platform writes.
    init?(_ row: any ColumnRow) {
        guard let id = row.int(0), let uscc = row.string(1), let name = row.string(2), let regionCode = row.string(3),
              let status = row.string(10).flatMap(EnterpriseStatus.init(rawValue:))
        else { return nil }
        self.id = id
        self.uscc = uscc
        self.name = name
        self.regionCode = regionCode
        zoneID = row.int(4)
        zoneName = row.string(5)
        incubatorID = row.int(6)
        industryCode = row.string(7)
        techField = row.int(8)
        registeredOn = row.string(9)
        self.status = status
        contactName = row.string(11)
        contactPhone = row.string(12)
        basicStatus = row.string(13).flatMap(FilingStatus.init(rawValue:))
        admittedFlag = row.int(14)
    }

    var basicStatusLabel: String { basicStatus?.label ?? "未填报" }
    var isAdmitted: Bool { (admittedFlag ?? 0) > 0 }

    var regionName: String { RegionTable.shipped.fullName(of: regionCode) }
    var techFieldLabel: String { techField.flatMap(TechField.init(rawValue:))?.label ?? "" }
    var industryLabel: String { Self.industryLabel(of: industryCode) }

    /// `门类名（代码）`; a code that is not a division's is shown as stored.
    static func industryLabel(of code: String?) -> String {
        guard let code else { return "" }
        if let label = industryLabels[code] { return label }
        guard let parsed = IndustryCode.parse(code) else { return code }
        return label(parsed)
    }

    /// The label of every division under its stored code (`C39`), so a list or an export does not parse the code
    /// again on each of its rows.
    private static let industryLabels: [String: String] = Dictionary(
        IndustryCode.all.map { ($0.description, label($0)) }, uniquingKeysWith: { first, _ in first })

    private static func label(_ code: IndustryCode) -> String { "\(code.section.name)（\(code)）" }
}

/// Reads enterprises, always through the caller's data scope.
enum EnterpriseQuery {
    /// Enterprises with their zone's name and their basic-info filing's state. The filing is joined on its
    /// slot (unique per enterprise), so a page or an export batch reads it by the unique index in the same pass
    /// instead of two subqueries per row.
    static func select(_ sql: any SQLDatabase, scope: DataScope) -> SQLSelectBuilder {
        sql.select()
            .column(SQLColumn("id", table: "e"), as: "id")
            .column(SQLColumn("uscc", table: "e"), as: "uscc")
            .column(SQLColumn("name", table: "e"), as: "name")
            .column(SQLColumn("region_code", table: "e"), as: "region_code")
            .column(SQLColumn("zone_id", table: "e"), as: "zone_id")
            .column(SQLColumn("name", table: "z"), as: "zone_name")
            .column(SQLColumn("incubator_id", table: "e"), as: "incubator_id")
            .column(SQLColumn("industry_code", table: "e"), as: "industry_code")
            .column(SQLColumn("tech_field", table: "e"), as: "tech_field")
            .column(SQLColumn("registered_on", table: "e"), as: "registered_on")
            .column(SQLColumn("status", table: "e"), as: "status")
            .column(SQLColumn("contact_name", table: "e"), as: "contact_name")
            .column(SQLColumn("contact_phone", table: "e"), as: "contact_phone")
            .column(SQLColumn("status", table: "b"), as: "basic_status")
            .column(SQLQueryString("CASE WHEN b.last_approved_round IS NULL THEN 0 ELSE 1 END"), as: "admitted")
            .from(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")))
            .join(SQLAlias(SQLIdentifier(Organization.schema), as: SQLIdentifier("z")), method: SQLJoinMethod.left,
                  on: SQLColumn("zone_id", table: "e"), .equal, SQLColumn("id", table: "z"))
            .join(SQLAlias(SQLIdentifier(FilingRecord.schema), as: SQLIdentifier("b")), method: SQLJoinMethod.left,
                  on: SQLQueryString("b.enterprise_id = e.id AND b.slot = \(bind: FilingService.slot(.basicInfo))"))
            .where(ScopeFilter(scope, table: "e", enterpriseColumn: "id"))
    }

    /// The rows of a select built on `select(_:scope:)`, each read by column position.
    static func fetch(_ builder: SQLSelectBuilder, on sql: any SQLDatabase) async throws -> [EnterpriseRow] {
        let rows = NIOLockedValueBox<(rows: [EnterpriseRow], unreadable: Int)>(([], 0))
        try await ColumnRows.forEach(sql, builder, columns: EnterpriseRow.columns) { row in
            let read = EnterpriseRow(row)
            rows.withLockedValue { state in
                if let read { state.rows.append(read) } else { state.unreadable += 1 }
            }
        }
        let (read, unreadable) = rows.withLockedValue { $0 }
        guard unreadable == 0 else {
            throw AppError(status: .internalServerError, code: "unreadable_enterprise",
                           message: "\(unreadable) 条企业记录无法读取（状态或必填列为空）")
        }
        return read
    }

    /// The list's order, newest first, as a keyset on the id.
    static let keyset = SQLKeyset(column: SQLColumn("id", table: "e"), descending: true)

    /// Up to `limit` rows of the filtered list from `position`, in its order (newest first); nil when the
    /// position's key is not an id.
    static func rows(on database: any Database, scope: DataScope, filter: EnterpriseFilter, from position: ListPosition,
                     limit: Int) async throws -> [EnterpriseRow]? {
        guard let sql = database as? any SQLDatabase else { return [] }
        return try await keyset.rows(position, limit: limit, apply(filter, to: select(sql, scope: scope))) {
            try await fetch($0, on: sql)
        }
    }

    static func apply(_ filter: EnterpriseFilter, to builder: SQLSelectBuilder) -> SQLSelectBuilder {
        var builder = builder
        if let q = filter.q {
            builder = builder.where(Like.enterprise(matching: q))
        }
        if let region = filter.region {
            builder = builder.where(ScopeFilter(.region(prefix: region), table: "e", enterpriseColumn: "id"))
        }
        if let zoneID = filter.zoneID { builder = builder.where(SQLColumn("zone_id", table: "e"), .equal, SQLBind(zoneID)) }
        if let field = filter.techField {
            builder = builder.where(SQLColumn("tech_field", table: "e"), .equal, SQLBind(field))
        }
        if let section = filter.section {
            builder = builder.where(Like(column: SQLColumn("industry_code", table: "e"), pattern: Like.escape(section) + "%"))
        }
        if let status = filter.status {
            builder = builder.where(SQLColumn("status", table: "e"), .equal, SQLBind(status))
        }
        if let review = filter.review {
            builder = builder.where(review == "none"
                ? SQLQueryString("NOT EXISTS (SELECT 1 FROM filings bf WHERE bf.enterprise_id = e.id AND bf.kind = \(bind: FilingKind.basicInfo))")
                : SQLQueryString("EXISTS (SELECT 1 FROM filings bf WHERE bf.enterprise_id = e.id AND bf.kind = \(bind: FilingKind.basicInfo) AND bf.status = \(bind: review))"))
        }
        if let admitted = filter.admitted {
            let exists: SQLQueryString = "EXISTS (SELECT 1 FROM filings bf WHERE bf.enterprise_id = e.id AND bf.kind = \(bind: FilingKind.basicInfo) AND bf.last_approved_round IS NOT NULL)"
            builder = builder.where(admitted == "1" ? exists : "NOT " + exists)
        }
        return builder
    }

    static func page(on database: any Database, scope: DataScope, filter: EnterpriseFilter, page: PageRequest)
        async throws -> Paged<EnterpriseRow>
    {
        guard let sql = database as? any SQLDatabase else { return Paged(items: [], info: PageInfo(page, total: 0)) }
        let total = try await count(on: sql, scope: scope, filter: filter)
        let items = try await fetch(apply(filter, to: select(sql, scope: scope))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "e"), direction: SQLDirection.descending))
            .limit(page.per).offset(page.offset), on: sql)
        return Paged(items: items, info: PageInfo(page, total: total))
    }

    /// Rows of the filtered list in its order (newest first), after `offset`.
    static func rows(on database: any Database, scope: DataScope, filter: EnterpriseFilter, offset: Int, limit: Int)
        async throws -> [EnterpriseRow] {
        guard let sql = database as? any SQLDatabase else { return [] }
        return try await fetch(apply(filter, to: select(sql, scope: scope))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "e"), direction: SQLDirection.descending))
            .limit(limit).offset(offset), on: sql)
    }

    static func count(on sql: any SQLDatabase, scope: DataScope, filter: EnterpriseFilter = EnterpriseFilter())
        async throws -> Int
    {
        let builder = apply(filter, to: sql.select()
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")))
            .where(ScopeFilter(scope, table: "e", enterpriseColumn: "id")))
        return try await builder.first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// One enterprise, or `nil` when it does not exist *or lies outside the scope* — callers answer 404 for
    /// both, so existence is never revealed.
    static func find(_ id: Int, on database: any Database, scope: DataScope) async throws -> EnterpriseRow? {
        guard let sql = database as? any SQLDatabase else { return nil }
        return try await fetch(select(sql, scope: scope).where(SQLColumn("id", table: "e"), .equal, SQLBind(id)),
                               on: sql).first
    }

    /// The neighbours of an enterprise in the filtered list (for 上一条 / 下一条), by the list's order.
    static func neighbours(of id: Int, on database: any Database, scope: DataScope, filter: EnterpriseFilter)
        async throws -> (previous: Int?, next: Int?)
    {
        guard let sql = database as? any SQLDatabase else { return (nil, nil) }
        let previous = try await apply(filter, to: sql.select().column(SQLColumn("id", table: "e"))
            .from(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")))
            .where(ScopeFilter(scope, table: "e", enterpriseColumn: "id")))
            .where(SQLColumn("id", table: "e"), .greaterThan, SQLBind(id))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "e"), direction: SQLDirection.ascending)).limit(1)
            .first(decodingColumn: "id", as: Int.self)
        let next = try await apply(filter, to: sql.select().column(SQLColumn("id", table: "e"))
            .from(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")))
            .where(ScopeFilter(scope, table: "e", enterpriseColumn: "id")))
            .where(SQLColumn("id", table: "e"), .lessThan, SQLBind(id))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "e"), direction: SQLDirection.descending)).limit(1)
            .first(decodingColumn: "id", as: Int.self)
        return (previous, next)
    }
}

/// `column LIKE pattern ESCAPE '\'`, with the user's `%` and `_` taken literally.
struct Like: SQLExpression {
    let column: any SQLExpression
    let pattern: String

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    /// The enterprise search every list offers: the name contains `text`, or the credit code starts with it
    /// (normalised), on the enterprise table aliased `table`.
    static func enterprise(matching text: String, table: String = "e") -> some SQLExpression {
        SQLGroupExpression(SQLBinaryExpression(
            Like(column: SQLColumn("name", table: table), pattern: "%" + escape(text) + "%"), .or,
            Like(column: SQLColumn("uscc", table: table), pattern: escape(USCC.normalise(text)) + "%")))
    }

    func serialize(to serializer: inout SQLSerializer) {
        column.serialize(to: &serializer)
        serializer.write(" LIKE ")
        SQLBind(pattern).serialize(to: &serializer)
        serializer.write(" ESCAPE '\\'")
    }
}
