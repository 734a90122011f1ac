import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// An enterprise (企业). Extended by the filing and scoring features; what is here is what every feature needs
/// to place it: code, name, region, zone or incubator, industry, field, age and status.
final class Enterprise: Model, @unchecked Sendable {
    static let schema = "enterprises"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "uscc") var uscc: String
    @Field(key: "name") var name: String
    @Field(key: "region_code") var regionCode: String
    @OptionalField(key: "zone_id") var zoneID: Int?
    @OptionalField(key: "incubator_id") var incubatorID: Int?
    /// Section letter + division, e.g. `C39`.
    @OptionalField(key: "industry_code") var industryCode: String?
    @OptionalField(key: "tech_field") var techField: Int?
    /// ISO date `yyyy-MM-dd`, stored as text so both databases compare and export it alike.
    @OptionalField(key: "registered_on") var registeredOn: String?
    @Field(key: "status") var status: EnterpriseStatus
    @OptionalField(key: "contact_name") var contactName: String?
    /// The contact phone as lists show it (`138****0000`); the full number is only in `contactPhoneSealed`.
    @OptionalField(key: "contact_phone") var contactPhone: String?
    @OptionalField(key: "contact_phone_enc") var contactPhoneSealed: String?
    @OptionalField(key: "contact_phone_hash") var contactPhoneHash: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    /// Stores a contact phone in its three forms (masked, sealed, search hash); `nil` clears it.
    func setContactPhone(_ value: PersonalValue?) {
        contactPhone = value?.masked
        contactPhoneSealed = value?.sealed
        contactPhoneHash = value?.hash
    }

    var scopeSubject: ScopeSubject? {
        guard let id else { return nil }
        return ScopeSubject(enterpriseID: id, regionCode: regionCode, zoneID: zoneID, incubatorID: incubatorID)
    }
}

/// The life status of an enterprise record; stored as its raw value in `enterprises.status`.
enum EnterpriseStatus: String, Codable, Sendable, CaseIterable {
    case active
    /// Registered, waiting for the zone or county to approve the registration.
    case pending
    /// Registration refused (不通过).
    case rejected
    case cancelled

    var label: String {
        switch self {
        case .active: "正常"
        case .pending: "注册待审核"
        case .rejected: "注册未通过"
        case .cancelled: "注销"
        }
    }
}
