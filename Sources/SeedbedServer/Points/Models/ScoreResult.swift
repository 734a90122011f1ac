import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// One enterprise's score in a run. Its breakdown is packed as 16 bytes per indicator (value as Float64,
/// percentile and points as Float32) and kept in its run's chunks at `breakdownPosition` (`ScoreBreakdowns`);
/// results stored before chunks hold it in `breakdown`, which is empty otherwise.
final class ScoreResult: Model, @unchecked Sendable {
    static let schema = "score_results"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "run_id") var runID: Int
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "region_code") var regionCode: String
    @OptionalField(key: "zone_id") var zoneID: Int?
    @OptionalField(key: "incubator_id") var incubatorID: Int?
    @Field(key: "year") var year: Int
    @Field(key: "cohort") var cohort: Int
    @OptionalField(key: "stage") var stage: String?
    @Field(key: "total") var total: Double
    @Field(key: "rank") var rank: Int
    @Field(key: "cohort_size") var cohortSize: Int
    @Field(key: "list_index") var listIndex: Int
    @Field(key: "meets_line") var meetsLine: Bool
    @Field(key: "breakdown") var breakdown: Data
    @OptionalField(key: "breakdown_position") var breakdownPosition: Int?

    init() {}
}
