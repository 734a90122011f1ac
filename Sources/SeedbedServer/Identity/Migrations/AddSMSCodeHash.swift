import Fluent
import Foundation
import SQLKit

/// The SMS outbox keeps a one-time code only as a keyed hash; the text it stores has the code masked.
struct AddSMSCodeHash: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SMSMessage.schema).field("code_hash", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SMSMessage.schema).deleteField("code_hash").update()
    }
}
