import Foundation

/// Identifier of a field in the catalog (数据字典).
public struct FieldID: RawRepresentable, Hashable, Sendable, Codable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: FieldID, rhs: FieldID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The unit a form asks a number in. Money is stored in 万元 whatever the form used.
public enum FieldUnit: String, Sendable, Hashable, Codable {
    case wanYuan = "万元"
    case qianYuan = "千元"
    case person = "人"
    case item = "项"
    case piece = "件"
    case count = "个"
    case percent = "%"
    case year = "年"

    /// Factor from this unit to the stored one (千元 → 万元 is ÷ 10).
    public var toStored: Double {
        switch self {
        case .qianYuan: 0.1
        default: 1
        }
    }

    public var isMoney: Bool { self == .wanYuan || self == .qianYuan }
}

/// What kind of value a field holds, and so how it is entered, validated and exported.
public enum FieldKind: Sendable, Hashable {
    case text(maxLength: Int)
    case longText(maxLength: Int)
    case integer
    case decimal(scale: Int)
    /// A calendar date, `yyyy-MM-dd`.
    case date
    case year
    /// One entry of a dictionary (static, or supplied by the server such as the list of zones).
    case choice(DictionaryID)
    /// 是 / 否.
    case flag
    /// 统一社会信用代码, checked by GB 32100.
    case uscc
    /// A county-level GB/T 2260 code (entered as province → city → county).
    case region
    case phone
    case email
    /// GB/T 4754 section + division, e.g. C39.
    case industry
    /// An uploaded file (licence, proof).
    case file

    public var isNumeric: Bool {
        switch self {
        case .integer, .decimal, .year: true
        default: false
        }
    }
}

/// Where a field's value comes from: filed by the enterprise, or imported from the business registry (shown
/// grey and read-only to the enterprise, importable through the "工商数据" import).
public enum FieldSource: String, Sendable, Hashable, Codable {
    case filed
    case imported
    /// A `declarable` imported field that the enterprise fills itself (企业自填) because no registry value was
    /// imported for it; an import that supplies one makes it `imported` again. See `FormDefinition.declaring`.
    case declared
}

/// One field, declared once and read by forms, server validation, Excel templates, export columns, custom
/// queries, library conditions and scoring (DESIGN.md §1).
public struct FieldDefinition: Sendable, Hashable, Identifiable {
    public let id: FieldID
    public let label: String
    public let kind: FieldKind
    public let unit: FieldUnit?
    public let required: Bool
    public let minimum: Double?
    public let maximum: Double?
    public let source: FieldSource
    /// The form step or tab the field belongs to.
    public let group: String
    public let help: String?
    /// The fact an approved value is projected into.
    public let fact: FactID?
    /// Whether the value is a personal contact detail masked for roles that may not see it.
    public let sensitive: Bool
    /// For an imported field: whether the enterprise declares it while the registry holds no value, because
    /// forms, cohorts or rules depend on it (所属行业, 成立日期).
    public let declarable: Bool
    /// For a date: it cannot lie after today (成立日期). Checked when the validator knows today and the value is
    /// not the registry's own (an imported value is not questioned).
    public let notAfterToday: Bool

    public init(_ id: FieldID, _ label: String, _ kind: FieldKind, unit: FieldUnit? = nil, required: Bool = false,
                minimum: Double? = nil, maximum: Double? = nil, source: FieldSource = .filed, group: String = "",
                help: String? = nil, fact: FactID? = nil, sensitive: Bool = false, declarable: Bool = false,
                notAfterToday: Bool = false) {
        self.id = id
        self.label = label
        self.kind = kind
        self.unit = unit
        self.required = required
        self.minimum = minimum
        self.maximum = maximum
        self.source = source
        self.group = group
        self.help = help
        self.fact = fact
        self.sensitive = sensitive
        self.declarable = declarable
        self.notAfterToday = notAfterToday
    }

    /// The column header of exports and templates: label with its unit, e.g. "营业收入（万元）".
    public var header: String {
        guard let unit else { return label }
        return "\(label)（\(unit.rawValue)）"
    }

    /// A copy in another group, with another requirement or source, for forms that reuse a field.
    public func with(group: String? = nil, required: Bool? = nil, source: FieldSource? = nil) -> FieldDefinition {
        FieldDefinition(id, label, kind, unit: unit, required: required ?? self.required, minimum: minimum,
                        maximum: maximum, source: source ?? self.source, group: group ?? self.group, help: help,
                        fact: fact, sensitive: sensitive, declarable: declarable, notAfterToday: notAfterToday)
    }
}

/// A value derived from other fields (percentages, totals): shown, exported, never typed twice.
public struct DerivedField: Sendable {
    public let id: FieldID
    public let label: String
    public let unit: FieldUnit?
    public let compute: @Sendable ([FieldID: FieldValue]) -> Double?

    public init(_ id: FieldID, _ label: String, unit: FieldUnit?, compute: @escaping @Sendable ([FieldID: FieldValue]) -> Double?) {
        self.id = id
        self.label = label
        self.unit = unit
        self.compute = compute
    }

    public var header: String { unit.map { "\(label)（\($0.rawValue)）" } ?? label }

    /// `numerator / denominator` as a percentage, nil when either is missing or the denominator is 0.
    public static func ratio(_ id: FieldID, _ label: String, _ numerator: FieldID, over denominator: FieldID)
        -> DerivedField
    {
        DerivedField(id, label, unit: .percent) { values in
            guard let top = values[numerator]?.number, let bottom = values[denominator]?.number, bottom != 0 else {
                return nil
            }
            return top / bottom * 100
        }
    }
}

/// A rule across fields of one form ("境内研发费用不能大于研发费用总额"). `check` returns false when broken.
public struct CrossFieldRule: Sendable {
    public let fields: [FieldID]
    public let message: String
    public let check: @Sendable ([FieldID: FieldValue]) -> Bool

    public init(fields: [FieldID], message: String, check: @escaping @Sendable ([FieldID: FieldValue]) -> Bool) {
        self.fields = fields
        self.message = message
        self.check = check
    }

    /// `a ≤ b` when both are present.
    public static func notGreater(_ a: FieldID, than b: FieldID, message: String) -> CrossFieldRule {
        CrossFieldRule(fields: [a, b], message: message) { values in
            guard let x = values[a]?.number, let y = values[b]?.number else { return true }
            return x <= y + 1e-9
        }
    }
}

/// A form (or import kind): its ordered steps/tabs and fields, derived values and cross-field rules.
public struct FormDefinition: Sendable {
    public let id: String
    public let title: String
    public let groups: [String]
    public let fields: [FieldDefinition]
    public let derived: [DerivedField]
    public let rules: [CrossFieldRule]

    public init(id: String, title: String, groups: [String], fields: [FieldDefinition], derived: [DerivedField] = [],
                rules: [CrossFieldRule] = []) {
        self.id = id
        self.title = title
        self.groups = groups
        self.fields = fields
        self.derived = derived
        self.rules = rules
    }

    public func field(_ id: FieldID) -> FieldDefinition? { fields.first { $0.id == id } }

    public func fields(in group: String) -> [FieldDefinition] { fields.filter { $0.group == group } }

    /// The form as one enterprise files it, given the registry values imported for it (by field id; nil when
    /// none were): each `declarable` imported field without a registry value becomes `declared` — the
    /// enterprise fills it, and must, since what depends on it needs a value. Once an import supplies the value
    /// the field is `imported` (read-only) again and the registry value wins.
    public func declaring(registry: [String: String]?) -> FormDefinition {
        let fields = fields.map { field in
            let known = !(registry?[field.id.rawValue] ?? "").allSatisfy(\.isWhitespace)
            guard field.source == .imported, field.declarable, !known else { return field }
            return field.with(required: true, source: .declared)
        }
        return FormDefinition(id: id, title: title, groups: groups, fields: fields, derived: derived, rules: rules)
    }
}
