import Fluent
import Foundation
import Vapor

/// One 作证材料 file of an application: the kept file (scoped download through `/files/:id`), the name the
/// enterprise gave it (any characters: spaces, #, %, &, quotes, Chinese, emoji — shown escaped, saved under it),
/// and for a zip the entry names read from its directory.
final class ApplicationEvidence: Model, @unchecked Sendable {
    static let schema = "application_evidence"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "filing_id") var filingID: Int
    @Field(key: "file_id") var fileID: Int
    @Field(key: "original_name") var originalName: String
    /// JSON array of entry names (a zip), `[]` otherwise.
    @Field(key: "entries") var entries: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var entryNames: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(entries.utf8))) ?? []
    }

    static func of(filingID: Int, on db: any Database) async throws -> [ApplicationEvidence] {
        try await query(on: db).filter(\.$filingID == filingID).sort(\.$id).all()
    }
}
