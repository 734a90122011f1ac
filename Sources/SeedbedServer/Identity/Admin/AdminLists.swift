import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// A text query parameter, trimmed and bounded.
func queryText(_ query: [String: String], _ key: String, max: Int = 64) -> String {
    String((query[key] ?? "").trimmingCharacters(in: .whitespaces).prefix(max))
}

/// 用户管理 as a list.
struct UserList: ListDefinition {
    struct Filter: Sendable {
        let q: String
        let role: Role?
        let status: String
    }

    static let id = "users"
    let title = "用户管理"
    let roles = Access.platformAdmin.roles

    var columns: [ListColumn<UserAdminController.UserRow>] {
        [
            ListColumn("账号", width: 16) { row, _ in .link(row.account, href: "/admin/users/\(row.id)") },
            ListColumn("姓名", width: 12) { row, _ in .text(row.name) },
            ListColumn("角色", width: 12) { row, _ in .text(row.role.label) },
            ListColumn("所属机构/企业", width: 30) { row, _ in .text(row.organizationName ?? row.enterpriseName ?? "—") },
            ListColumn("手机号", width: 14) { row, _ in
                // Even administrators see account phones masked in lists; the detail page shows them.
                row.phone.map { .text(Masking.phone($0)) } ?? .empty
            },
            ListColumn("状态", width: 8) { row, _ in row.active ? .badge("正常", tone: "success") : .badge("停用", tone: "muted") },
            ListColumn("最近登录", width: 20) { row, _ in row.lastLoginAt.map { .dateTime($0) } ?? .empty },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(q: queryText(query, "q"), role: query["role"].flatMap(Role.init(rawValue:)), status: query["status"] ?? "")
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("q", filter.q), ("role", filter.role?.rawValue ?? ""), ("status", filter.status)].filter { !$0.1.isEmpty }
    }

    private func filtered(_ builder: SQLSelectBuilder, _ filter: Filter) -> SQLSelectBuilder {
        var builder = builder
            .from(SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("u")))
            .join(SQLAlias(SQLIdentifier(Organization.schema), as: SQLIdentifier("o")), method: SQLJoinMethod.left,
                  on: SQLColumn("organization_id", table: "u"), .equal, SQLColumn("id", table: "o"))
            .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.left,
                  on: SQLColumn("enterprise_id", table: "u"), .equal, SQLColumn("id", table: "e"))
        if !filter.q.isEmpty {
            let pattern = "%" + Like.escape(filter.q) + "%"
            builder = builder.where(SQLGroupExpression(SQLBinaryExpression(
                SQLBinaryExpression(Like(column: SQLColumn("account", table: "u"), pattern: pattern), .or,
                                    Like(column: SQLColumn("name", table: "u"), pattern: pattern)),
                .or, Like(column: SQLColumn("name", table: "o"), pattern: pattern))))
        }
        if let role = filter.role { builder = builder.where(SQLColumn("role", table: "u"), .equal, SQLBind(role)) }
        if filter.status == "active" || filter.status == "disabled" {
            builder = builder.where(SQLColumn("active", table: "u"), .equal, SQLBind(filter.status == "active"))
        }
        return builder
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        return try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"), filter)
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws
        -> [UserAdminController.UserRow]
    {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await filtered(sql.select()
            .column(SQLColumn("id", table: "u")).column(SQLColumn("account", table: "u"))
            .column(SQLColumn("name", table: "u")).column(SQLColumn("phone", table: "u"))
            .column(SQLColumn("role", table: "u")).column(SQLColumn("active", table: "u"))
            .column(SQLColumn("last_login_at", table: "u"))
            .column(SQLColumn("name", table: "o"), as: "organization_name")
            .column(SQLColumn("name", table: "e"), as: "enterprise_name"), filter)
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "u"), direction: SQLDirection.descending))
            .limit(limit).offset(offset)
            .all(decoding: UserAdminController.UserRow.self)
    }
}

/// 机构管理 as a list.
struct OrganizationList: ListDefinition {
    struct Filter: Sendable {
        let q: String
        let kind: OrganizationKind?
    }

    struct Row: Sendable {
        let id: Int
        let name: String
        let kind: OrganizationKind
        let regionCode: String?
        let active: Bool
    }

    static let id = "organizations"
    let title = "机构管理"
    let roles = Access.platformAdmin.roles

    var columns: [ListColumn<Row>] {
        [
            ListColumn("机构名称", width: 36) { row, _ in .link(row.name, href: "/admin/organizations/\(row.id)") },
            ListColumn("类型", width: 16) { row, _ in .text(row.kind.label) },
            ListColumn("行政区划代码", width: 12) { row, _ in row.regionCode.map { .text($0) } ?? .empty },
            ListColumn("状态", width: 8) { row, _ in row.active ? .badge("正常", tone: "success") : .badge("停用", tone: "muted") },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(q: queryText(query, "q"), kind: query["kind"].flatMap(OrganizationKind.init(rawValue:)))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("q", filter.q), ("kind", filter.kind?.rawValue ?? "")].filter { !$0.1.isEmpty }
    }

    private func query(_ filter: Filter, on db: any Database) -> QueryBuilder<Organization> {
        var query = Organization.query(on: db)
        if !filter.q.isEmpty {
            query = query.group(.or) { group in
                group.filter(\.$name ~~ filter.q)
                group.filter(\.$regionCode =~ filter.q)
            }
        }
        if let kind = filter.kind { query = query.filter(\.$kind == kind) }
        return query
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        try await query(filter, on: db).count()
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [Row] {
        try await query(filter, on: db).sort(\.$regionCode).sort(\.$id).range(offset..<(offset + limit)).all()
            .compactMap { org in
                org.id.map { Row(id: $0, name: org.name, kind: org.kind, regionCode: org.regionCode, active: org.active) }
            }
    }
}

/// A `from`–`to` day range (China time), either end optional.
struct DayRange: Sendable {
    let from: String
    let to: String
    let start: Date?
    let end: Date?

    init(_ query: [String: String]) {
        from = queryText(query, "from", max: 10)
        to = queryText(query, "to", max: 10)
        start = EnterpriseForm.parseDate(from)
        end = EnterpriseForm.parseDate(to).map { $0.addingTimeInterval(86_400) }
    }
}

extension QueryBuilder {
    /// Rows whose `keyPath` date lies in the day range.
    func within(_ range: DayRange, _ keyPath: KeyPath<Model, FieldProperty<Model, Date>>) -> Self {
        var query = self
        if let start = range.start { query = query.filter(keyPath >= start) }
        if let end = range.end { query = query.filter(keyPath < end) }
        return query
    }

    /// One page in the list order: newest first by `keyPath`, then by id.
    func newestFirst(_ keyPath: KeyPath<Model, FieldProperty<Model, Date>>, offset: Int, limit: Int) async throws
        -> [Model] where Model.IDValue == Int
    {
        try await sort(keyPath, .descending).sort(\._$id, .descending).range(offset..<(offset + limit)).all()
    }
}

/// 登录日志 as a list.
struct LoginLogList: ModelListDefinition {
    struct Filter: Sendable {
        let q: String
        let outcome: String
        let range: DayRange
    }

    static let id = "logins"
    let title = "登录日志"
    let roles = Access.auditAdmin.roles
    static let reasons = ["ok": "登录成功", "bad_password": "密码错误", "unknown_account": "账号不存在",
                          "captcha": "验证码错误", "locked": "已锁定", "disabled": "账号停用"]

    var columns: [ListColumn<LoginAttempt>] {
        [
            ListColumn("时间", width: 20) { row, _ in .dateTime(row.at) },
            ListColumn("账号", width: 16) { row, _ in .text(row.account) },
            ListColumn("IP", width: 16) { row, _ in .text(row.ip) },
            ListColumn("结果", width: 8) { row, _ in row.success ? .badge("成功", tone: "success") : .badge("失败", tone: "danger") },
            ListColumn("说明", width: 12) { row, _ in .text(Self.reasons[row.reason] ?? row.reason) },
            ListColumn("浏览器", width: 40) { row, _ in .text(row.userAgent ?? "") },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(q: queryText(query, "q"), outcome: query["outcome"] ?? "", range: DayRange(query))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("q", filter.q), ("outcome", filter.outcome), ("from", filter.range.from), ("to", filter.range.to)]
            .filter { !$0.1.isEmpty }
    }

    var newest: KeyPath<LoginAttempt, FieldProperty<LoginAttempt, Date>> { \.$at }

    func query(_ filter: Filter, on db: any Database) -> QueryBuilder<LoginAttempt> {
        var query = LoginAttempt.query(on: db)
        if !filter.q.isEmpty {
            query = query.group(.or) { group in
                group.filter(\.$account ~~ filter.q.lowercased())
                group.filter(\.$ip ~~ filter.q)
            }
        }
        if filter.outcome == "success" || filter.outcome == "failure" {
            query = query.filter(\.$success == (filter.outcome == "success"))
        }
        return query.within(filter.range, \.$at)
    }
}

/// 操作日志 as a list.
struct AuditLogList: ModelListDefinition {
    struct Filter: Sendable {
        let q: String
        let action: AuditAction?
        let outcome: AuditOutcome?
        let range: DayRange
    }

    static let id = "audit"
    let title = "操作日志"
    /// Only the audit administrator reads the audit and login logs (三员分立): not even the system administrator,
    /// whose own actions they record.
    let roles = Access.auditAdmin.roles

    var columns: [ListColumn<AuditEntry>] {
        [
            ListColumn("时间", width: 20) { row, _ in .dateTime(row.at) },
            ListColumn("账号", width: 14) { row, _ in row.account.map { .text($0) } ?? .empty },
            ListColumn("机构", width: 24) { row, _ in row.organization.map { .text($0) } ?? .empty },
            ListColumn("IP", width: 16) { row, _ in row.ip.map { .text($0) } ?? .empty },
            ListColumn("操作", width: 12) { row, _ in .text(AuditAction(rawValue: row.action)?.label ?? row.action) },
            ListColumn("对象", width: 18) { row, _ in
                .text([row.targetType, row.targetID].compactMap { $0 }.joined(separator: " #"))
            },
            ListColumn("结果", width: 8) { row, _ in
                let outcome = AuditOutcome(rawValue: row.outcome)
                return .badge(outcome?.label ?? row.outcome, tone: outcome == .success ? "success" : "danger")
            },
            ListColumn("详情", width: 50) { row, _ in .text(row.detail ?? "") },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(q: queryText(query, "q"), action: query["action"].flatMap(AuditAction.init(rawValue:)),
               outcome: query["outcome"].flatMap(AuditOutcome.init(rawValue:)), range: DayRange(query))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("q", filter.q), ("action", filter.action?.rawValue ?? ""), ("outcome", filter.outcome?.rawValue ?? ""),
         ("from", filter.range.from), ("to", filter.range.to)].filter { !$0.1.isEmpty }
    }

    var newest: KeyPath<AuditEntry, FieldProperty<AuditEntry, Date>> { \.$at }

    func query(_ filter: Filter, on db: any Database) -> QueryBuilder<AuditEntry> {
        var query = AuditEntry.query(on: db)
        if !filter.q.isEmpty {
            query = query.group(.or) { group in
                group.filter(\.$account ~~ filter.q)
                group.filter(\.$organization ~~ filter.q)
                group.filter(\.$targetID == filter.q)
                group.filter(\.$ip ~~ filter.q)
            }
        }
        if let action = filter.action { query = query.filter(\.$action == action.rawValue) }
        if let outcome = filter.outcome { query = query.filter(\.$outcome == outcome.rawValue) }
        return query.within(filter.range, \.$at)
    }
}

/// 短信记录 as a list.
struct SMSList: ModelListDefinition {
    static let id = "sms"
    let title = "短信记录"
    let roles = Access.platformAdmin.roles

    var columns: [ListColumn<SMSMessage>] {
        [
            ListColumn("时间", width: 20) { row, _ in .dateTime(row.createdAt) },
            ListColumn("手机号", width: 14) { row, _ in .text(row.phone) },
            ListColumn("用途", width: 12) { row, _ in .text(row.purpose) },
            ListColumn("内容", width: 60) { row, _ in .text(row.content) },
            ListColumn("状态", width: 12) { row, _ in .text(row.status) },
        ]
    }

    func filter(from query: [String: String]) -> String { queryText(query, "q", max: 32) }

    func queryItems(_ filter: String) -> [(String, String)] { filter.isEmpty ? [] : [("q", filter)] }

    var newest: KeyPath<SMSMessage, FieldProperty<SMSMessage, Date>> { \.$createdAt }

    func query(_ filter: String, on db: any Database) -> QueryBuilder<SMSMessage> {
        filter.isEmpty ? SMSMessage.query(on: db) : SMSMessage.query(on: db).filter(\.$phone ~~ filter)
    }
}
