import Fluent
import Foundation
import SQLKit

/// Masks the phones and codes of texts stored before the outbox masked them.
struct MaskSMSOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        var lastID = 0
        while true {
            let messages = try await SMSMessage.query(on: database).filter(\.$id > lastID).sort(\.$id).limit(1000).all()
            guard let last = messages.last?.id else { break }
            lastID = last
            for message in messages {
                let phone = message.phone.contains("*") ? message.phone : Masking.phone(message.phone)
                let content = SMSMessage.maskingCodes(in: message.content)
                guard phone != message.phone || content != message.content else { continue }
                message.phone = phone
                message.content = content
                try await message.save(on: database)
            }
        }
    }

    func revert(on database: any Database) async throws {}
}
