import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// M8: a recognition of a MIIT level has a status (有效 / 已取消, with the day and reason), remembers the end date a
/// 认定到期 reminder went out for (each term is reminded once) and the application that granted it. Rows already
/// on file (imported certificates) are valid.
struct AddRecognitionStatus: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let schema = Recognitions.schema
        try await database.schema(schema)
            .field("status", .string, .required, .sql(.default(RecognitionStatus.valid.rawValue))).update()
        try await database.schema(schema).field("cancelled_on", .string).update()
        try await database.schema(schema).field("cancel_reason", .string).update()
        try await database.schema(schema).field("reminded_for", .string).update()
        try await database.schema(schema).field("filing_id", .int).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "recognitions_valid_until").on(schema).column("valid_until").run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "recognitions_valid_until").run()
        }
        for column in ["filing_id", "reminded_for", "cancel_reason", "cancelled_on", "status"] {
            try await database.schema(Recognitions.schema).deleteField(.string(column)).update()
        }
    }
}
