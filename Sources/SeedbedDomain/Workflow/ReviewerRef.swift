/// The organisation a review step waits for, as a value the server maps to an `Organization` row: a region
/// by kind and code, a zone by id, or the national centre.
///
/// Encoded as its `key` (e.g. `county:210203`, `zone:7`, `national`) so the server can store the pending
/// reviewer in one indexed column and list a reviewer's queue with one equality test.
public enum ReviewerRef: Sendable, Hashable, Codable, CustomStringConvertible {
    case region(code: String, level: RegionLevel)
    case zone(id: Int)
    case national

    /// Stable text form: `<organisation kind>:<region code or zone id>`, or `national`.
    public var key: String {
        switch self {
        case .region(let code, let level): OrganizationKind(level: level).rawValue + ":" + code
        case .zone(let id): "zone:\(id)"
        case .national: "national"
        }
    }

    /// Parses a `key`; `nil` when it is not one.
    public init?(key: String) {
        if key == "national" {
            self = .national
            return
        }
        let parts = key.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let value = String(parts[1])
        switch parts[0] {
        case "zone":
            guard value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let id = Int(value) else { return nil }
            self = .zone(id: id)
        case "province", "city", "county":
            guard RegionCodes.isValid(value), RegionCodes.level(of: value).rawValue == parts[0] else { return nil }
            self = .region(code: value, level: RegionCodes.level(of: value))
        default:
            return nil
        }
    }

    /// The kind of organisation that reviews.
    public var organizationKind: OrganizationKind {
        switch self {
        case .region(_, let level): OrganizationKind(level: level)
        case .zone: .zone
        case .national: .national
        }
    }

    /// Whether the organisation is this reviewer.
    public func admits(_ organization: ScopeOrganization) -> Bool {
        switch self {
        case .region(let code, let level):
            organization.kind == OrganizationKind(level: level) && organization.regionCode == code
        case .zone(let id):
            organization.kind == .zone && organization.id == id
        case .national:
            organization.kind == .national
        }
    }

    /// Short Chinese name of the reviewing level, for messages ("已通过区县审核").
    public var label: String {
        switch self {
        case .region(let code, let level):
            switch level {
            case .county: "区县"
            case .city: "市级"
            case .province: RegionCodes.isMunicipality(code) ? "市级" : "省级"
            }
        case .zone: "高新区"
        case .national: "国家级"
        }
    }

    public var description: String { key }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let key = try container.decode(String.self)
        guard let reference = ReviewerRef(key: key) else {
            throw WorkflowError.corruptFiling("审核机构标识“\(key)”无效")
        }
        self = reference
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(key)
    }
}
