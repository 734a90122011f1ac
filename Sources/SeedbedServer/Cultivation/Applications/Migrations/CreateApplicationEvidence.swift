import Fluent
import SQLKit

/// 作证材料 of an application: the files kept for it, the name as the enterprise's computer called it, and for a
/// zip the entry names read from its directory.
struct CreateApplicationEvidence: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ApplicationEvidence.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("filing_id", .int, .required, .references(FilingRecord.schema, .id, onDelete: .cascade))
            .field("file_id", .int, .required, .references(StoredFile.schema, .id, onDelete: .cascade))
            .field("original_name", .string, .required)
            .field("entries", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "application_evidence_filing").on(ApplicationEvidence.schema)
            .column("filing_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ApplicationEvidence.schema).delete()
    }
}
