import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// An enterprise's consent for partner banks to read its score through the API (revocable, audited). A grant is
/// a row; revoking stamps `revoked_at`, so the history stays.
final class ScoreConsent: Model, @unchecked Sendable {
    static let schema = "score_consents"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "granted_at") var grantedAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @Field(key: "granted_by") var grantedBy: Int
    @OptionalField(key: "revoked_by") var revokedBy: Int?

    init() {}

    /// The consent in force for an enterprise, if any.
    static func active(enterpriseID: Int, on db: any Database) async throws -> ScoreConsent? {
        try await query(on: db).filter(\.$enterpriseID == enterpriseID).filter(\.$revokedAt == nil)
            .sort(\.$id, .descending).first()
    }
}
