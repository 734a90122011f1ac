import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// An in-app message to an enterprise (我的消息).
final class EnterpriseMessage: Model, @unchecked Sendable {
    static let schema = "messages"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "region_code") var regionCode: String
    @OptionalField(key: "zone_id") var zoneID: Int?
    @OptionalField(key: "incubator_id") var incubatorID: Int?
    @Field(key: "category") var category: MessageCategory
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @OptionalField(key: "link") var link: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}

    /// A new unread message for the enterprise, its scope columns copied from it.
    init(to enterprise: Enterprise, category: MessageCategory, title: String, body: String, link: String?, at time: Date) throws {
        guard let id = enterprise.id else { throw AppError.notFound() }
        enterpriseID = id
        regionCode = enterprise.regionCode
        zoneID = enterprise.zoneID
        incubatorID = enterprise.incubatorID
        self.category = category
        self.title = title
        self.body = body
        self.link = link
        createdAt = time
    }
}
