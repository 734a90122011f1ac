import Fluent
import Foundation
import SQLKit

/// Columns for the sealed phones (AES-GCM text `v1:…`) and their search hashes. The existing `phone` and
/// `contact_phone` columns keep the masked form from now on (`SealPlainPhones`).
struct AddSealedPhones: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for (table, column) in [(User.schema, "phone"), (Enterprise.schema, "contact_phone")] {
            try await database.schema(table).field(.string(column + "_enc"), .string).update()
            try await database.schema(table).field(.string(column + "_hash"), .string).update()
            guard let sql = database as? any SQLDatabase else { continue }
            try await sql.create(index: "\(table)_\(column)_hash").on(table).column(column + "_hash").run()
        }
    }

    func revert(on database: any Database) async throws {
        for (table, column) in [(User.schema, "phone"), (Enterprise.schema, "contact_phone")] {
            if let sql = database as? any SQLDatabase {
                try await sql.drop(index: "\(table)_\(column)_hash").run()
            }
            try await database.schema(table).deleteField(.string(column + "_enc")).update()
            try await database.schema(table).deleteField(.string(column + "_hash")).update()
        }
    }
}
