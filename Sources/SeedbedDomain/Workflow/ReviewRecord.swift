import Foundation

/// One accepted decision, as stored and shown to the enterprise (审批意见): which submission round, which step
/// of the route, who decided for which organisation, what, why and when.
public struct ReviewRecord: Sendable, Hashable, Codable {
    /// The submission it decides on: 1 for the first submission, +1 for every resubmission.
    public let round: Int
    /// Position in the filing's route, from 0.
    public let stepIndex: Int
    public let level: ReviewLevel
    /// The organisation the step waited for, as routed.
    public let reviewer: ReviewerRef
    /// The id of the organisation that decided (the one `reviewer` stands for).
    public let organizationID: Int
    /// The person who decided.
    public let reviewerUserID: Int
    public let verdict: ReviewVerdict
    public let opinion: String
    public let time: Date
    /// The filing version the decision was made on.
    public let version: Int

    public init(round: Int, stepIndex: Int, level: ReviewLevel, reviewer: ReviewerRef, organizationID: Int,
                reviewerUserID: Int, verdict: ReviewVerdict, opinion: String, time: Date, version: Int) {
        self.round = round
        self.stepIndex = stepIndex
        self.level = level
        self.reviewer = reviewer
        self.organizationID = organizationID
        self.reviewerUserID = reviewerUserID
        self.verdict = verdict
        self.opinion = opinion
        self.time = time
        self.version = version
    }

    /// History order: by round, then by step (a round climbs the route), then by time.
    public static func historyOrder(_ lhs: ReviewRecord, _ rhs: ReviewRecord) -> Bool {
        if lhs.round != rhs.round { return lhs.round < rhs.round }
        if lhs.stepIndex != rhs.stepIndex { return lhs.stepIndex < rhs.stepIndex }
        if lhs.time != rhs.time { return lhs.time < rhs.time }
        return lhs.version < rhs.version
    }
}
