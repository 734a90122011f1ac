import Fluent
import SeedbedDomain
import SQLKit

/// A list read with SQL: it says how a select is narrowed to its tables, filter and scope, and counts its rows as
/// that select's `COUNT(*)` like every other such list.
protocol SQLListDefinition: ListDefinition {
    /// `builder` with the list's tables, its filter and the scope; the caller adds the columns and the order.
    func base(_ builder: SQLSelectBuilder, _ filter: Filter, scope: DataScope) -> SQLSelectBuilder
}

extension SQLListDefinition {
    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        return try await base(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"), filter, scope: scope)
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }
}

/// Keyset paging for a list ordered by one unique integer column (its id): where a position starts and which
/// way the select runs. A list's `rows(_:scope:from:limit:on:)` hands its select (tables, filter, scope and
/// columns) and how it reads a select's rows to `rows(_:limit:_:fetch:)`; keys are the id as text.
struct SQLKeyset {
    let column: SQLColumn
    /// The list's order: newest (highest id) first.
    let descending: Bool

    static func key(_ id: Int) -> String { String(id) }

    /// The rows of `select` at `position`, in the list's order; nil when a key is not one of this list's (the
    /// caller then pages by offset).
    func rows<Row>(_ position: ListPosition, limit: Int, _ select: SQLSelectBuilder,
                   fetch: (SQLSelectBuilder) async throws -> [Row]) async throws -> [Row]? {
        let forward = descending ? SQLDirection.descending : SQLDirection.ascending
        let backward = descending ? SQLDirection.ascending : SQLDirection.descending
        var builder = select
        let reversed: Bool
        switch position {
        case .start:
            builder = builder.orderBy(SQLOrderBy(expression: column, direction: forward))
            reversed = false
        case .after(let key), .before(let key):
            guard let id = InputNumber.integer(key, in: InputRange.id) else { return nil }
            let isAfter = position == .after(key)
            // After a row in a descending list: the smaller ids; before it: the larger ones, read nearest first.
            let smaller = isAfter == descending
            builder = builder.where(column, smaller ? .lessThan : .greaterThan, SQLBind(id))
                .orderBy(SQLOrderBy(expression: column, direction: isAfter ? forward : backward))
            reversed = !isAfter
        case .end(let skipping):
            builder = builder.orderBy(SQLOrderBy(expression: column, direction: backward)).offset(max(0, skipping))
            reversed = true
        }
        let rows = try await fetch(builder.limit(max(0, limit)))
        return reversed ? rows.reversed() : rows
    }
}
