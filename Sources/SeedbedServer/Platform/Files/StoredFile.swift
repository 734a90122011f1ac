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
