import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// One enterprise on the government's 企业快报 list. Carries the enterprise's place, so the one data-scope filter
/// applies to the list as to every enterprise-bound table.
final class ExpressListEntry: Model, @unchecked Sendable {
    static let schema = "express_report_list"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "region_code") var regionCode: String
    @OptionalField(key: "zone_id") var zoneID: Int?
    @OptionalField(key: "incubator_id") var incubatorID: Int?
    @Field(key: "added_by") var addedBy: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var scopeSubject: ScopeSubject {
        ScopeSubject(enterpriseID: enterpriseID, regionCode: regionCode, zoneID: zoneID, incubatorID: incubatorID)
    }
}
