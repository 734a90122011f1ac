/// The hidden sheet behind every dropdown: one row per list, laid out as
/// `A` = lookup key, `B` = defined name, `C…` = the choices.
///
/// Rows rather than columns, because a cascade over China's regions needs one list per province and per city
/// (about 375 lists) and a sheet has far more rows than columns; a list may hold up to 16,382 choices.
/// Validations refer to lists only through defined names, never to the list sheet directly: Excel 2007 refuses
/// references to other sheets in a validation formula.
struct DropdownLists {
    static let sheetName = "下拉选项"
    static let firstItemColumn = 2
    static let maxItems = SpreadsheetLimits.excelMaxColumns - firstItemColumn

    struct Row {
        var key: String?
        var name: String?
        var items: [String]
    }

    private(set) var rows: [Row] = []
    private(set) var definedNames: [(name: String, reference: String)] = []
    private var plainLists: [[String]: String] = [:]
    private var usedNames: Set<String> = []
    private var cascadeCount = 0

    var isEmpty: Bool { rows.isEmpty }

    /// The validation formula of a plain list (a defined name), or nil for an empty list. Equal lists share one
    /// row and one name.
    mutating func formula(forList items: [String]) throws(SpreadsheetError) -> String? {
        guard !items.isEmpty else { return nil }
        if let existing = plainLists[items] { return existing }
        let name = uniqueName("LIST_\(plainLists.count + 1)")
        let row = try append(Row(key: nil, name: nil, items: items))
        definedNames.append((name, range(row: row, count: items.count)))
        plainLists[items] = name
        return name
    }

    /// One validation formula per level of the cascade (nil for a level with no choices), for cells whose
    /// first data row is `firstRow`.
    mutating func formulas(for cascade: CascadingDropdown, firstRow: Int) throws(SpreadsheetError) -> [String?] {
        let levels = cascade.columns.count
        guard levels > 0, !cascade.roots.isEmpty else { return Array(repeating: nil, count: levels) }
        guard Set(cascade.columns).count == levels,
              cascade.columns.allSatisfy({ (0..<SpreadsheetLimits.excelMaxColumns).contains($0) }) else {
            throw .invalidDropdown("级联下拉的列重复或超出范围")
        }
        cascadeCount += 1
        let prefix = "DD\(cascadeCount)_"
        let rootName = uniqueName(prefix + "ROOT")
        let rootRow = try append(Row(key: nil, name: rootName, items: cascade.roots.map(\.label)))
        definedNames.append((rootName, range(row: rootRow, count: cascade.roots.count)))

        var firstParentRow: Int?
        var lastParentRow = 0
        // Depth-first, iteratively: a hostile or careless tree must not exhaust the stack.
        var pending: [(node: DropdownNode, path: String, depth: Int)] =
            cascade.roots.reversed().map { ($0, $0.label, 0) }
        while let (node, path, depth) = pending.popLast() {
            guard depth < levels - 1, !node.children.isEmpty else { continue }
            let name = uniqueName(prefix + Self.nameFragment(node.code))
            let row = try append(Row(key: path, name: name, items: node.children.map(\.label)))
            definedNames.append((name, range(row: row, count: node.children.count)))
            if firstParentRow == nil { firstParentRow = row }
            lastParentRow = row
            for child in node.children.reversed() {
                pending.append((child, path + "|" + child.label, depth + 1))
            }
        }

        var formulas: [String?] = [rootName]
        guard let firstParentRow else { return formulas + Array(repeating: nil, count: levels - 1) }
        let keysName = uniqueName(prefix + "KEYS")
        definedNames.append((keysName, CellReference.absoluteRange(sheet: Self.sheetName, fromColumn: 0,
                                                                   fromRow: firstParentRow, toColumn: 1,
                                                                   toRow: lastParentRow)))
        for level in 1..<levels {
            let key = cascade.columns[0..<level]
                .map { "$" + CellReference.columnName($0) + String(firstRow) }
                .joined(separator: "&\"|\"&")
            formulas.append("INDIRECT(VLOOKUP(\(key),\(keysName),2,FALSE))")
        }
        return formulas
    }

    private mutating func append(_ row: Row) throws(SpreadsheetError) -> Int {
        guard row.items.count <= Self.maxItems else {
            throw .invalidDropdown("一个下拉列表最多 \(Self.maxItems) 项")
        }
        guard rows.count < SpreadsheetLimits.excelMaxRows else { throw .invalidDropdown("下拉列表过多") }
        rows.append(row)
        return rows.count
    }

    private func range(row: Int, count: Int) -> String {
        CellReference.absoluteRange(sheet: Self.sheetName, fromColumn: Self.firstItemColumn, fromRow: row,
                                    toColumn: Self.firstItemColumn + count - 1, toRow: row)
    }

    private mutating func uniqueName(_ base: String) -> String {
        var name = base
        var suffix = 2
        while usedNames.contains(name.uppercased()) {
            name = base + "_\(suffix)"
            suffix += 1
        }
        usedNames.insert(name.uppercased())
        return name
    }

    /// The part of a defined name taken from a code: letters, digits, `_` and `.` survive, anything else becomes
    /// `_`, so the name is valid whatever the code holds.
    static func nameFragment(_ code: String) -> String {
        var fragment = ""
        for scalar in code.unicodeScalars.prefix(200) {
            let isAllowed = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == ".")
            fragment.unicodeScalars.append(isAllowed ? scalar : "_")
        }
        return fragment.isEmpty ? "X" : fragment
    }
}
