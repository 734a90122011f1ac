/// A choice in a cascading dropdown, with the choices it opens at the next level.
///
/// The `code` names the choice's list of children in the workbook (defined names must be ASCII-like
/// identifiers, which Chinese labels are not reliably), so it should be stable and unique within a tree:
/// a region code such as `330100`.
public struct DropdownNode: Sendable, Hashable {
    /// The text offered in the dropdown and entered in the cell.
    public var label: String
    /// A stable identifier, the source of the defined name of this choice's children.
    public var code: String
    /// The choices at the next level once this one is chosen.
    public var children: [DropdownNode]

    public init(_ label: String, code: String, children: [DropdownNode] = []) {
        self.label = label
        self.code = code
        self.children = children
    }
}

/// Dropdowns on several columns where each level's choices depend on the level before, such as
/// province → city → county.
///
/// Each parent's children become a named range on the hidden list sheet; a lookup table there maps the labels
/// chosen so far to that name, and the next column's validation is `INDIRECT(VLOOKUP(…))`. Labels may repeat
/// under different parents (every municipality has a 市辖区): the lookup key is the whole path.
public struct CascadingDropdown: Sendable, Hashable {
    /// 0-based column indexes, one per level, the first holding the roots.
    public var columns: [Int]
    /// The choices of the first level.
    public var roots: [DropdownNode]

    public init(columns: [Int], roots: [DropdownNode]) {
        self.columns = columns
        self.roots = roots
    }
}

extension CascadingDropdown {
    /// A three-level cascade (province → city → county) from labels alone. Each list is named after the
    /// position of its parent (`P3`, `P3_12`), so labels may hold any text and repeat under different parents.
    public init(columns: [Int], labels tree: [(label: String, children: [(label: String, children: [String])])]) {
        var roots: [DropdownNode] = []
        for (first, province) in tree.enumerated() {
            let provinceCode = "P\(first + 1)"
            var cities: [DropdownNode] = []
            for (second, city) in province.children.enumerated() {
                let cityCode = provinceCode + "_\(second + 1)"
                let counties = city.children.enumerated().map { third, county in
                    DropdownNode(county, code: cityCode + "_\(third + 1)")
                }
                cities.append(DropdownNode(city.label, code: cityCode, children: counties))
            }
            roots.append(DropdownNode(province.label, code: provinceCode, children: cities))
        }
        self.init(columns: columns, roots: roots)
    }
}
