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
    @Field(key: "kind") var kind: ProductKind
    @Field(key: "name") var name: String
    @Field(key: "content") var content: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var values: [String: String] { .init(storedJSON: content) }
}

/// Whether an entry is a product (产品) or a service (服务); stored as its raw value in `products.kind`, which is
/// also the `type` of the page's URL.
enum ProductKind: String, Codable, Sendable, CaseIterable {
    case product, service

    var label: String {
        switch self {
        case .product: "产品"
        case .service: "服务"
        }
    }

    /// The catalog form an entry of this kind is filed with.
    var form: FormDefinition {
        switch self {
        case .product: ProductForm.form
        case .service: ServiceForm.form
        }
    }
}
