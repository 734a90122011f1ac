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
    @Field(key: "status") var statusRaw: String
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

    var status: ImportStatus { ImportStatus(rawValue: statusRaw) ?? .failed }
}

/// Where an import batch is.
enum ImportStatus: String, Sendable {
    case validating, validated, committing, committed, failed

    var label: String {
        switch self {
        case .validating: "校验中"
        case .validated: "待确认"
        case .committing: "导入中"
        case .committed: "已导入"
        case .failed: "失败"
        }
    }
}

struct CreateImportBatches: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ImportBatch.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("owner_id", .int, .required, .references(User.schema, .id))
            .field("status", .string, .required)
            .field("file_name", .string, .required)
            .field("source_file_id", .int, .required)
            .field("staged_file_id", .int)
            .field("error_file_id", .int)
            .field("total_rows", .int, .required)
            .field("valid_rows", .int, .required)
            .field("invalid_rows", .int, .required)
            .field("inserted_rows", .int, .required)
            .field("validation_job_id", .int)
            .field("commit_job_id", .int)
            .field("message", .string)
            .field("created_at", .datetime, .required)
            .field("committed_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "import_batches_owner").on(ImportBatch.schema).column("owner_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ImportBatch.schema).delete()
    }
}
