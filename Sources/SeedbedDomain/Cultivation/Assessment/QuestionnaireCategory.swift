import Foundation

/// The three digital-assessment questionnaires (数字化水平评测表), chosen from the enterprise's 所属行业 (RULES.md §3):
/// section C → 制造业; G, I, L, M → 生产性服务业; every other section → 其他行业. Stored as its raw value.
public enum QuestionnaireCategory: String, Sendable, Codable, CaseIterable, Hashable {
    case manufacturing
    case producerServices
    case other

    /// The category for a stored industry code (`C39`, `I65` …). An unreadable or missing code is 其他行业.
    public init(industry: String?) {
        guard let industry, let code = IndustryCode.parse(industry) else {
            self = .other
            return
        }
        self.init(section: code.section.letter)
    }

    /// The category for an industry section letter.
    public init(section letter: String) {
        switch letter.uppercased() {
        case "C": self = .manufacturing
        case "G", "I", "L", "M": self = .producerServices
        default: self = .other
        }
    }

    public var label: String {
        switch self {
        case .manufacturing: "制造业"
        case .producerServices: "生产性服务业"
        case .other: "其他行业"
        }
    }

    /// Why an industry leads to this category, as the enterprise's page says it.
    public static func reason(industry: String?) -> String {
        let category = QuestionnaireCategory(industry: industry)
        guard let industry, let code = IndustryCode.parse(industry) else {
            return "企业基本信息未填写可识别的所属行业，按“\(category.label)”评测表评测"
        }
        return "所属行业为 \(code.fullLabel)（\(code.section.letter) \(code.section.name)），按“\(category.label)”评测表评测"
    }
}
