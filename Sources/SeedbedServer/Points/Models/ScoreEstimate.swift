import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// One row of a 测算 batch: an uploaded enterprise placed into a published cohort (预估), or, when it is already
/// in the run and in the uploader's scope, its published score (实际). Readable by the uploader only.
final class ScoreEstimate: Model, @unchecked Sendable {
    static let schema = "score_estimates"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    /// The import batch the row came in with (`import_batches.id`).
    @Field(key: "batch_id") var batchID: Int
    @Field(key: "owner_id") var ownerID: Int
    @Field(key: "run_id") var runID: Int
    @Field(key: "row_number") var rowNumber: Int
    @Field(key: "uscc") var uscc: String
    @Field(key: "name") var name: String
    @Field(key: "region_code") var regionCode: String
    /// The enterprise when it is in the run (then `is_estimate` is false).
    @OptionalField(key: "enterprise_id") var enterpriseID: Int?
    @Field(key: "cohort") var cohort: Int
    @OptionalField(key: "stage") var stage: String?
    @Field(key: "total") var total: Double
    @Field(key: "rank") var rank: Int
    @Field(key: "cohort_size") var cohortSize: Int
    @Field(key: "list_index") var listIndex: Int
    @Field(key: "meets_line") var meetsLine: Bool
    @Field(key: "is_estimate") var isEstimate: Bool
    @Field(key: "breakdown") var breakdown: Data
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
