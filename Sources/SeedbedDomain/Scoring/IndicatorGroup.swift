/// The first-level group an indicator belongs to (一级指标).
///
/// The three base groups carry the 0–100 scale of a scheme; bonus points (加分) come on top of it and negative
/// deductions (负面) are taken off it, so neither counts toward the full score.
public enum IndicatorGroup: String, CaseIterable, Hashable, Sendable, Codable {
    /// 技术创新指标
    case technology
    /// 成长经营指标
    case growth
    /// 辅助指标
    case auxiliary
    /// 加分项
    case bonus
    /// 负面扣分项
    case negative

    /// The Chinese name shown in the UI.
    public var title: String {
        switch self {
        case .technology: "技术创新指标"
        case .growth: "成长经营指标"
        case .auxiliary: "辅助指标"
        case .bonus: "加分项"
        case .negative: "负面扣分项"
        }
    }

    /// Whether the group's weights make up the scheme's full score.
    public var countsTowardFullScore: Bool {
        switch self {
        case .technology, .growth, .auxiliary: true
        case .bonus, .negative: false
        }
    }
}
