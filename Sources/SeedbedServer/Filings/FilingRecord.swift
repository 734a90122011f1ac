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
    @Field(key: "kind") var kind: String
    /// `basic_info`, `annual_report:2024`, `major_change:17` …: unique per enterprise.
    @Field(key: "slot") var slot: String
    @OptionalField(key: "year") var year: Int?
    @Field(key: "status") var status: String
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
        guard let kind = FilingKind(rawValue: kind), let status = FilingStatus(rawValue: status) else {
            throw AppError(status: .internalServerError, code: "filing", message: "填报记录已损坏")
        }
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

/// One saved version of a filing's content (every 暂存 and 提交 keeps one).
final class FilingDocument: Model, @unchecked Sendable {
    static let schema = "filing_documents"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "filing_id") var filingID: Int
    @Field(key: "number") var number: Int
    /// The values as JSON: `{field id: raw text}` as the enterprise typed it.
    @Field(key: "content") var content: String
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var values: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(content.utf8))) ?? [:]
    }
}

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
    @Field(key: "level") var level: String
    @Field(key: "reviewer_key") var reviewerKey: String
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "user_id") var userID: Int
    @Field(key: "verdict") var verdict: String
    @Field(key: "opinion") var opinion: String
    @Field(key: "version") var version: Int
    @Field(key: "decided_at") var decidedAt: Date
    /// The reviewer's client address (等保 audit), for decisions made since `AddReviewDecisionIP`.
    @OptionalField(key: "ip") var ip: String?

    init() {}

    func record() -> ReviewRecord? {
        guard let level = ReviewLevel(rawValue: level), let reviewer = ReviewerRef(key: reviewerKey),
              let verdict = ReviewVerdict(rawValue: verdict)
        else { return nil }
        return ReviewRecord(round: round, stepIndex: stepIndex, level: level, reviewer: reviewer,
                            organizationID: organizationID, reviewerUserID: userID, verdict: verdict, opinion: opinion,
                            time: decidedAt, version: version)
    }
}

/// An in-app message to an enterprise (我的消息).
final class EnterpriseMessage: Model, @unchecked Sendable {
    static let schema = "messages"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "region_code") var regionCode: String
    @OptionalField(key: "zone_id") var zoneID: Int?
    @OptionalField(key: "incubator_id") var incubatorID: Int?
    @Field(key: "category") var category: String
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @OptionalField(key: "link") var link: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}
}

struct CreateFilings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FilingRecord.schema)
            .field(.id, .int, .identifier(auto: true))
            .enterpriseScopeColumns()
            .field("kind", .string, .required)
            .field("slot", .string, .required)
            .field("year", .int)
            .field("status", .string, .required)
            .field("version", .int, .required)
            .field("round", .int, .required)
            .field("route", .string, .required)
            .field("step_index", .int)
            .field("last_approved_round", .int)
            .field("pending_reviewer", .string)
            .field("document_id", .int)
            .field("approved_document_id", .int)
            .field("submitted_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "enterprise_id", "slot")
            .create()
        try await database.schema(FilingDocument.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("filing_id", .int, .required, .references(FilingRecord.schema, .id, onDelete: .cascade))
            .field("number", .int, .required)
            .field("content", .string, .required)
            .field("created_by", .int, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(ReviewDecisionRecord.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("filing_id", .int, .required, .references(FilingRecord.schema, .id, onDelete: .cascade))
            .enterpriseScopeColumns(referencingEnterprises: false)
            .field("round", .int, .required)
            .field("step_index", .int, .required)
            .field("level", .string, .required)
            .field("reviewer_key", .string, .required)
            .field("organization_id", .int, .required)
            .field("user_id", .int, .required)
            .field("verdict", .string, .required)
            .field("opinion", .string, .required)
            .field("version", .int, .required)
            .field("decided_at", .datetime, .required)
            .create()
        try await database.schema(EnterpriseMessage.schema)
            .field(.id, .int, .identifier(auto: true))
            .enterpriseScopeColumns()
            .field("category", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("link", .string)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "filings_queue").on(FilingRecord.schema).column("pending_reviewer").column("kind").run()
        try await sql.create(index: "filings_region").on(FilingRecord.schema).column("region_code").run()
        try await sql.create(index: "filings_kind_status").on(FilingRecord.schema).column("kind").column("status").run()
        try await sql.create(index: "filing_documents_filing").on(FilingDocument.schema).column("filing_id").run()
        try await sql.create(index: "review_decisions_filing").on(ReviewDecisionRecord.schema).column("filing_id").run()
        try await sql.create(index: "messages_enterprise").on(EnterpriseMessage.schema).column("enterprise_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EnterpriseMessage.schema).delete()
        try await database.schema(ReviewDecisionRecord.schema).delete()
        try await database.schema(FilingDocument.schema).delete()
        try await database.schema(FilingRecord.schema).delete()
    }
}

/// Review decisions carry the reviewer's client address.
struct AddReviewDecisionIP: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReviewDecisionRecord.schema).field("ip", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReviewDecisionRecord.schema).deleteField("ip").update()
    }
}
