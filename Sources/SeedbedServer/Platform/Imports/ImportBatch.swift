import Fluent
import SQLKit
import Vapor

/// One uploaded import file on its way in: validated by one job, written by another only after the user has
/// seen the summary and confirmed. Rows never touch the target tables before confirmation.
final class ImportBatch: Model, @unchecked Sendable {
    static let schema = "import_batches"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: String
    @Field(key: "owner_id") var ownerID: Int
    @Field(key: "status") var status: ImportStatus
    @Field(key: "file_name") var fileName: String
    @Field(key: "source_file_id") var sourceFileID: Int
    @OptionalField(key: "staged_file_id") var stagedFileID: Int?
    @OptionalField(key: "error_file_id") var errorFileID: Int?
    @Field(key: "total_rows") var totalRows: Int
    @Field(key: "valid_rows") var validRows: Int
    @Field(key: "invalid_rows") var invalidRows: Int
    @Field(key: "inserted_rows") var insertedRows: Int
    @OptionalField(key: "validation_job_id") var validationJobID: Int?
    @OptionalField(key: "commit_job_id") var commitJobID: Int?
    @OptionalField(key: "message") var message: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "committed_at") var committedAt: Date?

    init() {}

    /// How long a validated batch waits for its confirmation; its staged rows and error report are kept as long.
    static let confirmWindow: TimeInterval = 7 * 86_400

    /// Moves batches that can no longer go anywhere to a final state that says why, so none waits for ever:
    /// 待确认 past the confirmation window become 已过期 (their staged rows are gone); 校验中/导入中 whose job
    /// failed or vanished become 失败 with the job's reason. `ownerID` limits the pass to one person's batches
    /// (their import list runs it before it shows them); housekeeping runs it for everyone.
    static func settle(on db: any Database, now: Date, ownerID: Int? = nil) async throws {
        let expired = ImportBatch.query(on: db)
            .filter(\.$status == .validated)
            .filter(\.$createdAt < now.addingTimeInterval(-confirmWindow))
        if let ownerID { expired.filter(\.$ownerID == ownerID) }
        try await expired
            .set(\.$status, to: .expired)
            .set(\.$message, to: "超过 \(Int(confirmWindow / 86_400)) 天未确认导入，校验结果已失效、暂存数据已删除；如仍需导入请重新上传")
            .update()

        let working = ImportBatch.query(on: db)
            .filter(\.$status ~~ [.validating, .committing])
        if let ownerID { working.filter(\.$ownerID == ownerID) }
        for batch in try await working.all() {
            let committing = batch.status == .committing
            var job: Job?
            if let jobID = committing ? batch.commitJobID : batch.validationJobID {
                job = try await Job.find(jobID, on: db)
            }
            let reason: String
            switch job?.status {
            case .failed?: reason = job?.message ?? "后台任务失败"
            case nil where batch.createdAt < now.addingTimeInterval(-3_600): reason = "后台任务已不存在"
            default: continue
            }
            batch.status = .failed
            batch.message = (committing ? "写入失败，整批未导入：" : "校验失败：") + reason + "。请修改后重新上传"
            try await batch.save(on: db)
        }
    }
}

/// Where an import batch is; stored as its raw value in `import_batches.status`.
enum ImportStatus: String, Codable, Sendable, CaseIterable {
    case validating, validated, committing, committed, failed
    /// Validated but not confirmed within `ImportBatch.confirmWindow`.
    case expired

    var label: String {
        switch self {
        case .validating: "校验中"
        case .validated: "待确认"
        case .committing: "导入中"
        case .committed: "已导入"
        case .failed: "失败"
        case .expired: "已过期"
        }
    }
}
