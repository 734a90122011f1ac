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
        // With `readers` on PostgreSQL the enterprises are read in two id ranges at once too: a national run's
        // million rows were one statement, decoded on one core while the other waited.
        let slotHandles = readers.isEmpty || !(sql is any PostgresDatabase) ? [sql] : [sql] + readers.prefix(1)
        var bounds: [Int?] = [nil, nil]
        if slotHandles.count > 1,
           let row = try await sql.select().column(SQLFunction("MIN", args: SQLIdentifier("id")), as: "low")
               .column(SQLFunction("MAX", args: SQLIdentifier("id")), as: "high").from(Enterprise.schema).first(),
           let low = try row.decode(column: "low", as: Int?.self), let high = try row.decode(column: "high", as: Int?.self),
           high > low
        {
            bounds = [nil, low / 2 + high / 2, nil]
        }
        let parted = try await withThrowingTaskGroup(of: (Int, [Slot]).self) { group in
            for part in 0..<(bounds.count - 1) {
                let handle = slotHandles[min(part, slotHandles.count - 1)]
                let (low, high) = (bounds[part], bounds[part + 1])
                group.addTask {
                    var query = handle.select().columns(slotColumns.map { SQLColumn($0, table: "e") })
                        .from(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")))
                        .where(ScopeFilter(scope, table: "e", enterpriseColumn: "id"))
                        .where(SQLColumn("status", table: "e"), .equal, SQLBind(EnterpriseStatus.active))
                    if let low { query = query.where(SQLColumn("id", table: "e"), .greaterThan, SQLBind(low)) }
                    if let high { query = query.where(SQLColumn("id", table: "e"), .lessThanOrEqual, SQLBind(high)) }
                    query = query.orderBy(SQLColumn("id", table: "e"))
                    // Rows arrive on the driver's thread one at a time; the box hands the result back once the query
                    // is done.
                    let found = NIOLockedValueBox<[Slot]>([])
                    try await ColumnRows.forEach(handle, query, columns: slotColumns) { row in
                        guard let id = row.int(0) else { return }
                        let slot = details
                            ? Slot(id: id, name: row.string(1) ?? "", uscc: row.string(2) ?? "", regionCode: row.string(3) ?? "",
                                   zoneID: row.int(4), incubatorID: row.int(5), registeredOn: row.string(6),
                                   industryCode: row.string(7), techField: row.int(8))
                            : Slot(id: id, name: "", uscc: "", regionCode: row.string(1) ?? "", zoneID: row.int(2),
                                   incubatorID: row.int(3), registeredOn: row.string(4), industryCode: nil, techField: nil)
                        found.withLockedValue { $0.append(slot) }
                    }
                    return (part, found.withLockedValue { $0 })
                }
            }
            var byPart: [Int: [Slot]] = [:]
            for try await (part, slots) in group { byPart[part] = slots }
            return byPart
        }
        let slots = parted.keys.sorted().flatMap { parted[$0] ?? [] }
        let lookup = SlotIndex(ids: slots.map(\.id))
        // One pass over the fact table for every year asked for: the rows of neighbouring years share pages, so
        // reading them together reads each page once.
        let years = factsByYear.keys.sorted()
        let factColumns = EnterpriseFacts.columns.filter { fact in factsByYear.values.contains { $0.contains(fact) } }
        let names = factColumns.map(\.rawValue)
        let wantedPositions = Dictionary(uniqueKeysWithValues: years.map { year in
            (year, factColumns.indices.filter { factsByYear[year]?.contains(factColumns[$0]) ?? false })
        })
        // With `readers`, each part reads the facts of a contiguous run of slots (an id range) into columns of its
        // own, joined in slot order afterwards.
        let handles = [sql] + (slots.count >= partedReadMinimum && sql is any PostgresDatabase ? readers : [])
        let parts = handles.indices.map { part in
            (slots.count * part / handles.count)..<(slots.count * (part + 1) / handles.count)
        }
        // A column only some years want is sent as NULL in the others: a scoring run reads two dozen columns of its
        // year but two of the year before, and a million rows of 22 unwanted numbers were sent, received and cut
        // out for nothing. Elsewhere each column is selected on its own (`CASE WHEN year IN …` where some years
        // do not want it); on PostgreSQL a row is one array, chosen by one `CASE year` (`FactArrayRows`).
        let yearSQL = SQLColumn("year", table: "f")
        let selected: [any SQLExpression] = factColumns.indices.map { position in
            let column = SQLColumn(names[position], table: "f")
            let wanting = years.filter { wantedPositions[$0]?.contains(position) ?? false }
            guard wanting.count < years.count else { return column }
            return SQLAlias(SQLQueryString("""
                CASE WHEN \(yearSQL) IN (\(SQLList(wanting.map { SQLLiteral.numeric(String($0)) }))) THEN \(column) END
                """), as: SQLIdentifier(names[position]))
        }
        // Each year's array holds only the columns that year wants, in column order: element k is the year's k-th
        // wanted column (`YearColumns.record`). The year before a scoring run's sends two numbers a row, not 24.
        let arrays: [any SQLExpression] = years.compactMap { year in
            let elements = (wantedPositions[year] ?? []).map { SQLColumn(names[$0], table: "f") }
            guard !elements.isEmpty else { return nil }
            return SQLQueryString("WHEN \(literal: year) THEN ARRAY[\(SQLList(elements))]::float8[]")
        }
        let array: any SQLExpression = arrays.isEmpty
            ? SQLRaw("NULL::float8[]") : SQLQueryString("CASE \(yearSQL) \(SQLList(arrays, separator: SQLRaw(" "))) END")
        let scopeFilter = ScopeFilter(scope, table: "f")
        let year = yearColumn(scope: scope)
        let read = try await withThrowingTaskGroup(of: (Int, [YearColumns]).self) { group in
            for (part, range) in parts.enumerated() where !range.isEmpty || parts.count == 1 {
                let handle = handles[part]
                group.addTask {
                    // On PostgreSQL a row's facts come as one float8[] (`FactArrayRows`); elsewhere as columns.
                    let postgres = handle as? any PostgresDatabase
                    var query = handle.select().column(SQLColumn("enterprise_id", table: "f"))
                        .column(SQLColumn("year", table: "f"))
                    query = postgres != nil ? query.column(array) : query.columns(selected)
                    query = query.from(SQLAlias(SQLIdentifier(EnterpriseFacts.schema), as: SQLIdentifier("f")))
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
                    if let postgres {
                        // The parts already keep both cores busy; each part's statement gets no parallel workers of
                        // its own and no JIT compilation (`FactArrayRows`).
                        try await FactArrayRows.forEach(postgres, handle, query, serial: parts.count > 1) { id, year, facts in
                            guard let found = lookup[id], range.contains(found), let index = years.firstIndex(of: year)
                            else { return }
                            columns.withLockedValue { all in all[index].record(slot: found - offset, facts) }
                        }
                    } else {
                        try await ColumnRows.forEach(handle, query, columns: ["enterprise_id", "year"] + names) { row in
                            guard let id = row.int(0), let found = lookup[id], range.contains(found), let year = row.int(1),
                                  let index = years.firstIndex(of: year)
                            else { return }
                            columns.withLockedValue { all in all[index].record(slot: found - offset, row, from: 2) }
                        }
                    }
                    return (part, columns.withLockedValue { $0 })
                }
            }
            var byPart: [Int: [YearColumns]] = [:]
            for try await (part, columns) in group { byPart[part] = columns }
            return parts.indices.compactMap { byPart[$0] }
        }
        var history = FactHistory(count: slots.count)
        var present: [Int: [Bool]] = [:]
        for (index, year) in years.enumerated() {
            let pieces = read.compactMap { $0.indices.contains(index) ? $0[index] : nil }
            guard let positions = wantedPositions[year] else { continue }
            let seen = pieces.count == 1 ? pieces[0].seen : pieces.flatMap(\.seen)
            present[year] = seen
            guard seen.contains(true) else { continue }
            var frame = FactFrame(count: slots.count)
            for position in positions {
                frame.setColumn(factColumns[position], YearColumns.column(position, of: pieces))
            }
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

    /// One year's facts of a part's slots: whether each slot has a row that year, and the year's wanted columns
    /// one after another in one array (a column the year does not want takes no room).
    private struct YearColumns: Sendable {
        let count: Int
        var seen: [Bool]
        /// Per fact column, its place among the stored columns; nil when the year does not want it.
        let stored: [Int?]
        var values: [Double]

        init(count: Int, columns: Int, wanted: [Int]) {
            self.count = count
            seen = [Bool](repeating: false, count: count)
            var stored = [Int?](repeating: nil, count: columns)
            for (place, position) in wanted.enumerated() where stored.indices.contains(position) { stored[position] = place }
            self.stored = stored
            values = [Double](repeating: .nan, count: wanted.count * count)
        }

        /// Records slot `slot`'s row, its facts the year's wanted columns in order.
        mutating func record(slot: Int, _ facts: Float8Array) {
            guard seen.indices.contains(slot) else { return }
            seen[slot] = true
            let count = self.count
            values.withUnsafeMutableBufferPointer { values in
                facts.forEach { place, value in
                    let index = place * count + slot
                    if index < values.count { values[index] = value }
                }
            }
        }

        /// Records slot `slot`'s row, its facts from column `first` on.
        mutating func record(slot: Int, _ row: any ColumnRow, from first: Int) {
            guard seen.indices.contains(slot) else { return }
            seen[slot] = true
            for (position, place) in stored.enumerated() {
                guard let place else { continue }
                let index = place * count + slot
                if values.indices.contains(index) { values[index] = row.double(first + position) }
            }
        }

        /// Column `position` of the parts, which cover consecutive slot ranges in order.
        static func column(_ position: Int, of parts: [YearColumns]) -> [Double] {
            var column: [Double] = []
            column.reserveCapacity(parts.reduce(0) { $0 + $1.count })
            for part in parts {
                guard part.stored.indices.contains(position), let place = part.stored[position] else {
                    column.append(contentsOf: repeatElement(.nan, count: part.count))
                    continue
                }
                let start = place * part.count
                column.append(contentsOf: part.values[start..<(start + part.count)])
            }
            return column
        }
    }
}

/// The slot of an enterprise id among slots ordered by id. Ids come from one sequence, so they are nearly dense:
/// then a table indexed by id answers with one read, where a dictionary of a million ids hashes and misses the
/// cache on every one of two million fact rows. Sparse ids fall back to a dictionary.
struct SlotIndex: Sendable {
    private let first: Int
    private let table: [Int32]
    private let dictionary: [Int: Int]

    /// `ids` ascending, one per slot.
    init(ids: [Int]) {
        if let low = ids.first, let high = ids.last, ids.count < Int32.max {
            let (span, overflow) = high.subtractingReportingOverflow(low)
            if !overflow, span >= 0, span < 4 * ids.count + 1024 {
                var table = [Int32](repeating: -1, count: span + 1)
                for (slot, id) in ids.enumerated() where id >= low && id - low <= span { table[id - low] = Int32(slot) }
                first = low
                self.table = table
                dictionary = [:]
                return
            }
        }
        first = 0
        table = []
        var dictionary: [Int: Int] = [:]
        dictionary.reserveCapacity(ids.count)
        for (slot, id) in ids.enumerated() { dictionary[id] = slot }
        self.dictionary = dictionary
    }

    subscript(id: Int) -> Int? {
        guard !table.isEmpty else { return dictionary[id] }
        let (offset, overflow) = id.subtractingReportingOverflow(first)
        guard !overflow, offset >= 0, offset < table.count else { return nil }
        let slot = table[offset]
        return slot >= 0 ? Int(slot) : nil
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
