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

/// `messages_enterprise` (enterprise_id) repeats the first column of `messages_enterprise_unread`, which answers
/// every lookup it did (an enterprise's 我的消息, its unread count, the foreign-key check of a deleted enterprise).
/// Publishing a national run writes a message per scored enterprise: at a million, that index alone cost about a
/// second of the publication.
struct DropRedundantMessageIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "messages_enterprise").ifExists().run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "messages_enterprise").on(EnterpriseMessage.schema).column("enterprise_id").run()
    }
}
