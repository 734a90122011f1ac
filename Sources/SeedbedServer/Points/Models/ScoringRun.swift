import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// A scoring run: one scheme, one year, the enterprises in its owner's scope. Computed by a job, reviewed, then
/// published, after which enterprises see their scores.
final class ScoringRun: Model, @unchecked Sendable {
    static let schema = "scoring_runs"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "scheme_id") var schemeID: Int
    @OptionalField(key: "owner_org_id") var ownerOrgID: Int?
    @Field(key: "year") var year: Int
    @Field(key: "status") var status: RunStatus
    @OptionalField(key: "job_id") var jobID: Int?
    @Field(key: "enterprises") var enterprises: Int
    @Field(key: "cohorts") var cohorts: Int
    /// The scheme as it was when computed, so a published run explains itself even after the scheme changes.
    @Field(key: "scheme_content") var schemeContent: String
    /// The cohort keys by cohort code (`[CohortKey]` JSON), so estimates find a new enterprise's cohort.
    @Field(key: "cohort_keys") var cohortKeys: String
    /// Who the run covers, as people read it (全部企业, 大连高新区的企业).
    @Field(key: "scope_label") var scopeLabel: String
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "published_at") var publishedAt: Date?
    @OptionalField(key: "published_by") var publishedBy: Int?
    @OptionalField(key: "message") var message: String?
    /// Per-cohort figures for the review page (`RunStats` JSON), computed with the scores.
    @OptionalField(key: "summary") var summary: String?

    init() {}

    var stats: RunStats? { summary.flatMap { try? JSONDecoder().decode(RunStats.self, from: Data($0.utf8)) } }

    func scheme() throws -> InnovationScheme {
        try InnovationScheme.decode(from: Data(schemeContent.utf8))
    }

    var keys: [CohortKey] { (try? JSONDecoder().decode([CohortKey].self, from: Data(cohortKeys.utf8))) ?? [] }

    /// The scheme's name, or a placeholder when the stored content cannot be read (decoded once: `RunContents`).
    var schemeName: String { RunContents.shared.decoded(self).scheme?.name ?? "积分方案" }
}
