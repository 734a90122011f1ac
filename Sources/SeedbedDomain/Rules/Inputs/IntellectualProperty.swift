/// Intellectual property as the 知识产权公共服务 records hold it (RULES.md §5): the kinds the IP offices register,
/// their class (Ⅰ类 / Ⅱ类 / neither), their status, and how a registration number is written and checked.
public enum IPKind: String, CaseIterable, Sendable, Codable {
    case invention
    case utilityModel = "utility_model"
    case design
    case software
    case trademark
    case plantVariety = "plant_variety"
    case icLayout = "ic_layout"

    /// The kinds in the order pages and the public counts show them.
    public static let displayOrder: [IPKind] = [.invention, .utilityModel, .design, .software, .trademark,
                                                .plantVariety, .icLayout]

    public var label: String {
        switch self {
        case .invention: "发明专利"
        case .utilityModel: "实用新型专利"
        case .design: "外观设计专利"
        case .software: "软件著作权"
        case .trademark: "注册商标"
        case .plantVariety: "植物新品种权"
        case .icLayout: "集成电路布图设计专有权"
        }
    }

    /// The column heading of the public counts.
    public var shortLabel: String {
        switch self {
        case .invention: "发明专利"
        case .utilityModel: "实用新型"
        case .design: "外观设计"
        case .software: "软件著作权"
        case .trademark: "注册商标"
        case .plantVariety: "植物新品种"
        case .icLayout: "集成电路布图"
        }
    }

    /// What people write in a 类型 column for this kind.
    public var spellings: [String] {
        switch self {
        case .invention: ["发明专利", "发明", "发明专利权"]
        case .utilityModel: ["实用新型专利", "实用新型", "实用新型专利权"]
        case .design: ["外观设计专利", "外观设计", "外观专利", "外观设计专利权"]
        case .software: ["软件著作权", "软著", "计算机软件著作权"]
        case .trademark: ["注册商标", "商标", "商标注册", "注册商标专用权"]
        case .plantVariety: ["植物新品种权", "植物新品种"]
        case .icLayout: ["集成电路布图设计专有权", "集成电路布图设计", "布图设计"]
        }
    }

    /// A kind from its label, one of its spellings or its raw value; nil when none matches.
    public init?(label: String) {
        let text = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let kind = IPKind.allCases.first(where: { $0.rawValue == text || $0.spellings.contains(text) })
        else { return nil }
        self = kind
    }

    /// Ⅰ类, Ⅱ类 or neither (RULES.md §5): trademarks count in neither class.
    public var ipClass: IPClass? {
        switch self {
        case .invention, .plantVariety, .icLayout: .classOne
        case .utilityModel, .design, .software: .classTwo
        case .trademark: nil
        }
    }

    /// The annual report's count this kind is a holding of.
    public var fact: FactID {
        switch self {
        case .invention: .ipInvention
        case .utilityModel: .ipUtilityModel
        case .design: .ipDesign
        case .software: .ipSoftware
        case .trademark: .trademarks
        case .plantVariety: .ipPlantVariety
        case .icLayout: .ipICLayout
        }
    }

    /// The patent type digit of an application number (专利申请号第 5 位; the 8-digit numbers before 2004 carry
    /// it third): 1 / 8 (PCT) invention, 2 / 9 (PCT) utility model, 3 design. Nil for the other kinds.
    var patentTypeDigits: Set<Character>? {
        switch self {
        case .invention: ["1", "8"]
        case .utilityModel: ["2", "9"]
        case .design: ["3"]
        case .software, .trademark, .plantVariety, .icLayout: nil
        }
    }
}

/// RULES.md §5's two classes.
public enum IPClass: String, CaseIterable, Sendable {
    case classOne = "class1"
    case classTwo = "class2"

    public var label: String {
        switch self {
        case .classOne: "Ⅰ类知识产权"
        case .classTwo: "Ⅱ类知识产权"
        }
    }
}

/// The legal status of a record. Only 有效 holdings count (in the public counts and in the facts).
public enum IPStatus: String, CaseIterable, Sendable, Codable {
    case valid
    case pending
    case lapsed

    public var label: String {
        switch self {
        case .valid: "有效"
        case .pending: "审查中"
        case .lapsed: "失效"
        }
    }

    public var spellings: [String] {
        switch self {
        case .valid: ["有效", "授权", "已授权", "已登记", "已注册", "维持"]
        case .pending: ["审查中", "申请中", "实审", "公开", "在审"]
        case .lapsed: ["失效", "无效", "已失效", "终止", "届满", "驳回", "撤回", "注销", "撤销"]
        }
    }

    public init?(label: String) {
        let text = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let status = IPStatus.allCases.first(where: { $0.rawValue == text || $0.spellings.contains(text) })
        else { return nil }
        self = status
    }
}

/// Why an IP number was refused.
public enum IPNumberError: CodedError, Equatable {
    case empty
    case tooLong
    case format(IPKind)
    case check(expected: Character)
    case patentType(IPKind, found: Character)
    case year

    public var code: String {
        switch self {
        case .empty: "ip_number.empty"
        case .tooLong: "ip_number.length"
        case .format: "ip_number.format"
        case .check: "ip_number.check"
        case .patentType: "ip_number.type"
        case .year: "ip_number.year"
        }
    }

    public var message: String {
        switch self {
        case .empty: "请填写号码"
        case .tooLong: "号码不能超过 40 个字符"
        case .format(let kind):
            switch kind {
            case .invention, .utilityModel, .design:
                "专利号格式应为 ZL + 12 位申请号 + 校验位，如 ZL202310123456.7（2004 年前为 8 位申请号，如 ZL01123456.X）"
            case .software: "软件著作权登记号格式应为 年份 + SR + 6–7 位数字，如 2023SR0123456"
            case .trademark: "商标注册号应为 1–9 位数字，如 12345678"
            case .plantVariety, .icLayout: "号码只能包含字母、数字、点和连字符"
            }
        case .check(let expected): "专利号校验位应为“\(expected)”，请核对号码"
        case .patentType(let kind, let found):
            "专利申请号中的类型码“\(found)”不是\(kind.label)（发明为 1 或 8，实用新型为 2 或 9，外观设计为 3）"
        case .year: "号码中的年份不在 1985–2100 之间"
        }
    }

    public var failure: FailureKind { .invalid }
}

/// Registration numbers as the IP offices write them, normalised so one holding has one spelling:
/// - patents (发明, 实用新型, 外观设计): `ZL` + application number + `.` + check digit — 12 digits since 2004
///   (year, type digit, 7-digit serial), 8 before (2-digit year, type digit, 5-digit serial). The check digit is
///   Σ digitᵢ × weightᵢ mod 11 with weights 2–9 repeating (2,3,4,5,6,7,8,9,2,3,4,5), 10 written X (国家知识产权局
///   专利申请号标准 ZC 0006-2003). Accepted with or without `ZL`/`CN`, the point, spaces or full-width characters;
///   the type digit must match the kind;
/// - 软件著作权: year + `SR` + 6 or 7 digits (2023SR0123456);
/// - 商标: the registration number, 1–9 digits (第 12345678 号 reads as 12345678);
/// - 植物新品种权, 集成电路布图设计: letters, digits, points and hyphens (CNA20191234.5, BS.2023500012.3).
public enum IPNumber {
    public static let maxLength = 40

    public static func parse(_ input: String, kind: IPKind) -> Result<String, IPNumberError> {
        var text = USCC.normalise(input)
        if text.isEmpty { return .failure(.empty) }
        if text.count > maxLength { return .failure(.tooLong) }
        switch kind {
        case .invention, .utilityModel, .design:
            return patent(text, kind: kind)
        case .software:
            let characters = Array(text)
            guard characters.count >= 12, characters.count <= 13, characters[4] == "S", characters[5] == "R",
                  characters[0..<4].allSatisfy(\.isASCIIDigit), characters[6...].allSatisfy(\.isASCIIDigit),
                  let year = Int(String(characters[0..<4]))
            else { return .failure(.format(kind)) }
            guard (1985...2100).contains(year) else { return .failure(.year) }
            return .success(text)
        case .trademark:
            if text.hasPrefix("第") { text.removeFirst() }
            if text.hasSuffix("号") { text.removeLast() }
            guard !text.isEmpty, text.count <= 9, text.allSatisfy(\.isASCIIDigit) else { return .failure(.format(kind)) }
            let trimmed = text.drop(while: { $0 == "0" })
            return trimmed.isEmpty ? .failure(.format(kind)) : .success(String(trimmed))
        case .plantVariety, .icLayout:
            guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") })
            else { return .failure(.format(kind)) }
            return .success(text)
        }
    }

    /// The check character of a patent application number's digits (8 or 12 of them).
    public static func patentCheck(_ digits: String) -> Character? {
        let values = digits.compactMap(\.wholeNumberValue)
        guard values.count == digits.count, values.count == 8 || values.count == 12 else { return nil }
        let weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
        var sum = 0
        for (index, value) in values.enumerated() { sum += value * weights[index] }
        let remainder = sum % 11
        return remainder == 10 ? "X" : Character(String(remainder))
    }

    private static func patent(_ input: String, kind: IPKind) -> Result<String, IPNumberError> {
        var text = input
        for prefix in ["ZL", "CN"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        text = text.replacingOccurrences(of: ".", with: "")
        let characters = Array(text)
        guard characters.count == 9 || characters.count == 13,
              characters.dropLast().allSatisfy(\.isASCIIDigit),
              let last = characters.last, last.isASCIIDigit || last == "X"
        else { return .failure(.format(kind)) }
        let digits = String(characters.dropLast())
        let typeDigit = characters[digits.count == 12 ? 4 : 2]
        if digits.count == 12 {
            guard let year = Int(String(characters[0..<4])), (1985...2100).contains(year) else { return .failure(.year) }
        }
        if let allowed = kind.patentTypeDigits, !allowed.contains(typeDigit) {
            return .failure(.patentType(kind, found: typeDigit))
        }
        guard let expected = patentCheck(digits) else { return .failure(.format(kind)) }
        guard expected == last else { return .failure(.check(expected: expected)) }
        return .success("ZL" + digits + "." + String(last))
    }

    /// A valid patent number for an application's 12 digits (demo data and tests).
    public static func patentNumber(_ digits: String) -> String? {
        guard let check = patentCheck(digits) else { return nil }
        return "ZL" + digits + "." + String(check)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
