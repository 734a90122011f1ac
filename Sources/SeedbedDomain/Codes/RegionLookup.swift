/// Finds the county a person means from what they typed in one cell: a 6-digit county code, or a name as the
/// platform shows it elsewhere — the full name (辽宁省大连市甘井子区, 重庆市渝北区), the city and county
/// (大连市甘井子区), the province and county, or the county alone (甘井子区). A name several counties share
/// (城关区, 鼓楼区) is settled by the context — the region of the person asking — and refused, naming the
/// candidates, when the context does not settle it.
public struct RegionLookup: Sendable {
    private let table: RegionTable
    /// Every accepted spelling of a county (without separators) → the codes it may mean.
    private let counties: [String: [String]]
    /// Spellings of provinces and cities, to say "fill in down to the county" rather than "unknown".
    private let higher: Set<String>

    public init(table: RegionTable = .shipped) {
        self.table = table
        var counties: [String: [String]] = [:]
        var higher: Set<String> = []
        for region in table.regions {
            let path = table.path(to: region.code)
            guard region.level == .county else {
                if !region.isPlaceholder {
                    higher.insert(region.name)
                    higher.insert(path.map(\.name).joined())
                }
                continue
            }
            // The ancestors shown in names (placeholders such as 市辖区 left out), each optional, in order.
            let ancestors = path.dropLast().map(\.name)
            var prefixes: Set<String> = [""]
            for name in ancestors { prefixes.formUnion(prefixes.map { $0 + name }) }
            for prefix in prefixes where !(counties[prefix + region.name]?.contains(region.code) ?? false) {
                counties[prefix + region.name, default: []].append(region.code)
            }
        }
        self.counties = counties
        self.higher = higher
    }

    /// The lookup over the table shipped with the platform.
    public static let shipped = RegionLookup()

    /// The county code for `text`. `context` is the region prefix of the person asking (2, 4 or 6 digits; empty
    /// for the whole country): among counties of the same name, the one inside it is meant.
    public func county(_ text: String, context: String = "") -> Result<String, RegionLookupError> {
        let typed = Self.normalise(text)
        guard !typed.isEmpty else { return .failure(.empty) }
        if typed.utf8.count == 6, typed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let region = table[typed] else { return .failure(.unknownCode(typed)) }
            guard region.level == .county else {
                return .failure(.notCounty(typed, name: table.fullName(of: typed)))
            }
            return .success(typed)
        }
        guard let codes = counties[typed], !codes.isEmpty else {
            return .failure(higher.contains(typed) ? .notCounty(typed, name: typed) : .unknownName(typed))
        }
        if codes.count == 1, let code = codes.first { return .success(code) }
        let inside = context.isEmpty ? [] : codes.filter { RegionCodes.code($0, liesIn: context) }
        if inside.count == 1, let code = inside.first { return .success(code) }
        let candidates = (inside.isEmpty ? codes : inside).sorted().map { table.fullName(of: $0) }
        return .failure(.ambiguous(typed, candidates: candidates))
    }

    /// Without spaces and the separators people put between levels (辽宁省 / 大连市 / 甘井子区), digits half-width.
    static func normalise(_ text: String) -> String {
        let separators: Set<Character> = ["/", "／", "\\", "-", "－", "—", "·", "・", "、", ",", "，", ">", "＞", "|", "｜"]
        var result = ""
        for character in text where !character.isWhitespace && !separators.contains(character) {
            if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
               (0xFF10...0xFF19).contains(scalar.value), let half = Unicode.Scalar(scalar.value - 0xFF10 + 0x30)
            {
                result.append(Character(half))
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// Why a cell does not name one county.
public enum RegionLookupError: CodedError, Equatable {
    case empty
    /// Six digits that are no division at all.
    case unknownCode(String)
    /// A province or city (code or name) where a county was asked for.
    case notCounty(String, name: String)
    case unknownName(String)
    /// Several counties bear the name, and the context does not tell which.
    case ambiguous(String, candidates: [String])

    /// Stable code for the API.
    public var code: String {
        switch self {
        case .empty: "region.empty"
        case .unknownCode: "region.unknown_code"
        case .notCounty: "region.not_county"
        case .unknownName: "region.unknown_name"
        case .ambiguous: "region.ambiguous"
        }
    }

    public var failure: FailureKind { .invalid }

    /// A Chinese sentence for the person who typed it.
    public var message: String {
        switch self {
        case .empty:
            "请填写区县名称或 6 位区县代码"
        case .unknownCode(let code):
            "“\(code)”不是有效的区县级行政区划代码"
        case .notCounty(let typed, let name):
            (typed == name ? "“\(typed)”" : "“\(typed)”（\(name)）") + "不是区县，请填写到区县一级，如“辽宁省大连市甘井子区”或 210211"
        case .unknownName(let name):
            "找不到区县“\(name)”，请填写区县全称（如“辽宁省大连市甘井子区”）或 6 位区县代码"
        case .ambiguous(let name, let candidates):
            "“\(name)”有 \(candidates.count) 个同名区县（\(candidates.prefix(5).joined(separator: "、"))"
                + (candidates.count > 5 ? "等" : "") + "），请连同省、市一起填写，或填写 6 位区县代码"
        }
    }
}
