/// How a question is answered and scored.
public enum QuestionKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// One option; its points.
    case single
    /// Any number of options; the sum of their points, capped by the question's `maxPoints` when set.
    case multiple
    /// A business scenario graded 一级–四级 (options are the levels); the chosen level's points.
    case scenario
    /// A rate band such as 设备联网率 0–10 % … 60–100 %; the chosen band's points.
    case rateBand

    public var label: String {
        switch self {
        case .single: "单选"
        case .multiple: "多选"
        case .scenario: "场景等级"
        case .rateBand: "比率区间"
        }
    }
}
