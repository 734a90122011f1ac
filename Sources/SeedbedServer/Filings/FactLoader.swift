import Fluent
import NIOConcurrencyHelpers
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
    /// columns of the scored year but only revenue and profit of the year before). Without `details` the slots
    /// carry no name, code, industry or field — a million strings a scoring run never reads.
    func load(scope: DataScope, factsByYear: [Int: [FactID]], details: Bool = true) async throws -> Loaded {
        let slotColumns = details
            ? ["id", "name", "uscc", "region_code", "zone_id", "incubator_id", "registered_on", "industry_code", "tech_field"]
            : ["id", "region_code", "zone_id", "incubator_id", "registered_on"]
        let slotQuery = sql.select().columns(slotColumns.map { SQLColumn($0, table: "e") })
            .from(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")))
            .where(ScopeFilter(scope, table: "e", enterpriseColumn: "id"))
            .where(SQLColumn("status", table: "e"), .equal, SQLBind(EnterpriseStatus.active))
            .orderBy(SQLColumn("id", table: "e"))
        // Rows arrive on the driver's thread one at a time; the box hands the result back once the query is done.
        let found = NIOLockedValueBox<[Slot]>([])
        try await ColumnRows.forEach(sql, slotQuery, columns: slotColumns) { row in
            guard let id = row.int(0) else { return }
            let slot = details
                ? Slot(id: id, name: row.string(1) ?? "", uscc: row.string(2) ?? "", regionCode: row.string(3) ?? "",
                       zoneID: row.int(4), incubatorID: row.int(5), registeredOn: row.string(6),
                       industryCode: row.string(7), techField: row.int(8))
                : Slot(id: id, name: "", uscc: "", regionCode: row.string(1) ?? "", zoneID: row.int(2),
                       incubatorID: row.int(3), registeredOn: row.string(4), industryCode: nil, techField: nil)
            found.withLockedValue { $0.append(slot) }
        }
        let slots = found.withLockedValue { $0 }
        var index: [Int: Int] = [:]
        index.reserveCapacity(slots.count)
        for (position, slot) in slots.enumerated() { index[slot.id] = position }
        let lookup = index
        // One pass over the fact table for every year asked for: the rows of neighbouring years share pages, so
        // reading them together reads each page once.
        let years = factsByYear.keys.sorted()
        let factColumns = EnterpriseFacts.columns.filter { fact in factsByYear.values.contains { $0.contains(fact) } }
        let names = factColumns.map(\.rawValue)
        let wantedPositions = Dictionary(uniqueKeysWithValues: years.map { year in
            (year, factColumns.indices.filter { factsByYear[year]?.contains(factColumns[$0]) ?? false })
        })
        let query = sql.select().column(SQLColumn("enterprise_id", table: "f")).column(SQLColumn("year", table: "f"))
            .columns(names.map { SQLColumn($0, table: "f") })
            .from(SQLAlias(SQLIdentifier(EnterpriseFacts.schema), as: SQLIdentifier("f")))
            .where(ScopeFilter(scope, table: "f"))
            .where(yearColumn(scope: scope), .in, SQLBind.group(years))
        // One array per column and year, addressed by position: a million rows times two dozen columns is the
        // hot loop.
        let yearIndex = Dictionary(uniqueKeysWithValues: years.enumerated().map { ($0.element, $0.offset) })
        let columns = NIOLockedValueBox(years.map { year in
            YearColumns(count: slots.count, columns: factColumns.count, wanted: wantedPositions[year] ?? [])
        })
        try await ColumnRows.forEach(sql, query, columns: ["enterprise_id", "year"] + names) { row in
            guard let id = row.int(0), let slot = lookup[id], let year = row.int(1), let index = yearIndex[year],
                  let positions = wantedPositions[year]
            else { return }
            columns.withLockedValue { all in
                all[index].seen[slot] = true
                for position in positions { all[index].values[position][slot] = row.double(position + 2) }
            }
        }
        let loaded = columns.withLockedValue { $0 }
        var history = FactHistory(count: slots.count)
        var present: [Int: [Bool]] = [:]
        for (index, year) in years.enumerated() {
            let data = loaded[index]
            guard let positions = wantedPositions[year] else { continue }
            present[year] = data.seen
            guard data.seen.contains(true) else { continue }
            var frame = FactFrame(count: slots.count)
            for position in positions { frame.setColumn(factColumns[position], data.values[position]) }
            history.setFrame(frame, for: year)
        }
        // IP counts an approved report leaves empty come from the enterprise's valid IP records (IPRecords.fillFacts).
        try await IPRecords.fillFacts(&history, present: present, slots: lookup, scope: scope, wanted: factsByYear, on: sql)
        return Loaded(slots: slots, history: history, present: present)
    }

    /// The year column to filter on. When every enterprise is read, `year + 0` keeps the database from walking the
    /// (year, region) index row by row: scanning the table is several times faster when most of it is wanted.
    private func yearColumn(scope: DataScope) -> any SQLExpression {
        let year = SQLColumn("year", table: "f")
        return scope == .all ? SQLBinaryExpression(year, .add, SQLLiteral.numeric("0")) : year
    }

    private struct YearColumns: Sendable {
        var seen: [Bool]
        var values: [[Double]]

        /// Columns not wanted in this year stay empty.
        init(count: Int, columns: Int, wanted: [Int]) {
            seen = [Bool](repeating: false, count: count)
            values = (0..<columns).map { wanted.contains($0) ? [Double](repeating: .nan, count: count) : [] }
        }
    }
}
