/// One step of a filing's route: the abstract level and the organisation resolved for it.
public struct ReviewStep: Sendable, Hashable, Codable {
    public let level: ReviewLevel
    public let reviewer: ReviewerRef

    public init(level: ReviewLevel, reviewer: ReviewerRef) {
        self.level = level
        self.reviewer = reviewer
    }
}
