/// An absolute score line (e.g. 70 分及以上), independent of the cohort's size; a total exactly on the
/// line meets it.
public struct AbsoluteLine: Hashable, Sendable, Codable {
    /// The Chinese name shown with the line (积分 70 分及以上).
    public var name: String
    public var minimumTotal: Double

    public init(name: String, minimumTotal: Double) {
        self.name = name
        self.minimumTotal = minimumTotal
    }
}
