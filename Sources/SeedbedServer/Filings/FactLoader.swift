import Fluent
import FluentPostgresDriver
import NIOConcurrencyHelpers
import SeedbedDomain
import SQLKit
import Vapor

/// Loads facts into columns (DESIGN.md §5): one slot per enterprise in scope, one `[Double]` per fact and year.
/// Rows stream from the database; nothing goes through the ORM. Scoring, libraries and the snapshot share it.
struct FactLoader {
    let sql: any SQLDatabase
    /// More handles on the same PostgreSQL database, each bound to another event loop. With them the fact rows are
    /// read in contiguous id ranges at once, one per handle: a row is decoded on its connection's loop, so one
    /// query keeps one core busy however many the server has (a national scoring run's read was 8 s on one core).
    /// They read outside any transaction `sql` is in: only for reads that want committed data, as a run's do.
    var readers: [any SQLDatabase] = []
    /// Fewer slots than this are read by one query: splitting a small read only adds statements.
    var partedReadMinimum = 50_000

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
        // One array per column and year, addressed by position: a million rows times two dozen columns is the
        // hot loop. With `readers`, each part reads the facts of a contiguous run of slots (an id range) into
        // arrays of its own, joined in slot order afterwards.
        let yearIndex = Dictionary(uniqueKeysWithValues: years.enumerated().map { ($0.element, $0.offset) })
        let handles = [sql] + (slots.count >= partedReadMinimum && sql is any PostgresDatabase ? readers : [])
        let parts = handles.indices.map { part in
            (slots.count * part / handles.count)..<(slots.count * (part + 1) / handles.count)
        }
        // A column only some years want is sent as NULL in the others (`CASE WHEN year IN …`): a scoring run reads
        // two dozen columns of its year but two of the year before, and a million rows of 22 unwanted numbers were
        // sent, received and cut out for nothing.
        let selected: [any SQLExpression] = factColumns.indices.map { position in
            let column = SQLColumn(names[position], table: "f")
            let wanting = years.filter { wantedPositions[$0]?.contains(position) ?? false }
            guard wanting.count < years.count else { return column }
            return SQLAlias(SQLQueryString("""
                CASE WHEN \(SQLColumn("year", table: "f")) IN (\(SQLList(wanting.map { SQLLiteral.numeric(String($0)) }))) \
                THEN \(column) END
                """), as: SQLIdentifier(names[position]))
        }
        let scopeFilter = ScopeFilter(scope, table: "f")
        let year = yearColumn(scope: scope)
        let read = try await withThrowingTaskGroup(of: (Int, [YearColumns]).self) { group in
            for (part, range) in parts.enumerated() where !range.isEmpty || parts.count == 1 {
                let handle = handles[part]
                group.addTask {
                    var query = handle.select().column(SQLColumn("enterprise_id", table: "f"))
                        .column(SQLColumn("year", table: "f"))
                        .columns(selected)
                        .from(SQLAlias(SQLIdentifier(EnterpriseFacts.schema), as: SQLIdentifier("f")))
                        .where(scopeFilter)
                        .where(year, .in, SQLBind.group(years))
                    if parts.count > 1, !range.isEmpty, range.upperBound <= slots.count {
                        query = query
                            .where(SQLColumn("enterprise_id", table: "f"), .greaterThanOrEqual, SQLBind(slots[range.lowerBound].id))
                            .where(SQLColumn("enterprise_id", table: "f"), .lessThanOrEqual, SQLBind(slots[range.upperBound - 1].id))
                    }
                    let offset = range.lowerBound
                    let columns = NIOLockedValueBox(years.map { year in
                        YearColumns(count: range.count, columns: factColumns.count, wanted: wantedPositions[year] ?? [])
                    })
                    try await ColumnRows.forEach(handle, query, columns: ["enterprise_id", "year"] + names) { row in
                        guard let id = row.int(0), let found = lookup[id], range.contains(found), let year = row.int(1),
                              let index = yearIndex[year], let positions = wantedPositions[year]
                        else { return }
                        let slot = found - offset
                        columns.withLockedValue { all in
                            all[index].seen[slot] = true
                            for position in positions { all[index].values[position][slot] = row.double(position + 2) }
                        }
                    }
                    return (part, columns.withLockedValue { $0 })
                }
            }
            var byPart: [Int: [YearColumns]] = [:]
            for try await (part, columns) in group { byPart[part] = columns }
            return parts.indices.compactMap { byPart[$0] }
        }
        let loaded = read.count == 1 ? read[0]
            : YearColumns.joined(read, wanted: years.map { wantedPositions[$0] ?? [] }, columns: factColumns.count)
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

        /// The parts' columns one after another, per year (`wanted[year]` its wanted column positions): the parts
        /// cover consecutive slot ranges in order.
        static func joined(_ parts: [[YearColumns]], wanted: [[Int]], columns: Int) -> [YearColumns] {
            wanted.enumerated().map { year, positions in
                let pieces = parts.compactMap { $0.indices.contains(year) ? $0[year] : nil }
                var joined = YearColumns(count: 0, columns: columns, wanted: [])
                joined.seen = pieces.flatMap(\.seen)
                for position in positions where position < columns {
                    joined.values[position] = pieces.flatMap { $0.values.indices.contains(position) ? $0.values[position] : [] }
                }
                return joined
            }
        }
    }
}

extension Application {
    /// A handle on this database for each event loop other than `db`'s, to read in parts at once
    /// (`FactLoader.readers`); empty on SQLite, where one writer file gains nothing from it.
    func parallelReaders(besides db: any Database) -> [any Database] {
        guard db is any PostgresDatabase else { return [] }
        var readers: [any Database] = []
        for loop in eventLoopGroup.makeIterator() where loop !== db.eventLoop {
            if let reader = databases.database(logger: logger, on: loop) { readers.append(reader) }
        }
        return readers
    }
}
