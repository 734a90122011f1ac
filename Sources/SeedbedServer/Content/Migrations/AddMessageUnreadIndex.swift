import Fluent
import SQLKit

/// The unread count every enterprise page shows in its header reads `enterprise_id, read_at`: one index serves it.
struct AddMessageUnreadIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "messages_enterprise_unread").on(EnterpriseMessage.schema)
            .column("enterprise_id").column("read_at").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "messages_enterprise_unread").run()
    }
}
