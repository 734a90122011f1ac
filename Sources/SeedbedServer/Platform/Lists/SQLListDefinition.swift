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
