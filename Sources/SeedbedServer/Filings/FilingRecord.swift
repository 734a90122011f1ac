import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// A filing (填报) of an enterprise: its workflow state and the current document. One row per basic info, per
/// annual report year, per registration, per major change … (`slot` keeps them apart). Carries the scope
/// columns, so review queues and queries pass the one data-scope filter.
final class FilingRecord: Model, @unchecked Sendable {
    static let schema = "filings"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "region_code") var regionCode: String
    @OptionalField(key: "zone_id") var zoneID: Int?
    @OptionalField(key: "incubator_id") var incubatorID: Int?
    @Field(key: "kind") var kind: FilingKind
    /// `basic_info`, `annual_report:2024`, `major_change:17` …: unique per enterprise.
    @Field(key: "slot") var slot: String
    @OptionalField(key: "year") var year: Int?
    @Field(key: "status") var status: FilingStatus
    @Field(key: "version") var version: Int
    @Field(key: "round") var round: Int
    @Field(key: "route") var route: String
    @OptionalField(key: "step_index") var stepIndex: Int?
    @OptionalField(key: "last_approved_round") var lastApprovedRound: Int?
    /// The reviewer key (`county:210211`, `zone:7`) the filing waits for; indexed for the review queues.
    @OptionalField(key: "pending_reviewer") var pendingReviewer: String?
    @OptionalField(key: "document_id") var documentID: Int?
    @OptionalField(key: "approved_document_id") var approvedDocumentID: Int?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// The workflow value of this row.
    func filing() throws -> Filing {
        let steps = (try? JSONDecoder().decode([ReviewStep].self, from: Data(route.utf8))) ?? []
        do {
            return try Filing(kind: kind, status: status, version: version, round: round, route: steps,
                              stepIndex: stepIndex, lastApprovedRound: lastApprovedRound)
        } catch {
            throw AppError(status: .internalServerError, code: "filing", message: error.message)
        }
    }

    var scopeSubject: ScopeSubject {
        ScopeSubject(enterpriseID: enterpriseID, regionCode: regionCode, zoneID: zoneID, incubatorID: incubatorID)
    }
}
