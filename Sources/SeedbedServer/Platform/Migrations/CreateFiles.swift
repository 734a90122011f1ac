import Fluent
import SQLKit
import Vapor

struct CreateFiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StoredFile.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("sha256", .string, .required)
            .field("size", .int, .required)
            .field("content_type", .string, .required)
            .field("name", .string, .required)
            .field("purpose", .string, .required)
            .field("owner_id", .int)
            .field("enterprise_id", .int)
            .field("region_code", .string)
            .field("zone_id", .int)
            .field("incubator_id", .int)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime)
            .create()
        try await database.schema(FileBlob.schema)
            .field("sha256", .string, .identifier(auto: false))
            .field("data", .data, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "files_sha").on(StoredFile.schema).column("sha256").run()
        try await sql.create(index: "files_expiry").on(StoredFile.schema).column("expires_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FileBlob.schema).delete()
        try await database.schema(StoredFile.schema).delete()
    }
}
