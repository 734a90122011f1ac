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
    @Field(key: "category") var category: String
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @OptionalField(key: "link") var link: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}
}
