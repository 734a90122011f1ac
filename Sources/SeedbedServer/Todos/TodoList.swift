import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// One row of 待办发布: a to-do with its recipients counted.
struct TodoRow: Sendable, Decodable {
    let id: Int
    let title: String
    let publisherName: String
    let deadline: String
    let audience: String
    let createdAt: Date
    let total: Int
    let completed: Int

    enum CodingKeys: String, CodingKey {
        case id, title, deadline, audience, total, completed
        case publisherName = "publisher_name"
        case createdAt = "created_at"
    }
}

/// 待办发布: the to-dos the user's organisation published (the national centre: every to-do), newest first,
/// searched by title; the export holds the same rows.
struct TodoList: ListDefinition {
    struct Filter: Sendable {
        var query: String
    }

    static let id = "todos"
    let title = "待办发布"
    let roles = Access.todoPublishers.roles
    /// The publishing organisation whose to-dos are listed; nil for all (the national centre); -1 for none.
    var publisherOrgID: Int? = -1
    /// Today, China time, for the 状态 column.
    var today = LocalDate(daysSince1970: 0)

    func configured(for user: CurrentUser) -> TodoList {
        var list = self
        list.publisherOrgID = user.role == .national ? nil : (user.organizationID ?? -1)
        return list
    }

    func prepared(on app: Application) async throws -> TodoList {
        var list = self
        list.today = LocalDate(chinaTimeOf: app.clock.now())
        return list
    }

    var columns: [ListColumn<TodoRow>] {
        let today = today
        return [
            ListColumn("待办名称", width: 30) { row, _ in .link(row.title, href: "\(Page.todoPublishing.path)/\(row.id)") },
            ListColumn("发布单位", width: 20) { row, _ in .text(row.publisherName) },
            ListColumn("接收范围", width: 30) { row, _ in .text(row.audience) },
            ListColumn("截止日期", width: 12) { row, _ in .date(row.deadline) },
            ListColumn("完成情况", width: 12) { row, _ in .text("\(row.completed)/\(row.total)") },
            ListColumn("状态", width: 10) { row, _ in
                let deadline = (try? LocalDate(iso: row.deadline)) ?? today
                if row.total > 0 && row.completed == row.total { return .badge("全部完成", tone: "success") }
                let urgency = TodoUrgency.of(deadline: deadline, today: today, state: .published)
                return .badge(urgency.label, tone: urgency.tone)
            },
            ListColumn("发布时间", width: 20) { row, _ in .dateTime(row.createdAt) },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(query: String((query["q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100)))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        filter.query.isEmpty ? [] : [("q", filter.query)]
    }

    private func conditions(_ filter: Filter) -> any SQLExpression {
        var parts: [any SQLExpression] = []
        if let publisherOrgID {
            parts.append(SQLBinaryExpression(SQLColumn("publisher_org_id", table: "t"), .equal, SQLBind(publisherOrgID)))
        }
        if !filter.query.isEmpty {
            parts.append(Like(column: SQLColumn("title", table: "t"), pattern: "%" + Like.escape(filter.query) + "%"))
        }
        guard var expression = parts.first else { return SQLRaw("1 = 1") }
        for part in parts.dropFirst() { expression = SQLBinaryExpression(expression, .and, part) }
        return expression
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        return try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier(TodoRecord.schema), as: SQLIdentifier("t"))).where(conditions(filter))
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [TodoRow] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.select()
            .columns(SQLColumn("id", table: "t"), SQLColumn("title", table: "t"), SQLColumn("publisher_name", table: "t"),
                     SQLColumn("deadline", table: "t"), SQLColumn("audience", table: "t"), SQLColumn("created_at", table: "t"))
            .column(SQLGroupExpression(SQLQueryString(
                "SELECT COUNT(*) FROM \(ident: TodoRecipient.schema) r WHERE r.todo_id = t.id")), as: "total")
            .column(SQLGroupExpression(SQLQueryString(
                "SELECT COUNT(*) FROM \(ident: TodoRecipient.schema) r WHERE r.todo_id = t.id AND r.state = \(bind: TodoState.completed.rawValue)")),
                as: "completed")
            .from(SQLAlias(SQLIdentifier(TodoRecord.schema), as: SQLIdentifier("t"))).where(conditions(filter))
            .orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: "t"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "t"), direction: SQLDirection.descending))
            .limit(limit).offset(offset).all(decoding: TodoRow.self)
    }
}
