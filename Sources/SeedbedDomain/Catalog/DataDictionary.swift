import Foundation

/// Identifier of a dictionary (字典) that choice fields draw their options from.
public struct DictionaryID: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
}

/// A list of options: a stored code and the Chinese label people see and type.
public struct DataDictionary: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public let code: String
        public let label: String

        public init(code: String, label: String) {
            self.code = code
            self.label = label
        }
    }

    public let id: DictionaryID
    public let label: String
    public let entries: [Entry]

    public init(id: DictionaryID, label: String, entries: [Entry]) {
        self.id = id
        self.label = label
        self.entries = entries
    }

    public init(id: DictionaryID, label: String, labels: [String]) {
        self.init(id: id, label: label, entries: labels.enumerated().map { Entry(code: String($0.offset + 1), label: $0.element) })
    }

    /// The entry whose code or label is `raw` (trimmed; labels compared without spaces).
    public func entry(matching raw: String) -> Entry? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if let byCode = entries.first(where: { $0.code == text }) { return byCode }
        let squeezed = text.replacingOccurrences(of: " ", with: "")
        return entries.first { $0.label.replacingOccurrences(of: " ", with: "") == squeezed }
    }

    public func label(of code: String) -> String? { entries.first { $0.code == code }?.label }
}

extension DictionaryID {
    public static let techField: DictionaryID = "tech_field"
    public static let enterpriseScale: DictionaryID = "enterprise_scale"
    public static let listingStatus: DictionaryID = "listing_status"
    public static let institutionLevel: DictionaryID = "institution_level"
    public static let yesNo: DictionaryID = "yes_no"
    /// Supplied by the server: the active high-tech zones.
    public static let zone: DictionaryID = "zone"
}

/// The dictionaries the platform ships.
public enum Dictionaries {
    public static let techField = DataDictionary(
        id: .techField, label: "高新技术领域",
        entries: TechField.allCases.map { .init(code: String($0.rawValue), label: $0.label) })
    public static let enterpriseScale = DataDictionary(id: .enterpriseScale, label: "企业规模",
                                                       labels: ["大型", "中型", "小型", "微型"])
    public static let listingStatus = DataDictionary(
        id: .listingStatus, label: "挂牌上市情况",
        entries: [.init(code: "0", label: "未挂牌上市"), .init(code: "1", label: "新三板或区域股权市场挂牌"),
                  .init(code: "2", label: "已上市")])
    public static let institutionLevel = DataDictionary(
        id: .institutionLevel, label: "研发机构级别",
        entries: [.init(code: "0", label: "无"), .init(code: "1", label: "市级"), .init(code: "2", label: "省级"),
                  .init(code: "3", label: "国家级")])

    public static let all: [DictionaryID: DataDictionary] = [
        techField.id: techField, enterpriseScale.id: enterpriseScale, listingStatus.id: listingStatus,
        institutionLevel.id: institutionLevel,
    ]
}
