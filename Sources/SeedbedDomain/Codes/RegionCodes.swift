/// Shape rules of GB/T 2260 codes that routing and placement need; membership in the table is the server's concern.
public enum RegionCodes {
    /// Six ASCII digits naming a province other than 00.
    public static func isValid(_ code: String) -> Bool {
        code.utf8.count == 6 && code.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } && !code.hasPrefix("00")
    }

    /// Whether `child` lies inside the division `parent` names (210211 lies in 210200 and 210000, and in itself).
    /// An invalid code contains nothing and lies nowhere.
    public static func contains(_ parent: String, _ child: String) -> Bool {
        guard isValid(parent), isValid(child) else { return false }
        return code(child, liesIn: prefix(of: parent, at: level(of: parent)))
    }

    /// Whether a code lies in the region a code prefix names: "21" 辽宁省, "2102" 大连市, "210211" 甘井子区, and
    /// the empty prefix everywhere. The one test of region membership: `SnapshotScope.range` is the same test for
    /// codes held as numbers, and the server's `ScopeFilter.regionPrefix` the same test in SQL.
    public static func code(_ code: String, liesIn prefix: String) -> Bool {
        code.hasPrefix(prefix)
    }

    /// The prefix that selects a division of `level` named by `code` and everything under it: 210211 at city
    /// level → 2102.
    public static func prefix(of code: String, at level: RegionLevel) -> String {
        String(code.prefix(level.prefixLength))
    }

    /// The city (prefecture) a code lies in: 210211 → 210200; a province code stays itself.
    public static func city(of code: String) -> String {
        code.utf8.count == 6 ? String(code.prefix(4)) + "00" : code
    }

    /// 北京、天津、上海、重庆: province-level cities whose second level is only the placeholder 市辖区/县.
    public static let municipalityPrefixes: Set<String> = ["11", "12", "31", "50"]

    /// Whether the code is a municipality's (北京 110000, 重庆 500000 and everything under them).
    public static func isMunicipality(_ code: String) -> Bool {
        code.utf8.count == 6 && municipalityPrefixes.contains(String(code.prefix(2)))
    }

    /// Whether the city above a county-level code is a placeholder row with no bureau: a municipality's
    /// 市辖区/县 (5001, 5002), or a province's 省直辖县级行政区划 (xx90: 济源 419001, 仙桃 429004, 石河子 659001).
    public static func hasPlaceholderCity(_ code: String) -> Bool {
        guard isValid(code) else { return false }
        return isMunicipality(code) || code.dropFirst(2).prefix(2) == "90"
    }

    /// The level a valid code names, read from its trailing zeros.
    public static func level(of code: String) -> RegionLevel {
        if code.hasSuffix("0000") { return .province }
        if code.hasSuffix("00") { return .city }
        return .county
    }
}
