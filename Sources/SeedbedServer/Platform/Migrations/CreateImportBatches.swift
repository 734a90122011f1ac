import Fluent
import SQLKit
import Vapor

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
