import Fluent
import SQLKit
import Vapor

struct CreateJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Job.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("status", .string, .required)
            .field("owner_id", .int, .required, .references(User.schema, .id))
            .field("payload", .string, .required)
            .field("result", .string)
            .field("progress_done", .int, .required)
            .field("progress_total", .int, .required)
            .field("message", .string)
            .field("output_file_id", .int)
            .field("attempts", .int, .required)
            .field("claimed_by", .string)
            .field("created_at", .datetime, .required)
            .field("started_at", .datetime)
            .field("finished_at", .datetime)
            .field("heartbeat_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "jobs_status").on(Job.schema).column("status").column("id").run()
        try await sql.create(index: "jobs_owner").on(Job.schema).column("owner_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Job.schema).delete()
    }
}
