/// Whether an enterprise's technology lies in one of the 8 国家重点支持的高新技术领域: unknown, none of them, or
/// one field.
public enum ProfileTechField: Sendable, Hashable {
    case unknown
    case none
    case field(TechField)

    /// Column code: −1 unknown, 0 none, 1–8 the field.
    public var code: Int8 {
        switch self {
        case .unknown: -1
        case .none: 0
        case .field(let field): Int8(field.rawValue)
        }
    }

    /// The value of a column code; codes outside −1…8 read as unknown.
    public init(code: Int8) {
        if code == 0 { self = .none }
        else if let field = TechField(rawValue: Int(code)) { self = .field(field) }
        else { self = .unknown }
    }
}
