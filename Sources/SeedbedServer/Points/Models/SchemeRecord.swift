import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// A stored innovation-points scheme (积分方案): the national scheme's versions (owner nil) or a zone's own
/// ("18+M"). The content is the `InnovationScheme` JSON. A draft is edited in place; a published version is never
/// edited again — a change is a new draft with the next version number.
final class SchemeRecord: Model, @unchecked Sendable {
    static let schema = "schemes"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    /// The organisation that owns it; nil for the national scheme.
    @OptionalField(key: "owner_org_id") var ownerOrgID: Int?
    /// `InnovationScheme.id`, shared by every version.
    @Field(key: "scheme_key") var schemeKey: String
    @Field(key: "version") var version: Int
    @Field(key: "name") var name: String
    @Field(key: "status") var status: SchemeStatus
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "content") var content: String
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "published_at") var publishedAt: Date?
    @OptionalField(key: "published_by") var publishedBy: Int?
    /// The last what-if trial of this draft (`SchemeTrial` JSON).
    @OptionalField(key: "trial") var trial: String?

    init() {}

    /// The scheme, validated: what runs and trials use.
    func scheme() throws -> InnovationScheme {
        try InnovationScheme.decode(from: Data(content.utf8))
    }

    /// The scheme as stored, problems and all: what the editor shows.
    func draft() throws -> InnovationScheme {
        do {
            return try JSONDecoder().decode(InnovationScheme.self, from: Data(content.utf8))
        } catch {
            throw AppError.invalid("积分方案无法读取，请联系平台管理员", code: "scheme_unreadable")
        }
    }

    func store(_ scheme: InnovationScheme) throws {
        content = String(decoding: try scheme.encoded(), as: UTF8.self)
        name = scheme.name
        effectiveFrom = scheme.effectiveFrom
    }

    var isPublished: Bool { status == .published }
    var isNational: Bool { ownerOrgID == nil }

    var parsedTrial: SchemeTrial? {
        trial.flatMap { try? JSONDecoder().decode(SchemeTrial.self, from: Data($0.utf8)) }
    }
}
