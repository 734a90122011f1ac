import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// A stored innovation-points scheme (积分方案): the national scheme's versions (owner nil) or a zone's own
/// ("18+M"). The content is the `InnovationScheme` JSON. A draft is edited in place; a published version is never
/// edited again — a change is a new draft with the next version number.
final class SchemeRecord: Model, @unchecked Sendable {
    static let schema = "schemes"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    /// The organisation that owns it; nil for the national scheme.
    @OptionalField(key: "owner_org_id") var ownerOrgID: Int?
    /// `InnovationScheme.id`, shared by every version.
    @Field(key: "scheme_key") var schemeKey: String
    @Field(key: "version") var version: Int
    @Field(key: "name") var name: String
    @Field(key: "status") var status: String
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "content") var content: String
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "published_at") var publishedAt: Date?
    @OptionalField(key: "published_by") var publishedBy: Int?
    /// The last what-if trial of this draft (`SchemeTrial` JSON).
    @OptionalField(key: "trial") var trial: String?

    init() {}

    /// The scheme, validated: what runs and trials use.
    func scheme() throws -> InnovationScheme {
        do {
            return try InnovationScheme.decode(from: Data(content.utf8))
        } catch {
            throw AppError.invalid(error.errorDescription ?? "积分方案无效", code: error.code)
        }
    }

    /// The scheme as stored, problems and all: what the editor shows.
    func draft() throws -> InnovationScheme {
        do {
            return try JSONDecoder().decode(InnovationScheme.self, from: Data(content.utf8))
        } catch {
            throw AppError.invalid("积分方案无法读取，请联系平台管理员", code: "scheme_unreadable")
        }
    }

    func store(_ scheme: InnovationScheme) throws {
        do {
            content = String(decoding: try scheme.encoded(), as: UTF8.self)
        } catch {
            throw AppError.invalid(error.errorDescription ?? "积分方案无法保存", code: error.code)
        }
        name = scheme.name
        effectiveFrom = scheme.effectiveFrom
    }

    var schemeStatus: SchemeStatus { SchemeStatus(rawValue: status) ?? .archived }
    var isPublished: Bool { schemeStatus == .published }
    var isNational: Bool { ownerOrgID == nil }

    var parsedTrial: SchemeTrial? {
        trial.flatMap { try? JSONDecoder().decode(SchemeTrial.self, from: Data($0.utf8)) }
    }
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

    var runStatus: RunStatus { RunStatus(rawValue: status) ?? .failed }

    func scheme() throws -> InnovationScheme {
        do {
            return try InnovationScheme.decode(from: Data(schemeContent.utf8))
        } catch {
            throw AppError.invalid(error.errorDescription ?? "积分方案无效", code: error.code)
        }
    }

    var keys: [CohortKey] { (try? JSONDecoder().decode([CohortKey].self, from: Data(cohortKeys.utf8))) ?? [] }

    /// The scheme's name, or a placeholder when the stored content cannot be read.
    var schemeName: String { (try? scheme().name) ?? "积分方案" }
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
        for line in lines { append(value: line.value ?? .nan, percentile: line.percentile, points: line.points, to: &data) }
        return data
    }

    /// Packs lines written by `fill` (called with an `append` for each line) into exactly `count` lines.
    static func pack(count: Int, _ fill: (_ append: (Double, Double?, Double) -> Void) -> Void) -> Data {
        var bytes = [UInt8](repeating: 0, count: count * 16)
        var offset = 0
        bytes.withUnsafeMutableBytes { raw in
            fill { value, percentile, points in
                guard offset + 16 <= raw.count else { return }
                raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: offset, as: UInt64.self)
                raw.storeBytes(of: Float(percentile ?? .nan).bitPattern.littleEndian, toByteOffset: offset + 8, as: UInt32.self)
                raw.storeBytes(of: Float(points).bitPattern.littleEndian, toByteOffset: offset + 12, as: UInt32.self)
                offset += 16
            }
        }
        return Data(bytes.prefix(offset))
    }

    /// Appends one line (value NaN = missing).
    static func append(value: Double, percentile: Double?, points: Double, to data: inout Data) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: Float(percentile ?? .nan).bitPattern.littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: Float(points).bitPattern.littleEndian) { data.append(contentsOf: $0) }
    }

    /// The lines of a packed breakdown; a trailing partial line (a damaged blob) is ignored.
    static func decode(_ data: Data) -> [Line] {
        data.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count - 15, by: 16).map { offset in
                let value = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                let percentile = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8,
                                                                                           as: UInt32.self)))
                let points = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 12,
                                                                                       as: UInt32.self)))
                return Line(value: value.isNaN ? nil : value, percentile: percentile.isNaN ? nil : Double(percentile),
                            points: Double(points))
            }
        }
    }
}

/// An enterprise's consent for partner banks to read its score through the API (revocable, audited). A grant is
/// a row; revoking stamps `revoked_at`, so the history stays.
final class ScoreConsent: Model, @unchecked Sendable {
    static let schema = "score_consents"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "granted_at") var grantedAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @Field(key: "granted_by") var grantedBy: Int
    @OptionalField(key: "revoked_by") var revokedBy: Int?

    init() {}

    /// The consent in force for an enterprise, if any.
    static func active(enterpriseID: Int, on db: any Database) async throws -> ScoreConsent? {
        try await query(on: db).filter(\.$enterpriseID == enterpriseID).filter(\.$revokedAt == nil)
            .sort(\.$id, .descending).first()
    }
}

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

struct CreatePoints: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SchemeRecord.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("owner_org_id", .int)
            .field("scheme_key", .string, .required)
            .field("version", .int, .required)
            .field("name", .string, .required)
            .field("status", .string, .required)
            .field("effective_from", .string, .required)
            .field("content", .string, .required)
            .field("created_by", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("published_at", .datetime)
            .field("published_by", .int)
            .field("trial", .string)
            .unique(on: "scheme_key", "version")
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
            .field("cohort_keys", .string, .required)
            .field("scope_label", .string, .required)
            .field("created_by", .int, .required)
            .field("created_at", .datetime, .required)
            .field("published_at", .datetime)
            .field("published_by", .int)
            .field("message", .string)
            .field("summary", .string)
            .create()
        try await database.schema(ScoreResult.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("run_id", .int, .required)
            .enterpriseScopeColumns(referencingEnterprises: false)
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
            .field("revoked_by", .int)
            .create()
        try await database.schema(ScoreEstimate.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("batch_id", .int, .required)
            .field("owner_id", .int, .required)
            .field("run_id", .int, .required)
            .field("row_number", .int, .required)
            .field("uscc", .string, .required)
            .field("name", .string, .required)
            .field("region_code", .string, .required)
            .field("enterprise_id", .int)
            .field("cohort", .int, .required)
            .field("stage", .string)
            .field("total", .double, .required)
            .field("rank", .int, .required)
            .field("cohort_size", .int, .required)
            .field("list_index", .int, .required)
            .field("meets_line", .bool, .required)
            .field("is_estimate", .bool, .required)
            .field("breakdown", .data, .required)
            .field("created_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "score_results_run_cohort").on(ScoreResult.schema).column("run_id").column("cohort")
            .column("rank").run()
        try await sql.create(index: "score_results_enterprise").on(ScoreResult.schema).column("enterprise_id").run()
        try await sql.create(index: "score_results_run_region").on(ScoreResult.schema).column("run_id").column("region_code").run()
        try await sql.create(index: "score_consents_enterprise").on(ScoreConsent.schema).column("enterprise_id").run()
        try await sql.create(index: "score_estimates_batch").on(ScoreEstimate.schema).column("batch_id").column("row_number").run()
        try await sql.create(index: "scoring_runs_status").on(ScoringRun.schema).column("status").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [ScoreEstimate.schema, ScoreConsent.schema, ScoreResult.schema, ScoringRun.schema, SchemeRecord.schema] {
            try await database.schema(schema).delete()
        }
    }
}

/// The platform's default scheme as the first national version, so a fresh platform can score at once.
struct SeedDefaultScheme: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let scheme = InnovationScheme.platformDefault
        let record = SchemeRecord()
        record.ownerOrgID = nil
        record.schemeKey = scheme.id
        record.version = scheme.version
        record.status = SchemeStatus.published.rawValue
        record.createdBy = 0
        let now = Date()
        record.createdAt = now
        record.updatedAt = now
        record.publishedAt = now
        try record.store(scheme)
        try await record.create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await SchemeRecord.query(on: database).filter(\.$schemeKey == InnovationScheme.platformDefault.id).delete()
    }
}
