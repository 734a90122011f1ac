import Fluent
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// A product or service an enterprise lists (产品信息填报, seed 000 §2.4). Not reviewed: added and deleted freely.
final class EnterpriseProduct: Model, @unchecked Sendable {
    static let schema = "products"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "region_code") var regionCode: String
    @OptionalField(key: "zone_id") var zoneID: Int?
    @OptionalField(key: "incubator_id") var incubatorID: Int?
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    @Field(key: "content") var content: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var values: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(content.utf8))) ?? [:]
    }
}
