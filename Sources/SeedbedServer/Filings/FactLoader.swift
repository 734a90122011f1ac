import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// Loads facts into columns (DESIGN.md §5): one slot per enterprise in scope, one `[Double]` per fact and year.
/// Rows stream from the database; nothing goes through the ORM. Scoring, libraries and the snapshot share it.
struct FactLoader {
    let sql: any SQLDatabase

    /// One enterprise of the slots, as the engines need it.
    struct Slot: Sendable {
        let id: Int
        let name: String
        let uscc: String
        let regionCode: String
        let zoneID: Int?
        let incubatorID: Int?
        let registeredOn: String?
        let industryCode: String?
        let techField: Int?
    }

    struct Loaded: Sendable {
        let slots: [Slot]
        let history: FactHistory
        /// Per loaded year, whether each slot has a fact row that year (an approved report), as opposed to a row
        /// whose wanted columns happen to be empty.
        var present: [Int: [Bool]] = [:]
    }

    /// Active enterprises in `scope` (ordered by id) and their facts for `years` (only `facts`, or every column).
    func load(scope: DataScope, years: [Int], facts wanted: [FactID]? = nil) async throws -> Loaded {
        let factColumns = wanted.map { list in EnterpriseFacts.columns.filter { list.contains($0) } } ?? EnterpriseFacts.columns
        return try await load(scope: scope, factsByYear: Dictionary(uniqueKeysWithValues: years.map { ($0, factColumns) }))
    }

    /// Active enterprises in `scope` and, per year, only the facts that year needs (a scoring run reads two dozen
    /// columns of the scored year but only revenue and profit of the year before).
    func load(scope: DataScope, factsByYear: [Int: [FactID]]) async throws -> Loaded {
        var slots: [Slot] = []
        var index: [Int: Int] = [:]
        let slotRows = try await sql.select()
            .columns("id", "name", "uscc", "region_code", "zone_id", "incubator_id", "registered_on", "industry_code", "tech_field")
            .from(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")))
            .where(ScopeFilter(scope, table: "e", enterpriseColumn: "id"))
            .where("status", .equal, EnterpriseStatus.active.rawValue)
            .orderBy("id").all()
        slots.reserveCapacity(slotRows.count)
        for row in slotRows {
            guard let id = try? row.decode(column: "id", as: Int.self) else { continue }
            index[id] = slots.count
            slots.append(Slot(id: id, name: (try? row.decode(column: "name", as: String.self)) ?? "",
                              uscc: (try? row.decode(column: "uscc", as: String.self)) ?? "",
                              regionCode: (try? row.decode(column: "region_code", as: String.self)) ?? "",
                              zoneID: try? row.decode(column: "zone_id", as: Int?.self),
                              incubatorID: try? row.decode(column: "incubator_id", as: Int?.self),
                              registeredOn: try? row.decode(column: "registered_on", as: String?.self),
                              industryCode: try? row.decode(column: "industry_code", as: String?.self),
                              techField: try? row.decode(column: "tech_field", as: Int?.self)))
        }
        var history = FactHistory(count: slots.count)
        var present: [Int: [Bool]] = [:]
        for (year, wanted) in factsByYear.sorted(by: { $0.key < $1.key }) {
            let factColumns = EnterpriseFacts.columns.filter { wanted.contains($0) }
            var seen = [Bool](repeating: false, count: slots.count)
            // One array per column, addressed by position: a million rows times two dozen columns is the hot loop.
            var columns = [[Double]](repeating: [Double](repeating: .nan, count: slots.count), count: factColumns.count)
            let names = factColumns.map(\.rawValue)
            let rows = try await sql.select().column("enterprise_id").columns(names)
                .from(SQLAlias(SQLIdentifier(EnterpriseFacts.schema), as: SQLIdentifier("f")))
                .where(ScopeFilter(scope, table: "f"))
                .where("year", .equal, year).all()
            var any = false
            for row in rows {
                guard let id = try? row.decode(column: "enterprise_id", as: Int.self), let slot = index[id] else { continue }
                any = true
                seen[slot] = true
                for (position, name) in names.enumerated() {
                    if let value = try? row.decode(column: name, as: Double?.self) { columns[position][slot] = value }
                }
            }
            present[year] = seen
            guard any else { continue }
            var frame = FactFrame(count: slots.count)
            for (fact, column) in zip(factColumns, columns) { frame.setColumn(fact, column) }
            history.setFrame(frame, for: year)
        }
        return Loaded(slots: slots, history: history, present: present)
    }
}
