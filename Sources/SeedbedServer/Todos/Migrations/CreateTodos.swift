import Fluent
import SQLKit

/// 待办事项 (T5): to-dos, their attachments and recipients; and the officials' inbox (`official_messages`).
struct CreateTodos: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TodoRecord.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("publisher_org_id", .int, .required, .references(Organization.schema, .id))
            .field("publisher_user_id", .int, .required, .references(User.schema, .id))
            .field("publisher_name", .string, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("deadline", .string, .required)
            .field("audience", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(TodoAttachment.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("todo_id", .int, .required, .references(TodoRecord.schema, .id, onDelete: .cascade))
            .field("file_id", .int, .required, .references(StoredFile.schema, .id))
            .field("original_name", .string, .required)
            .create()
        try await database.schema(TodoRecipient.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("todo_id", .int, .required, .references(TodoRecord.schema, .id, onDelete: .cascade))
            .field("organization_id", .int, .required, .references(Organization.schema, .id))
            .field("state", .string, .required)
            .field("file_id", .int, .references(StoredFile.schema, .id))
            .field("file_name", .string)
            .field("completed_by", .int)
            .field("completed_at", .datetime)
            .field("reminded_at", .datetime)
            .field("reminder_count", .int, .required)
            .unique(on: "todo_id", "organization_id")
            .create()
        try await database.schema(OfficialMessage.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references(Organization.schema, .id))
            .field("category", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("link", .string)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "todos_publisher").on(TodoRecord.schema)
            .column("publisher_org_id").column("created_at").run()
        try await sql.create(index: "todo_recipients_organization").on(TodoRecipient.schema)
            .column("organization_id").column("state").run()
        try await sql.create(index: "todo_attachments_todo").on(TodoAttachment.schema).column("todo_id").run()
        try await sql.create(index: "official_messages_unread").on(OfficialMessage.schema)
            .column("organization_id").column("read_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OfficialMessage.schema).delete()
        try await database.schema(TodoRecipient.schema).delete()
        try await database.schema(TodoAttachment.schema).delete()
        try await database.schema(TodoRecord.schema).delete()
    }
}
