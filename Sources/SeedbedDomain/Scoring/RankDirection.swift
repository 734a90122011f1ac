/// Which end of a cohort's distribution is better for a percentile indicator.
public enum RankDirection: String, Hashable, Sendable, Codable {
    /// A larger value ranks higher (研发费用, 营业收入 …).
    case higher
    /// A smaller value ranks higher (资产负债率 …).
    case lower

    /// 越高越好 / 越低越好
    public var title: String {
        switch self {
        case .higher: "越高越好"
        case .lower: "越低越好"
        }
    }
}
