import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// A person who signs in (用户). Belongs to an organisation (government roles) or to an enterprise.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "account") var account: String
    @Field(key: "name") var name: String
    /// The phone as lists show it (`138****0000`); the full number is only in `phoneSealed`, and
    /// 找回密码 matches it by `phoneHash`.
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "phone_enc") var phoneSealed: String?
    @OptionalField(key: "phone_hash") var phoneHash: String?
    @OptionalField(key: "email") var email: String?
    @Field(key: "role") var role: Role
    @OptionalField(key: "organization_id") var organizationID: Int?
    @OptionalField(key: "enterprise_id") var enterpriseID: Int?
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @Field(key: "password_changed_at") var passwordChangedAt: Date
    @Field(key: "active") var active: Bool
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?
    /// Demo accounts carry the published demo password and may sign in only in demo mode.
    @Field(key: "is_demo") var isDemo: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(account: String, name: String, role: Role, organizationID: Int?, enterpriseID: Int?, phone: PersonalValue?,
         passwordHash: String, mustChangePassword: Bool, now: Date) {
        self.account = account
        self.name = name
        self.role = role
        self.organizationID = organizationID
        self.enterpriseID = enterpriseID
        setPhone(phone)
        self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword
        self.passwordChangedAt = now
        self.active = true
        self.isDemo = false
    }

    /// Stores a phone in its three forms (masked, sealed, search hash); `nil` clears it.
    func setPhone(_ value: PersonalValue?) {
        phone = value?.masked
        phoneSealed = value?.sealed
        phoneHash = value?.hash
    }
}
