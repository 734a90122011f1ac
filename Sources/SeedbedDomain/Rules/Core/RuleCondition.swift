import Foundation

/// One condition of a library: what it measures, how it compares, its parameters and its Chinese text.
public struct RuleCondition: Sendable, Hashable, Codable {
    /// Unique within the library, e.g. `st_staff_share`.
    public var id: String
    /// Short name, e.g. "科技人员占比".
    public var title: String
    /// The rule text with `{parameter id}` placeholders, e.g. "科技人员占职工总数的比例不低于 {st_staff_min}%".
    public var template: String
    public var measure: ConditionMeasure
    public var comparison: RuleComparison
    public var threshold: ConditionThreshold
    /// Unit of the value, threshold and gap.
    public var unit: ParameterUnit
    public var parameters: [RuleParameter]
    /// Shown for information only (e.g. 高企 condition 8); never decides membership.
    public var informational: Bool
    /// What the condition cannot see or how it reads a fact, for the 查看 page.
    public var note: String?

    public init(id: String, title: String, template: String, measure: ConditionMeasure,
                comparison: RuleComparison = .atLeast, threshold: ConditionThreshold, unit: ParameterUnit,
                parameters: [RuleParameter] = [], informational: Bool = false, note: String? = nil)
    {
        self.id = id
        self.title = title
        self.template = template
        self.measure = measure
        self.comparison = comparison
        self.threshold = threshold
        self.unit = unit
        self.parameters = parameters
        self.informational = informational
        self.note = note
    }

    /// The text with the parameters' values filled in.
    public func describe(_ values: ParameterValues) -> String {
        var text = template
        for parameter in parameters {
            let value = values[parameter.id]
            let shown: String = switch parameter.unit {
            case .choice, .flag: parameter.unit.text(value)
            default: NumberText.plain(value)
            }
            text = text.replacingOccurrences(of: "{\(parameter.id)}", with: shown)
        }
        return text
    }
}
