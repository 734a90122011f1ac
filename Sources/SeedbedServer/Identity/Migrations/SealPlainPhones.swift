import Fluent
import Foundation
import SQLKit

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
