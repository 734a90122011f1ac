import Fluent
import SQLKit
import Vapor

/// A file the platform keeps (uploaded licence or proof, import workbook, export, error report): metadata here,
/// bytes in the `FileStore` under their SHA-256. Enterprise-bound files carry the scope columns, so downloads
/// pass the same data-scope filter as everything else.
final class StoredFile: Model, @unchecked Sendable {
    static let schema = "files"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "sha256") var sha256: String
    @Field(key: "size") var size: Int
    @Field(key: "content_type") var contentType: String
    @Field(key: "name") var name: String
    @Field(key: "purpose") var purpose: String
    @OptionalField(key: "owner_id") var ownerID: Int?
    @OptionalField(key: "enterprise_id") var enterpriseID: Int?
    @OptionalField(key: "region_code") var regionCode: String?
    @OptionalField(key: "zone_id") var zoneID: Int?
    @OptionalField(key: "incubator_id") var incubatorID: Int?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "expires_at") var expiresAt: Date?

    init() {}
}

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

/// File bytes for the database-backed store (multi-node deployments without a shared directory).
final class FileBlob: Model, @unchecked Sendable {
    static let schema = "file_blobs"

    @ID(custom: "sha256", generatedBy: .user) var id: String?
    @Field(key: "data") var data: Data

    init() {}

    init(sha256: String, data: Data) {
        self.id = sha256
        self.data = data
    }
}
