/// The four dimensions of the digital-level assessment (RULES.md §9). Stored as its raw value.
public enum AssessmentDimension: String, Sendable, Codable, CaseIterable, Hashable {
    case foundation, operation, management, effectiveness

    public var label: String {
        switch self {
        case .foundation: "数字化基础"
        case .operation: "数字化经营"
        case .management: "数字化管理"
        case .effectiveness: "数字化成效"
        }
    }
}
