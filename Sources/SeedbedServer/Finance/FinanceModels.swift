import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// A partner bank (合作金融机构) that runs products in the 金融超市. Created by the platform administrator.
final class FinancialInstitution: Model, @unchecked Sendable {
    static let schema = "financial_institutions"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    @Field(key: "short_name") var shortName: String
    @Field(key: "contact") var contact: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(name: String, shortName: String, contact: String, at time: Date) {
        self.name = name
        self.shortName = shortName
        self.contact = contact
        createdAt = time
    }
}

/// Which institution a 合作金融机构 account works for: one row per account (the account's institution), so the
/// users table is left as it is.
final class InstitutionMember: Model, @unchecked Sendable {
    static let schema = "institution_members"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "user_id") var userID: Int
    @Field(key: "institution_id") var institutionID: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(userID: Int, institutionID: Int, at time: Date) {
        self.userID = userID
        self.institutionID = institutionID
        createdAt = time
    }
}

/// A finance product a bank offers (金融产品).
final class FinanceProduct: Model, @unchecked Sendable {
    static let schema = "finance_products"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "institution_id") var institutionID: Int
    @Field(key: "name") var name: String
    @Field(key: "type") var type: FinanceProductType
    /// Annual rate range in per cent.
    @Field(key: "rate_min") var rateMin: Double
    @Field(key: "rate_max") var rateMax: Double
    /// Highest amount, 万元.
    @Field(key: "amount_max") var amountMax: Double
    @Field(key: "term_months") var termMonths: Int
    @OptionalField(key: "min_score") var minScore: Double?
    /// The list (榜单) the enterprise must be on or above: 0 = the best list.
    @OptionalField(key: "max_list_index") var maxListIndex: Int?
    /// A GB/T 2260 code whose division the enterprise must lie in; nil = anywhere.
    @OptionalField(key: "region_code") var regionCode: String?
    @Field(key: "description") var description: String
    @Field(key: "contact") var contact: String
    @Field(key: "status") var status: FinanceProductStatus
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var conditions: FinanceConditions {
        FinanceConditions(minimumScore: minScore, maximumListIndex: maxListIndex,
                          regionPrefix: regionCode.map { RegionCodes.prefix(of: $0, at: RegionCodes.level(of: $0)) })
    }
}

/// An enterprise's application for a product, with the enterprise's scope columns and the institution it went
/// to (copied from the product, so every bank query and every decision names its institution).
final class FinanceApplication: Model, @unchecked Sendable {
    static let schema = "finance_applications"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "product_id") var productID: Int
    @Field(key: "institution_id") var institutionID: Int
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "region_code") var regionCode: String
    @OptionalField(key: "zone_id") var zoneID: Int?
    @OptionalField(key: "incubator_id") var incubatorID: Int?
    /// 万元.
    @Field(key: "amount") var amount: Double
    @Field(key: "purpose") var purpose: String
    /// When the enterprise consented to share its innovation score with the institution (the checkbox).
    @Field(key: "consent_at") var consentAt: Date
    @Field(key: "state") var state: FinanceApplicationState
    @OptionalField(key: "reason") var reason: String?
    /// The amount lent (万元), on 放款.
    @OptionalField(key: "disbursed_amount") var disbursedAmount: Double?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "decided_by") var decidedBy: Int?

    init() {}
}

/// One step of an application's history (提交, 受理, 放款, 未通过).
final class FinanceApplicationEvent: Model, @unchecked Sendable {
    static let schema = "finance_application_events"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "application_id") var applicationID: Int
    @Field(key: "state") var state: FinanceApplicationState
    @Field(key: "note") var note: String
    @Field(key: "actor_id") var actorID: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(applicationID: Int, state: FinanceApplicationState, note: String, actorID: Int, at time: Date) {
        self.applicationID = applicationID
        self.state = state
        self.note = note
        self.actorID = actorID
        createdAt = time
    }
}
