import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// A review decision (审批意见) as stored: the workflow's record plus where it belongs.
final class ReviewDecisionRecord: Model, @unchecked Sendable {
    static let schema = "review_decisions"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "filing_id") var filingID: Int
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "region_code") var regionCode: String
    @OptionalField(key: "zone_id") var zoneID: Int?
    @OptionalField(key: "incubator_id") var incubatorID: Int?
    @Field(key: "round") var round: Int
    @Field(key: "step_index") var stepIndex: Int
    @Field(key: "level") var level: ReviewLevel
    @Field(key: "reviewer_key") var reviewerKey: String
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "user_id") var userID: Int
    @Field(key: "verdict") var verdict: ReviewVerdict
    @Field(key: "opinion") var opinion: String
    @Field(key: "version") var version: Int
    @Field(key: "decided_at") var decidedAt: Date
    /// The reviewer's client address (等保 audit), for decisions made since `AddReviewDecisionIP`.
    @OptionalField(key: "ip") var ip: String?

    init() {}

    func record() -> ReviewRecord? {
        guard let reviewer = ReviewerRef(key: reviewerKey) else { return nil }
        return ReviewRecord(round: round, stepIndex: stepIndex, level: level, reviewer: reviewer,
                            organizationID: organizationID, reviewerUserID: userID, verdict: verdict, opinion: opinion,
                            time: decidedAt, version: version)
    }
}
