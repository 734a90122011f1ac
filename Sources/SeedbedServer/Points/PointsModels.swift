import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// A stored innovation-points scheme (积分方案): the national default and its versions, or a zone's extension.
/// The content is the `InnovationScheme` JSON; a published scheme is never edited, a new version is made.
final class SchemeRecord: Model, @unchecked Sendable {
    static let schema = "schemes"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    /// The organisation that owns it; nil for the national scheme.
    @OptionalField(key: "owner_org_id") var ownerOrgID: Int?
    @Field(key: "name") var name: String
    @Field(key: "status") var status: String
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "content") var content: String
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "published_at") var publishedAt: Date?

    init() {}

    func scheme() throws -> InnovationScheme {
        do {
            return try InnovationScheme.decode(from: Data(content.utf8))
        } catch {
            throw AppError.invalid(error.errorDescription ?? "积分方案无效", code: error.code)
        }
    }

    var isPublished: Bool { status == SchemeStatus.published.rawValue }
}

enum SchemeStatus: String, Sendable {
    case draft, published, archived

    var label: String {
        switch self {
        case .draft: "草稿"
        case .published: "已发布"
        case .archived: "已停用"
        }
    }
}

/// A scoring run: one scheme, one year, the enterprises in its owner's scope. Computed by a job, reviewed, then
/// published, after which enterprises see their scores.
final class ScoringRun: Model, @unchecked Sendable {
    static let schema = "scoring_runs"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "scheme_id") var schemeID: Int
    @OptionalField(key: "owner_org_id") var ownerOrgID: Int?
    @Field(key: "year") var year: Int
    @Field(key: "status") var status: String
    @OptionalField(key: "job_id") var jobID: Int?
    @Field(key: "enterprises") var enterprises: Int
    @Field(key: "cohorts") var cohorts: Int
    /// The scheme as it was when computed, so a published run explains itself even after the scheme changes.
    @Field(key: "scheme_content") var schemeContent: String
    /// Cohort labels by cohort code, JSON.
    @Field(key: "cohort_labels") var cohortLabels: String
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "published_at") var publishedAt: Date?
    @OptionalField(key: "published_by") var publishedBy: Int?
    @OptionalField(key: "message") var message: String?

    init() {}

    var runStatus: RunStatus { RunStatus(rawValue: status) ?? .failed }

    func scheme() throws -> InnovationScheme {
        do {
            return try InnovationScheme.decode(from: Data(schemeContent.utf8))
        } catch {
            throw AppError.invalid(error.errorDescription ?? "积分方案无效", code: error.code)
        }
    }

    var labels: [String] { (try? JSONDecoder().decode([String].self, from: Data(cohortLabels.utf8))) ?? [] }
}

enum RunStatus: String, Sendable {
    case computing, computed, published, failed

    var label: String {
        switch self {
        case .computing: "计算中"
        case .computed: "待审核发布"
        case .published: "已发布"
        case .failed: "失败"
        }
    }
}

/// One enterprise's score in a run, with its breakdown packed as 16 bytes per indicator (value as Float64,
/// percentile and points as Float32) so a million results stay a few hundred MB.
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

    init() {}
}

/// Packs and unpacks breakdown lines.
enum BreakdownCodec {
    struct Line: Sendable, Equatable {
        let value: Double?
        let percentile: Double?
        let points: Double
    }

    static func encode(_ lines: [Line]) -> Data {
        var data = Data(capacity: lines.count * 16)
        for line in lines {
            withUnsafeBytes(of: (line.value ?? .nan).bitPattern.littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: Float(line.percentile ?? .nan).bitPattern.littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: Float(line.points).bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    static func decode(_ data: Data) -> [Line] {
        let bytes = [UInt8](data)
        var lines: [Line] = []
        var offset = 0
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) } }
        while offset + 16 <= bytes.count {
            let value = Double(bitPattern: u64(offset))
            let percentile = Float(bitPattern: u32(offset + 8))
            let points = Float(bitPattern: u32(offset + 12))
            lines.append(Line(value: value.isNaN ? nil : value, percentile: percentile.isNaN ? nil : Double(percentile),
                              points: Double(points)))
            offset += 16
        }
        return lines
    }
}

/// An enterprise's consent for partner banks to read its score through the API (revocable, audited).
final class ScoreConsent: Model, @unchecked Sendable {
    static let schema = "score_consents"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "granted_at") var grantedAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @Field(key: "granted_by") var grantedBy: Int

    init() {}
}

struct CreatePoints: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SchemeRecord.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("owner_org_id", .int)
            .field("name", .string, .required)
            .field("status", .string, .required)
            .field("effective_from", .string, .required)
            .field("content", .string, .required)
            .field("created_by", .int, .required)
            .field("created_at", .datetime, .required)
            .field("published_at", .datetime)
            .create()
        try await database.schema(ScoringRun.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("scheme_id", .int, .required)
            .field("owner_org_id", .int)
            .field("year", .int, .required)
            .field("status", .string, .required)
            .field("job_id", .int)
            .field("enterprises", .int, .required)
            .field("cohorts", .int, .required)
            .field("scheme_content", .string, .required)
            .field("cohort_labels", .string, .required)
            .field("created_by", .int, .required)
            .field("created_at", .datetime, .required)
            .field("published_at", .datetime)
            .field("published_by", .int)
            .field("message", .string)
            .create()
        try await database.schema(ScoreResult.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("run_id", .int, .required)
            .field("enterprise_id", .int, .required)
            .field("region_code", .string, .required)
            .field("zone_id", .int)
            .field("incubator_id", .int)
            .field("year", .int, .required)
            .field("cohort", .int, .required)
            .field("stage", .string)
            .field("total", .double, .required)
            .field("rank", .int, .required)
            .field("cohort_size", .int, .required)
            .field("list_index", .int, .required)
            .field("meets_line", .bool, .required)
            .field("breakdown", .data, .required)
            .create()
        try await database.schema(ScoreConsent.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("enterprise_id", .int, .required, .references(Enterprise.schema, .id))
            .field("granted_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("granted_by", .int, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "score_results_run_cohort").on(ScoreResult.schema).column("run_id").column("cohort")
            .column("rank").run()
        try await sql.create(index: "score_results_enterprise").on(ScoreResult.schema).column("enterprise_id").run()
        try await sql.create(index: "score_results_run_region").on(ScoreResult.schema).column("run_id").column("region_code").run()
        try await sql.create(index: "score_consents_enterprise").on(ScoreConsent.schema).column("enterprise_id").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [ScoreConsent.schema, ScoreResult.schema, ScoringRun.schema, SchemeRecord.schema] {
            try await database.schema(schema).delete()
        }
    }
}
