import SeedbedDomain

/// The enterprises of a long-lived base (the library pages' `LibraryBase`) as columns: one byte array for every
/// name and code, and the few distinct region codes, dates and industry codes stored once each. A million
/// `FactLoader.Slot` values hold two heap strings each beside a 136-byte struct (≈ 250 MB with the id index);
/// the table holds the same in under half, and a page still reads a `FactLoader.Slot` per row it shows.
struct SlotTable: Sendable {
    private let ids: [Int]
    /// Each slot's name, then its code, back to back in UTF-8; `ends[2s]` ends slot s's name, `ends[2s + 1]` its code.
    private let text: [UInt8]
    private let ends: [Int]
    private let regions: InternedColumn
    private let registered: InternedColumn
    private let industries: InternedColumn
    /// `Int.min` for none.
    private let zones: [Int]
    private let incubators: [Int]
    private let techFields: [Int]
    /// Slots by id, only when the ids did not arrive ascending (they do: `FactLoader` orders by id).
    private let unsortedIndex: [Int: Int]?

    init(_ slots: [FactLoader.Slot]) {
        ids = slots.map(\.id)
        var text: [UInt8] = []
        text.reserveCapacity(slots.reduce(0) { $0 + $1.name.utf8.count + $1.uscc.utf8.count })
        var ends: [Int] = []
        ends.reserveCapacity(slots.count * 2)
        for slot in slots {
            text.append(contentsOf: slot.name.utf8)
            ends.append(text.count)
            text.append(contentsOf: slot.uscc.utf8)
            ends.append(text.count)
        }
        self.text = text
        self.ends = ends
        regions = InternedColumn(slots.map(\.regionCode))
        registered = InternedColumn(slots.map(\.registeredOn))
        industries = InternedColumn(slots.map(\.industryCode))
        zones = slots.map { $0.zoneID ?? .min }
        incubators = slots.map { $0.incubatorID ?? .min }
        techFields = slots.map { $0.techField ?? .min }
        let ascending = zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 }
        unsortedIndex = ascending ? nil : Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var count: Int { ids.count }
    var indices: Range<Int> { ids.indices }

    /// The slot's enterprise as `FactLoader` reads it; nil outside `indices`.
    subscript(slot: Int) -> FactLoader.Slot? {
        guard slot >= 0, slot < ids.count, 2 * slot + 1 < ends.count else { return nil }
        let nameStart = slot == 0 ? 0 : ends[2 * slot - 1]
        return FactLoader.Slot(
            id: ids[slot], name: string(nameStart, ends[2 * slot]), uscc: string(ends[2 * slot], ends[2 * slot + 1]),
            regionCode: regions[slot] ?? "", zoneID: optional(zones[slot]), incubatorID: optional(incubators[slot]),
            registeredOn: registered[slot], industryCode: industries[slot], techField: optional(techFields[slot]))
    }

    /// The enterprise id of a slot; nil outside `indices`.
    func id(at slot: Int) -> Int? { slot >= 0 && slot < ids.count ? ids[slot] : nil }

    /// The slot of an active enterprise, nil for any other id.
    func slot(of id: Int) -> Int? {
        if let unsortedIndex { return unsortedIndex[id] }
        return ids.ascendingIndex(of: id)
    }

    /// Whether a slot lies in `scope` — `DataScope.permits`, the in-memory twin of `ScopeFilter`.
    func permits(_ slot: Int, in scope: DataScope) -> Bool {
        guard slot >= 0, slot < ids.count else { return false }
        return scope.permits(ScopeSubject(enterpriseID: ids[slot], regionCode: regions[slot] ?? "",
                                          zoneID: optional(zones[slot]), incubatorID: optional(incubators[slot])))
    }

    private func string(_ start: Int, _ end: Int) -> String {
        guard start >= 0, start <= end, end <= text.count else { return "" }
        return String(decoding: text[start..<end], as: UTF8.self)
    }

    private func optional(_ value: Int) -> Int? { value == .min ? nil : value }
}

/// A column of few distinct strings: each stored once, each row a 32-bit index.
struct InternedColumn: Sendable {
    private let values: [String?]
    private let codes: [UInt32]

    init(_ column: [String?]) {
        var index: [String?: UInt32] = [:]
        var values: [String?] = []
        codes = column.map { value in
            if let code = index[value] { return code }
            let code = UInt32(truncatingIfNeeded: values.count)
            index[value] = code
            values.append(value)
            return code
        }
        self.values = values
    }

    init(_ column: [String]) { self.init(column.map { Optional($0) }) }

    /// The row's value; nil for a stored nil or a row outside the column.
    subscript(row: Int) -> String? {
        guard row >= 0, row < codes.count else { return nil }
        let code = Int(codes[row])
        return code < values.count ? values[code] : nil
    }
}

extension SlotTable {
    /// The columns as bytes (`LibraryBaseFile`).
    func write(to out: inout ByteSink) {
        out.column(ids)
        out.column(text)
        out.column(ends)
        regions.write(to: &out)
        registered.write(to: &out)
        industries.write(to: &out)
        out.column(zones)
        out.column(incubators)
        out.column(techFields)
    }

    /// Reads what `write` wrote; every column must have a row per id.
    init(from input: inout ByteSource) throws {
        ids = try input.column()
        text = try input.column()
        ends = try input.column()
        regions = try InternedColumn(from: &input)
        registered = try InternedColumn(from: &input)
        industries = try InternedColumn(from: &input)
        zones = try input.column()
        incubators = try input.column()
        techFields = try input.column()
        let n = ids.count
        guard ends.count == 2 * n, [regions.count, registered.count, industries.count, zones.count, incubators.count,
                                    techFields.count].allSatisfy({ $0 == n }),
              zip(ends, ends.dropFirst()).allSatisfy({ $0 <= $1 }), (ends.last ?? 0) <= text.count, (ends.first ?? 0) >= 0
        else { throw SnapshotFile.Malformed(reason: "企业列长度不一致") }
        let ascending = zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 }
        unsortedIndex = ascending ? nil : Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

extension InternedColumn {
    var count: Int { codes.count }

    func write(to out: inout ByteSink) {
        out.int(values.count)
        for value in values {
            out.int(value == nil ? 0 : 1)
            out.string(value ?? "")
        }
        out.column(codes)
    }

    init(from input: inout ByteSource) throws {
        var values: [String?] = []
        for _ in try 0..<input.count() {
            let present = try input.int()
            let value = try input.string()
            values.append(present == 0 ? nil : value)
        }
        let codes: [UInt32] = try input.column()
        guard codes.allSatisfy({ Int($0) < values.count }) else { throw SnapshotFile.Malformed(reason: "编码越界") }
        self.values = values
        self.codes = codes
    }
}
