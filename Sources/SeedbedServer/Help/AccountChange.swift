import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// Where a manual 账号变更 (人工核验) stands. Stored as its raw value in `account_change_requests.status`.
enum AccountChangeStatus: String, Codable, Sendable, CaseIterable {
    case pending, approved, rejected

    var label: String {
        switch self {
        case .pending: "待审核"
        case .approved: "已通过"
        case .rejected: "已驳回"
        }
    }

    var tone: String {
        switch self {
        case .pending: "warning"
        case .approved: "success"
        case .rejected: "danger"
        }
    }
}

/// A one-time code sent to the enterprise's registered e-mail to bind a new phone (邮箱核验): the code only as a
/// keyed hash, the new phone sealed; good for `AccountChangeCodes.lifetime` and `AccountChangeCodes.maxTries`
/// guesses, counted in the database.
final class AccountChangeCode: Model, @unchecked Sendable {
    static let schema = "account_change_codes"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "user_id") var userID: Int
    @Field(key: "code_hash") var codeHash: String
    /// The new phone, sealed with the personal-data key.
    @Field(key: "phone_enc") var phoneSealed: String
    @Field(key: "phone") var phoneMasked: String
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "tries") var tries: Int
    @OptionalField(key: "used_at") var usedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A manual 账号变更 (人工核验): the enterprise's signed form and the new phone, waiting for the platform
/// administrator's 通过 or 驳回. Carries the enterprise's scope columns, like every enterprise row.
final class AccountChangeRequest: Model, @unchecked Sendable {
    static let schema = "account_change_requests"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "enterprise_id") var enterpriseID: Int
    @Field(key: "region_code") var regionCode: String
    @OptionalField(key: "zone_id") var zoneID: Int?
    @OptionalField(key: "incubator_id") var incubatorID: Int?
    /// The enterprise account whose phone changes.
    @Field(key: "user_id") var userID: Int
    @Field(key: "phone_enc") var phoneSealed: String
    @Field(key: "phone") var phoneMasked: String
    /// The signed 手机号变更申请表 (a kept file).
    @Field(key: "file_id") var fileID: Int
    @Field(key: "status") var status: AccountChangeStatus
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "decided_by") var decidedBy: Int?
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() {}
}
