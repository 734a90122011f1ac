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

/// Encrypts the phones stored in plain text before `AddSealedPhones` and leaves only their masked form in the old
/// column. Needs the data key only when there is something to encrypt.
struct SealPlainPhones: AsyncMigration {
    let keyring: PersonalDataKeyring

    private struct Plain: Decodable {
        let id: Int
        let value: String
    }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for (table, column) in [(User.schema, "phone"), (Enterprise.schema, "contact_phone")] {
            while true {
                let rows = try await sql.select().column("id").column(SQLColumn(column), as: "value").from(table)
                    .where(SQLColumn(column), .isNot, SQLLiteral.null)
                    .where(SQLColumn(column + "_enc"), .is, SQLLiteral.null)
                    .orderBy("id").limit(1000)
                    .all(decoding: Plain.self)
                guard !rows.isEmpty else { break }
                let cipher = try keyring.cipher()
                try await database.transaction { transaction in
                    guard let sql = transaction as? any SQLDatabase else { return }
                    for row in rows {
                        let value = try cipher.protect(row.value, as: .phone)
                        // An empty text has nothing to hide; it becomes NULL so the loop moves on.
                        try await sql.update(table)
                            .set(SQLColumn(column), to: SQLBind(value?.masked))
                            .set(SQLColumn(column + "_enc"), to: SQLBind(value?.sealed))
                            .set(SQLColumn(column + "_hash"), to: SQLBind(value?.hash))
                            .where("id", .equal, SQLBind(row.id))
                            .run()
                    }
                }
            }
        }
    }

    func revert(on database: any Database) async throws {}
}

/// The SMS outbox keeps a one-time code only as a keyed hash; the text it stores has the code masked.
struct AddSMSCodeHash: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SMSMessage.schema).field("code_hash", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SMSMessage.schema).deleteField("code_hash").update()
    }
}

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
