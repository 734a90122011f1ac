import Fluent
import Foundation
import SeedbedDomain

/// A list whose rows are one model's, newest first: it says how its filter narrows the model's query and which date
/// orders it, and counts and pages through that query like every other such list.
protocol ModelListDefinition: ListDefinition where Row: Model, Row.IDValue == Int {
    /// The model's rows the filter keeps, in no particular order.
    func query(_ filter: Filter, on db: any Database) -> QueryBuilder<Row>
    /// The date the list is ordered by, newest first (then by id, newest first).
    var newest: KeyPath<Row, FieldProperty<Row, Date>> { get }
}

extension ModelListDefinition {
    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        try await query(filter, on: db).count()
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [Row] {
        try await query(filter, on: db).newestFirst(newest, offset: offset, limit: limit)
    }
}
