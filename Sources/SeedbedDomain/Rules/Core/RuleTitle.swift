/// A title (资质) an enterprise may hold.
public enum RuleTitle: String, Sendable, Hashable, Codable, CaseIterable {
    /// 高新技术企业 (valid certificate).
    case hightech
    /// 科技型中小企业 (valid registration).
    case techSME
    /// 专精特新中小企业.
    case specializedSME

    public var label: String {
        switch self {
        case .hightech: "高新技术企业"
        case .techSME: "科技型中小企业"
        case .specializedSME: "专精特新中小企业"
        }
    }
}
