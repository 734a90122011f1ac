import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// One application as the lists show it: with its enterprise and product.
struct FinanceApplicationRow: Sendable, Decodable {
    let id: Int
    let product_id: Int
    let institution_id: Int
    let enterprise_id: Int
    let amount: Double
    let purpose: String
    let consent_at: Date
    let state: FinanceApplicationState
    let reason: String?
    let disbursed_amount: Double?
    let created_at: Date
    let updated_at: Date
    let enterprise_name: String
    let enterprise_uscc: String
    let product_name: String
    let institution_name: String
}

/// The application rows of one institution (a bank) or one enterprise, searched and filtered.
enum FinanceApplicationQuery {
    struct Filter: Sendable {
        var q: String = ""
        var state: FinanceApplicationState?
    }

    /// Whose applications: a bank's (its institution's) or an enterprise's (its own). Nothing else is ever listed.
    enum Owner: Sendable {
        case institution(Int)
        case enterprise(Int)
        case nobody
    }

    static func base(_ sql: any SQLDatabase, owner: Owner, filter: Filter) -> SQLSelectBuilder {
        var builder = sql.select()
            .from(SQLAlias(SQLIdentifier(FinanceApplication.schema), as: SQLIdentifier("a")))
            .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
                  on: SQLColumn("enterprise_id", table: "a"), .equal, SQLColumn("id", table: "e"))
            .join(SQLAlias(SQLIdentifier(FinanceProduct.schema), as: SQLIdentifier("p")), method: SQLJoinMethod.inner,
                  on: SQLColumn("product_id", table: "a"), .equal, SQLColumn("id", table: "p"))
            .join(SQLAlias(SQLIdentifier(FinancialInstitution.schema), as: SQLIdentifier("i")), method: SQLJoinMethod.inner,
                  on: SQLColumn("institution_id", table: "a"), .equal, SQLColumn("id", table: "i"))
        switch owner {
        case .institution(let id): builder = builder.where(SQLColumn("institution_id", table: "a"), .equal, SQLBind(id))
        case .enterprise(let id): builder = builder.where(SQLColumn("enterprise_id", table: "a"), .equal, SQLBind(id))
        case .nobody: builder = builder.where(SQLLiteral.boolean(false))
        }
        if let state = filter.state { builder = builder.where(SQLColumn("state", table: "a"), .equal, SQLBind(state)) }
        if !filter.q.isEmpty { builder = builder.where(Like.enterprise(matching: filter.q)) }
        return builder
    }

    static func count(owner: Owner, filter: Filter, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let row = try await base(sql, owner: owner, filter: filter)
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    static func rows(owner: Owner, filter: Filter, offset: Int, limit: Int, on db: any Database) async throws
        -> [FinanceApplicationRow]
    {
        guard let sql = db as? any SQLDatabase else { return [] }
        var builder = base(sql, owner: owner, filter: filter)
        for column in ["id", "product_id", "institution_id", "enterprise_id", "amount", "purpose", "consent_at", "state",
                       "reason", "disbursed_amount", "created_at", "updated_at"] {
            builder = builder.column(SQLColumn(column, table: "a"))
        }
        return try await builder
            .column(SQLColumn("name", table: "e"), as: "enterprise_name")
            .column(SQLColumn("uscc", table: "e"), as: "enterprise_uscc")
            .column(SQLColumn("name", table: "p"), as: "product_name")
            .column(SQLColumn("short_name", table: "i"), as: "institution_name")
            .orderBy(SQLColumn("created_at", table: "a"), SQLDirection.descending)
            .orderBy(SQLColumn("id", table: "a"), SQLDirection.descending)
            .limit(limit).offset(offset).all(decoding: FinanceApplicationRow.self)
    }

    static func one(_ id: Int, owner: Owner, on db: any Database) async throws -> FinanceApplicationRow? {
        guard let sql = db as? any SQLDatabase else { return nil }
        var builder = base(sql, owner: owner, filter: Filter())
            .where(SQLColumn("id", table: "a"), .equal, SQLBind(id))
        for column in ["id", "product_id", "institution_id", "enterprise_id", "amount", "purpose", "consent_at", "state",
                       "reason", "disbursed_amount", "created_at", "updated_at"] {
            builder = builder.column(SQLColumn(column, table: "a"))
        }
        return try await builder
            .column(SQLColumn("name", table: "e"), as: "enterprise_name")
            .column(SQLColumn("uscc", table: "e"), as: "enterprise_uscc")
            .column(SQLColumn("name", table: "p"), as: "product_name")
            .column(SQLColumn("short_name", table: "i"), as: "institution_name")
            .first(decoding: FinanceApplicationRow.self)
    }

    static func filter(from query: [String: String]) -> Filter {
        Filter(q: queryText(query, "q", max: 64), state: query["state"].flatMap(FinanceApplicationState.init(rawValue:)))
    }

    static func queryItems(_ filter: Filter) -> [(String, String)] {
        [("q", filter.q), ("state", filter.state?.rawValue ?? "")].filter { !$0.1.isEmpty }
    }
}

/// 融资申请 (the bank's list) as a list that exports: only the signed-in partner's institution's applications.
struct FinanceApplicationList: ListDefinition {
    typealias Filter = FinanceApplicationQuery.Filter

    static let id = "finance-applications"
    let title = "融资申请"
    let roles = Access.financePartners.roles
    /// The partner account the list is for (its institution is looked up on every read).
    var userID: Int?

    var columns: [ListColumn<FinanceApplicationRow>] {
        [
            ListColumn("申请时间", width: 20) { row, _ in .dateTime(row.created_at) },
            ListColumn("企业名称", width: 32) { row, _ in
                .link(row.enterprise_name, href: "\(Page.financeApplications.path)/\(row.id)")
            },
            ListColumn("统一社会信用代码", width: 22) { row, _ in .text(row.enterprise_uscc) },
            ListColumn("申请产品", width: 20) { row, _ in .text(row.product_name) },
            ListColumn("申请金额（万元）", width: 14) { row, _ in .decimal(row.amount, format: .money) },
            ListColumn("状态", width: 10) { row, _ in .badge(row.state.label, tone: row.state.tone) },
            ListColumn("放款金额（万元）", width: 14) { row, _ in
                row.disbursed_amount.map { .decimal($0, format: .money) } ?? .empty
            },
            ListColumn("说明", width: 30) { row, _ in row.reason.map { .text($0) } ?? .empty },
        ]
    }

    func configured(for user: CurrentUser) -> FinanceApplicationList {
        FinanceApplicationList(userID: user.id)
    }

    func filter(from query: [String: String]) -> Filter { FinanceApplicationQuery.filter(from: query) }

    func queryItems(_ filter: Filter) -> [(String, String)] { FinanceApplicationQuery.queryItems(filter) }

    private func owner(on db: any Database) async throws -> FinanceApplicationQuery.Owner {
        guard let userID, let institution = try await FinanceInstitutions.id(ofUser: userID, on: db) else { return .nobody }
        return .institution(institution)
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        try await FinanceApplicationQuery.count(owner: try await owner(on: db), filter: filter, on: db)
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws
        -> [FinanceApplicationRow]
    {
        try await FinanceApplicationQuery.rows(owner: try await owner(on: db), filter: filter, offset: offset, limit: limit,
                                               on: db)
    }
}
