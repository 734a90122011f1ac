/// The outcome of one condition or rule for one enterprise: met, not met, or unknown because data is missing.
///
/// Stored as one byte per slot in columnar outcomes. Missing data is always `.unknown`, never `.notMet`, so a
/// list of "not met" enterprises never contains one that merely has not filed. Combinations follow three-valued
/// (Kleene) logic: a known failure decides an "all", a known success decides an "any".
public enum RuleStatus: UInt8, Sendable, Codable, CaseIterable, Hashable {
    case notMet = 0
    case met = 1
    case unknown = 2

    /// Chinese label for lists and exports.
    public var label: String {
        switch self {
        case .met: "符合"
        case .notMet: "不符合"
        case .unknown: "数据不足"
        }
    }

    /// Both must hold.
    public func and(_ other: RuleStatus) -> RuleStatus {
        if self == .notMet || other == .notMet { return .notMet }
        if self == .unknown || other == .unknown { return .unknown }
        return .met
    }

    /// Either may hold.
    public func or(_ other: RuleStatus) -> RuleStatus {
        if self == .met || other == .met { return .met }
        if self == .unknown || other == .unknown { return .unknown }
        return .notMet
    }

    /// The status of a stored byte; any byte that is not a known status reads as unknown.
    public init(byte: UInt8) { self = RuleStatus(rawValue: byte) ?? .unknown }

    /// Met when `condition` is true, not met when false, unknown when nil.
    public init(_ condition: Bool?) {
        switch condition {
        case .some(true): self = .met
        case .some(false): self = .notMet
        case .none: self = .unknown
        }
    }
}
