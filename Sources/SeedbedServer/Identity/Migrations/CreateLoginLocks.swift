import Fluent
import SQLKit
import Vapor

struct CreateLoginLocks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LoginLock.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("subject", .string, .required)
            .field("locked_until", .datetime, .required)
            .field("created_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "login_locks_subject").on(LoginLock.schema).column("subject").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginLock.schema).delete()
    }
}
