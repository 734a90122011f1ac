import Foundation

/// A number a policy may set a threshold on (定向政策推送, D13), read from the evaluation year's facts.
public enum PolicyMetric: String, Sendable, Hashable, Codable, CaseIterable {
    case revenue
    case rdExpense = "rd_expense"
    case rdRatio = "rd_ratio"
    case employees
    case stStaff = "st_staff"

    public var label: String {
        switch self {
        case .revenue: "营业收入"
        case .rdExpense: "研发费用"
        case .rdRatio: "研发费用占比"
        case .employees: "从业人员"
        case .stStaff: "科技人员"
        }
    }

    /// The unit thresholds are typed and gaps are told in.
    public var unit: ParameterUnit {
        switch self {
        case .revenue, .rdExpense: .wanYuan
        case .rdRatio: .percent
        case .employees, .stStaff: .count("人")
        }
    }

    /// What the rule engine measures: the R&D ratio from the year's own two facts, so a hypothetical revenue or
    /// R&D expense changes it.
    var measure: ConditionMeasure {
        switch self {
        case .revenue: .fact(.revenue)
        case .rdExpense: .fact(.rdExpense)
        case .rdRatio: .share(.rdExpense, of: .revenue)
        case .employees: .fact(.employees)
        case .stStaff: .fact(.stStaff)
        }
    }

    /// The largest threshold a policy may set, in the metric's unit.
    var maximum: Double {
        switch self {
        case .revenue, .rdExpense: 1e8
        case .rdRatio: 100
        case .employees, .stStaff: 1e7
        }
    }
}

/// A title (资质/认定) a policy may ask for: the two certificates the rule engine reads, and the three MIIT
/// cultivation levels, where a higher level counts as holding the lower ones (a 小巨人 is also 专精特新).
public enum PolicyTitle: String, Sendable, Hashable, Codable, CaseIterable {
    case hightech
    case techSME = "tech_sme"
    case innovativeSME = "innovative_sme"
    case specializedSME = "specialized_sme"
    case littleGiant = "little_giant"

    public var label: String {
        switch self {
        case .hightech: "高新技术企业"
        case .techSME: "科技型中小企业"
        case .innovativeSME: "创新型中小企业"
        case .specializedSME: "专精特新中小企业"
        case .littleGiant: "专精特新\u{201C}小巨人\u{201D}企业"
        }
    }

    /// The title as the rule engine knows it (certificate validity, else the year's flag fact).
    var ruleTitle: RuleTitle? {
        switch self {
        case .hightech: .hightech
        case .techSME: .techSME
        case .innovativeSME, .specializedSME, .littleGiant: nil
        }
    }

    /// The MIIT level (1 创新型, 2 专精特新, 3 小巨人); nil for the certificates.
    public var cultivationLevel: Int? {
        switch self {
        case .innovativeSME: 1
        case .specializedSME: 2
        case .littleGiant: 3
        case .hightech, .techSME: nil
        }
    }
}

/// One condition of a policy over an enterprise's profile and facts. Stored as JSON, in order.
public enum PolicyCondition: Sendable, Hashable, Codable {
    /// Registered in the region a code prefix names (2 province, 4 city, 6 county digits).
    case region(prefix: String)
    /// In one of these industries: a GB/T 4754 section letter ("C") or a section with its division ("C39").
    case industry(codes: [String])
    /// Technology in one of these of the 8 高新技术领域; empty means any of them.
    case techField(fields: [TechField])
    /// Holds the title on the evaluation date.
    case title(PolicyTitle)
    /// Years since registration compared with a number of years.
    case age(comparison: RuleComparison, years: Double)
    /// A threshold on a number of the evaluation year, in the metric's unit (万元, %, 人).
    case metric(PolicyMetric, comparison: RuleComparison, value: Double)

    /// What kind of condition it is (the 适用条件 form's choice).
    public var kind: PolicyConditionKind {
        switch self {
        case .region: .region
        case .industry: .industry
        case .techField: .techField
        case .title: .title
        case .age: .age
        case .metric(let metric, _, _): .metric(metric)
        }
    }

    /// Short name, e.g. "研发费用占比".
    public var title: String { kind.label }

    /// The requirement in words, e.g. "研发费用占比不低于 3%", "注册地在大连市".
    public var requirement: String {
        switch self {
        case .region(let prefix):
            return "注册地在\(PolicyCondition.regionName(prefix))"
        case .industry(let codes):
            return "所属行业为 " + codes.map(PolicyCondition.industryName).joined(separator: "、")
        case .techField(let fields):
            return fields.isEmpty ? "技术领域属于国家重点支持的高新技术领域"
                : "技术领域为 " + fields.map(\.label).joined(separator: "、")
        case .title(let title):
            return "持有有效的\(title.label)认定"
        case .age(let comparison, let years):
            return "成立年限\(comparison.words) \(NumberText.plain(years)) 年"
        case .metric(let metric, let comparison, let value):
            return "\(metric.label)\(comparison.words) \(metric.unit.text(value))"
        }
    }

    /// The unit gaps are told in (nil for yes/no conditions).
    var unit: ParameterUnit {
        switch self {
        case .region, .industry, .techField, .title: .flag
        case .age: .years
        case .metric(let metric, _, _): metric.unit
        }
    }

    /// The name of a region prefix: 辽宁省, 辽宁省大连市.
    public static func regionName(_ prefix: String) -> String {
        let code = prefix.padding(toLength: 6, withPad: "0", startingAt: 0)
        let name = RegionTable.shipped.fullName(of: code)
        return name.isEmpty ? prefix : name
    }

    /// A section letter with its name ("C 制造业"), or a division's full label.
    public static func industryName(_ code: String) -> String {
        if code.count == 1, let section = IndustrySection.named(code) { return "\(section.letter) \(section.name)" }
        return IndustryCode.parse(code)?.fullLabel ?? code
    }
}

/// The kinds of condition the 适用条件 form offers, each with its own typed fields.
public enum PolicyConditionKind: Sendable, Hashable, CaseIterable {
    case region, industry, techField, title, age
    case metric(PolicyMetric)

    public static var allCases: [PolicyConditionKind] {
        [.region, .industry, .techField, .title, .age] + PolicyMetric.allCases.map { .metric($0) }
    }

    /// The form value.
    public var rawValue: String {
        switch self {
        case .region: "region"
        case .industry: "industry"
        case .techField: "tech_field"
        case .title: "title"
        case .age: "age"
        case .metric(let metric): metric.rawValue
        }
    }

    public init?(rawValue: String) {
        guard let kind = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = kind
    }

    public var label: String {
        switch self {
        case .region: "注册地区"
        case .industry: "所属行业"
        case .techField: "技术领域"
        case .title: "认定资质"
        case .age: "成立年限"
        case .metric(let metric): metric.label
        }
    }

    /// Whether the condition compares a number (不低于 / 不高于 and a value).
    public var isNumeric: Bool {
        switch self {
        case .age, .metric: true
        default: false
        }
    }

    /// The unit a numeric condition's value is typed in.
    public var unitSymbol: String {
        switch self {
        case .age: "年"
        case .metric(let metric): metric.unit.symbol
        default: ""
        }
    }
}

/// Why a 适用条件 entry was refused, in Chinese, by form field.
public struct PolicyConditionError: CodedError, Equatable {
    /// The form field at fault: `kind`, `comparison`, `value`, `region`, `industry`, `fields`, `title`.
    public let field: String
    public let message: String
    public var code: String { "policy.invalid_condition" }
    public var failure: FailureKind { .invalid }

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

extension PolicyCondition {
    /// Most conditions one policy may carry.
    public static let maxConditions = 20

    /// A condition from what the form posted. Field names: `kind`; `comparison` (`atLeast` / `atMost`) and
    /// `value` for numbers; `region` (a GB/T 2260 code or name); `industry` (codes separated by commas or
    /// spaces); `fields` (TechField numbers, empty for any); `title`.
    public static func parse(_ form: [String: String]) throws(PolicyConditionError) -> PolicyCondition {
        func text(_ key: String) -> String {
            String((form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
        }
        guard let kind = PolicyConditionKind(rawValue: text("kind")) else {
            throw PolicyConditionError(field: "kind", message: "请选择条件类型")
        }
        switch kind {
        case .region:
            return .region(prefix: try regionPrefix(text("region")))
        case .industry:
            return .industry(codes: try industryCodes(text("industry")))
        case .techField:
            var fields: [TechField] = []
            for part in text("fields").split(whereSeparator: { $0 == "," || $0 == " " }) {
                guard let number = Int(part), let field = TechField(rawValue: number) else {
                    throw PolicyConditionError(field: "fields", message: "技术领域“\(part)”不是八大领域之一")
                }
                if !fields.contains(field) { fields.append(field) }
            }
            return .techField(fields: fields.sorted { $0.rawValue < $1.rawValue })
        case .title:
            guard let title = PolicyTitle(rawValue: text("title")) else {
                throw PolicyConditionError(field: "title", message: "请选择认定资质")
            }
            return .title(title)
        case .age:
            let comparison = try comparison(text("comparison"))
            let years = try number(text("value"), label: "成立年限", unit: "年", maximum: 200)
            return .age(comparison: comparison, years: years)
        case .metric(let metric):
            let comparison = try comparison(text("comparison"))
            var typed = text("value")
            if metric.unit == .percent, typed.hasSuffix("%") { typed = String(typed.dropLast()) }
            let value = try number(typed, label: metric.label, unit: metric.unit.symbol, maximum: metric.maximum)
            if case .count = metric.unit, value != value.rounded() {
                throw PolicyConditionError(field: "value", message: "\(metric.label)应为整数")
            }
            return .metric(metric, comparison: comparison, value: value)
        }
    }

    private static func comparison(_ text: String) throws(PolicyConditionError) -> RuleComparison {
        guard let comparison = RuleComparison(rawValue: text) else {
            throw PolicyConditionError(field: "comparison", message: "请选择“不低于”或“不高于”")
        }
        return comparison
    }

    private static func number(_ text: String, label: String, unit: String, maximum: Double)
        throws(PolicyConditionError) -> Double
    {
        let normalized = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (0xFF01...0xFF5E).contains(scalar.value) ? UnicodeScalar(scalar.value - 0xFEE0) ?? scalar : scalar
        })).trimmingCharacters(in: .whitespaces)
        guard !normalized.isEmpty else { throw PolicyConditionError(field: "value", message: "请填写\(label)的数值") }
        guard normalized.count <= 20, normalized.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(normalized), value.isFinite
        else { throw PolicyConditionError(field: "value", message: "\(label)“\(text)”不是有效的数字") }
        guard value >= 0, value <= maximum else {
            throw PolicyConditionError(field: "value",
                                       message: "\(label)应在 0 到 \(NumberText.plain(maximum))\(unit) 之间")
        }
        return value
    }

    /// A region code (210200), a code prefix (2102) or a name (大连市, 辽宁省大连市) to the prefix it selects.
    static func regionPrefix(_ text: String) throws(PolicyConditionError) -> String {
        guard !text.isEmpty else { throw PolicyConditionError(field: "region", message: "请填写地区代码或名称") }
        let table = RegionTable.shipped
        var region: Region?
        if text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            let code = [2, 4].contains(text.count) ? text.padding(toLength: 6, withPad: "0", startingAt: 0) : text
            region = RegionCodes.isValid(code) ? table[code] : nil
        } else {
            region = table.regions.first { $0.name == text } ?? table.regions.first { table.fullName(of: $0.code) == text }
        }
        guard let region else {
            throw PolicyConditionError(field: "region", message: "地区“\(text)”不在行政区划代码表中")
        }
        return region.scopePrefix
    }

    /// Section letters or section + division codes, checked against GB/T 4754.
    static func industryCodes(_ text: String) throws(PolicyConditionError) -> [String] {
        var codes: [String] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == " " || $0 == "、" }) {
            let typed = String(part).uppercased()
            let code: String
            if typed.count == 1, IndustrySection.named(typed) != nil {
                code = typed
            } else if let parsed = IndustryCode.parse(typed) {
                code = parsed.description
            } else {
                throw PolicyConditionError(field: "industry", message: "行业代码“\(part)”不是国民经济行业分类的门类或大类")
            }
            if !codes.contains(code) { codes.append(code) }
        }
        guard !codes.isEmpty else { throw PolicyConditionError(field: "industry", message: "请填写行业门类或大类代码") }
        guard codes.count <= 30 else { throw PolicyConditionError(field: "industry", message: "行业代码最多 30 个") }
        return codes
    }
}
