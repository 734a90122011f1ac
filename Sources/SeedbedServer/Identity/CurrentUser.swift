import Fluent
import NIOConcurrencyHelpers
import SeedbedDomain
import SQLKit
import Vapor

/// The signed-in person as every handler sees it, with the data scope already derived (DESIGN.md §3).
struct CurrentUser: Authenticatable, Sendable {
    let id: Int
    let account: String
    let name: String
    let role: Role
    let organizationID: Int?
    let organizationName: String?
    let organizationKind: OrganizationKind?
    let organizationRegionCode: String?
    let enterpriseID: Int?
    let enterpriseName: String?
    /// Where the enterprise's registration stands; nil for everyone else. Only an approved (`active`) enterprise
    /// files, sees results and gets the full menu.
    let enterpriseStatus: EnterpriseStatus?
    let scope: DataScope
    let mustChangePassword: Bool
    let passwordExpired: Bool
    /// Hash of the browser session, when signed in through one.
    let sessionID: String?
    /// The API token used, when signed in through one.
    let apiTokenID: Int?

    /// The key review queues use for this user's organisation (`county:500112`, `zone:7`, `national`).
    var reviewerKey: String? {
        guard let kind = organizationKind else { return nil }
        switch kind {
        case .national: return "national"
        case .zone, .incubator: return organizationID.map { "\(kind.rawValue):\($0)" }
        case .province, .city, .county: return organizationRegionCode.map { "\(kind.rawValue):\($0)" }
        }
    }

    /// Whether this is an enterprise account whose enterprise is not (or no longer) approved: it sees its
    /// registration state and what to do instead of a menu of pages that would refuse it.
    var isUnapprovedEnterprise: Bool { role == .enterprise && enterpriseStatus != .active }

    /// Whether the user must set a new password before doing anything else.
    var needsPasswordChange: Bool { mustChangePassword || passwordExpired }

    /// Loads an active user with organisation and enterprise; `nil` when the user is missing or disabled, or their
    /// organisation is. One select (`SignedInRow`) reads the user with both, as every signed-in request does.
    static func load(userID: Int, on database: any Database, policy: PasswordPolicy, now: Date,
                     sessionID: String? = nil, apiTokenID: Int? = nil) async throws -> CurrentUser?
    {
        guard let sql = database as? any SQLDatabase else { return nil }
        let query = SignedInRow.select(sql, session: false)
            .where(SQLColumn("id", table: "u"), .equal, SQLBind(userID))
        guard let row = try await SignedInRow.first(query, session: false, on: sql) else { return nil }
        return try row.user(policy: policy, now: now, sessionID: sessionID, apiTokenID: apiTokenID)
    }
}

/// A signed-in user as one row: the user (`u`) with their organisation (`o`) and enterprise (`e`) left-joined,
/// read by column position. A request used to find the session, the user, the organisation and the enterprise in
/// four Fluent round trips before its page could start; the session authenticator now reads all of it in one.
struct SignedInRow: Sendable {
    /// The session's `user_id` and `last_seen_at`, when the row was read from `sessions`.
    let sessionUserID: Int?
    let sessionLastSeenAt: Date?
    private let userID: Int?
    private let account: String?
    private let name: String?
    private let role: String?
    private let organizationID: Int?
    private let enterpriseID: Int?
    private let mustChangePassword: Bool
    private let passwordChangedAt: Date?
    private let active: Bool
    private let orgID: Int?
    private let orgKind: String?
    private let orgName: String?
    private let orgRegionCode: String?
    private let orgActive: Bool
    private let entID: Int?
    private let entName: String?
    private let entStatus: String?

    /// The joined columns, each under an alias of its own (SQLite reads a row's cells by name).
    private static let columns: [(table: String, column: String)] = [
        ("u", "id"), ("u", "account"), ("u", "name"), ("u", "role"), ("u", "organization_id"), ("u", "enterprise_id"),
        ("u", "must_change_password"), ("u", "password_changed_at"), ("u", "active"),
        ("o", "id"), ("o", "kind"), ("o", "name"), ("o", "region_code"), ("o", "active"),
        ("e", "id"), ("e", "name"), ("e", "status"),
    ]
    private static let booleans: Set<String> = ["must_change_password", "active"]

    private static func alias(_ column: (table: String, column: String)) -> String { column.table + "_" + column.column }

    /// `SELECT [s.user_id, s.last_seen_at,] <user, organisation, enterprise columns> FROM users u LEFT JOIN …`, or
    /// with `session` `FROM sessions s LEFT JOIN users u …` (a session whose user is gone still finds its row).
    /// Booleans are read as 0/1 so both databases hand back an integer.
    static func select(_ sql: any SQLDatabase, session: Bool) -> SQLSelectBuilder {
        var builder = sql.select()
        if session {
            builder = builder.column(SQLAlias(SQLColumn("user_id", table: "s"), as: SQLIdentifier("s_user_id")))
                .column(SQLAlias(SQLColumn("last_seen_at", table: "s"), as: SQLIdentifier("s_last_seen_at")))
                .from(SQLAlias(SQLIdentifier(UserSession.schema), as: SQLIdentifier("s")))
                .join(SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("u")), method: SQLJoinMethod.left,
                      on: SQLColumn("user_id", table: "s"), .equal, SQLColumn("id", table: "u"))
        } else {
            builder = builder.from(SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("u")))
        }
        for column in columns {
            let cell: any SQLExpression = booleans.contains(column.column)
                ? SQLQueryString("CASE WHEN \(ident: column.table).\(ident: column.column) THEN 1 ELSE 0 END")
                : SQLColumn(column.column, table: column.table)
            builder = builder.column(SQLAlias(cell, as: SQLIdentifier(alias(column))))
        }
        return builder
            .join(SQLAlias(SQLIdentifier(Organization.schema), as: SQLIdentifier("o")), method: SQLJoinMethod.left,
                  on: SQLColumn("organization_id", table: "u"), .equal, SQLColumn("id", table: "o"))
            .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.left,
                  on: SQLColumn("enterprise_id", table: "u"), .equal, SQLColumn("id", table: "e"))
    }

    /// The first row of `query`, built by `select` with the same `session`.
    static func first(_ query: SQLSelectBuilder, session: Bool, on sql: any SQLDatabase) async throws -> SignedInRow? {
        let names = (session ? ["s_user_id", "s_last_seen_at"] : []) + columns.map(alias)
        let found = NIOLockedValueBox<SignedInRow?>(nil)
        try await ColumnRows.forEach(sql, query.limit(1), columns: names) { row in
            let read = SignedInRow(row, session: session)
            found.withLockedValue { if $0 == nil { $0 = read } }
        }
        return found.withLockedValue { $0 }
    }

    private init(_ row: any ColumnRow, session: Bool) {
        sessionUserID = session ? row.int(0) : nil
        sessionLastSeenAt = session ? row.date(1) : nil
        var index = session ? 2 : 0
        func next() -> Int {
            defer { index += 1 }
            return index
        }
        userID = row.int(next())
        account = row.string(next())
        name = row.string(next())
        role = row.string(next())
        organizationID = row.int(next())
        enterpriseID = row.int(next())
        mustChangePassword = row.int(next()) == 1
        passwordChangedAt = row.date(next())
        active = row.int(next()) == 1
        orgID = row.int(next())
        orgKind = row.string(next())
        orgName = row.string(next())
        orgRegionCode = row.string(next())
        orgActive = row.int(next()) == 1
        entID = row.int(next())
        entName = row.string(next())
        entStatus = row.string(next())
    }

    /// Whether the row found a user at all (a session whose user was deleted finds none).
    var hasUser: Bool { userID != nil }

    /// The signed-in user; nil when there is none, it is disabled, or its organisation is. A stored role, kind or
    /// status this build does not know is an error, as it was when Fluent decoded the models.
    func user(policy: PasswordPolicy, now: Date, sessionID: String?, apiTokenID: Int?) throws -> CurrentUser? {
        guard let id = userID, active else { return nil }
        guard let account, let name, let roleText = role, let role = Role(rawValue: roleText),
              let passwordChangedAt else {
            throw AppError(status: .internalServerError, code: "unreadable_user", message: "用户记录无法读取")
        }
        var organization: ScopeOrganization?
        var organizationKind: OrganizationKind?
        if organizationID != nil, let orgID {
            guard orgActive else { return nil }
            guard let kind = orgKind.flatMap(OrganizationKind.init(rawValue:)) else {
                throw AppError(status: .internalServerError, code: "unreadable_organization", message: "机构记录无法读取")
            }
            organizationKind = kind
            organization = ScopeOrganization(id: orgID, kind: kind, regionCode: orgRegionCode)
        }
        var status: EnterpriseStatus?
        if enterpriseID != nil, entID != nil {
            guard let parsed = entStatus.flatMap(EnterpriseStatus.init(rawValue:)) else {
                throw AppError(status: .internalServerError, code: "unreadable_enterprise", message: "企业记录无法读取")
            }
            status = parsed
        }
        let enterprise = enterpriseID != nil ? entID : nil
        let scope = DataScope.derive(role: role, organization: organization,
                                     enterpriseID: role == .enterprise ? enterprise : nil)
        return CurrentUser(
            id: id, account: account, name: name, role: role,
            organizationID: organization?.id, organizationName: organization == nil ? nil : orgName,
            organizationKind: organizationKind, organizationRegionCode: organization == nil ? nil : orgRegionCode,
            enterpriseID: enterprise, enterpriseName: enterprise == nil ? nil : entName,
            enterpriseStatus: status,
            scope: scope, mustChangePassword: mustChangePassword,
            passwordExpired: policy.isExpired(changedAt: passwordChangedAt, now: now),
            sessionID: sessionID, apiTokenID: apiTokenID)
    }
}

extension Request {
    /// The signed-in user, or a redirect to the login page (UI) / a 401 (API).
    func requireUser() throws -> CurrentUser {
        if let user = auth.get(CurrentUser.self) { return user }
        if SeedbedErrorMiddleware.wantsJSON(self) { throw AppError.unauthorized("缺少或无效的访问令牌") }
        var target = url.path
        if let query = url.query, !query.isEmpty { target += "?" + query }
        let next = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? Page.workbench.path
        let reason = storage[SessionExpiredKey.self] == true ? "&expired=1" : ""
        throw Abort.redirect(to: "/login?next=\(next)\(reason)")
    }

    /// The signed-in user if their role is one of `roles`; otherwise 403.
    func requireRole(_ roles: Set<Role>) throws -> CurrentUser {
        let user = try requireUser()
        guard roles.contains(user.role) else { throw AppError.forbidden() }
        return user
    }

    /// The data scope of the signed-in user; `.nothing` when nobody is signed in.
    var scope: DataScope { auth.get(CurrentUser.self)?.scope ?? .nothing }
}

/// Set when the request carried a session cookie whose session had timed out.
struct SessionExpiredKey: StorageKey { typealias Value = Bool }
