import Foundation

/// A reviewer's decision on a filing, before the workflow accepts it.
public struct ReviewDecision: Sendable, Hashable {
    public var verdict: ReviewVerdict
    /// 审核意见; required (non-blank) for 退回修改 and 不通过. Stored trimmed.
    public var opinion: String
    public var reviewer: Reviewer
    /// When it was made (server clock); recorded, never computed with.
    public var time: Date

    public init(verdict: ReviewVerdict, opinion: String = "", reviewer: Reviewer, time: Date) {
        self.verdict = verdict
        self.opinion = opinion
        self.reviewer = reviewer
        self.time = time
    }

    /// Longest opinion the platform stores, in characters.
    public static let opinionLimit = 1000
}

/// The person deciding and the organisation they decide for.
public struct Reviewer: Sendable, Hashable {
    public var userID: Int
    public var organization: ScopeOrganization

    public init(userID: Int, organization: ScopeOrganization) {
        self.userID = userID
        self.organization = organization
    }
}
