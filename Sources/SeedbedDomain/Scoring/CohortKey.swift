/// Who an enterprise is compared with (比较组): the same area (zone or region code), year and stage.
public struct CohortKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A zone id or region code; the scheme's users decide which.
    public var area: String
    public var year: Int
    /// The stage, or `nil` when a locality ranks all stages together.
    public var stage: DevelopmentStage?

    public init(area: String, year: Int, stage: DevelopmentStage?) {
        self.area = area
        self.year = year
        self.stage = stage
    }

    public var description: String { [area, String(year), stage?.rawValue].compactMap { $0 }.joined(separator: " · ") }
}
