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
    @Field(key: "role") var roleRaw: String
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
        self.roleRaw = role.rawValue
        self.organizationID = organizationID
        self.enterpriseID = enterpriseID
        setPhone(phone)
        self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword
        self.passwordChangedAt = now
        self.active = true
        self.isDemo = false
    }

    var role: Role? { Role(rawValue: roleRaw) }

    /// Stores a phone in its three forms (masked, sealed, search hash); `nil` clears it.
    func setPhone(_ value: PersonalValue?) {
        phone = value?.masked
        phoneSealed = value?.sealed
        phoneHash = value?.hash
    }
}

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("account", .string, .required)
            .field("name", .string, .required)
            .field("phone", .string)
            .field("email", .string)
            .field("role", .string, .required)
            .field("organization_id", .int, .references(Organization.schema, .id))
            .field("enterprise_id", .int, .references(Enterprise.schema, .id))
            .field("password_hash", .string, .required)
            .field("must_change_password", .bool, .required)
            .field("password_changed_at", .datetime, .required)
            .field("active", .bool, .required)
            .field("last_login_at", .datetime)
            .field("is_demo", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "account")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "users_organization").on(User.schema).column("organization_id").run()
        try await sql.create(index: "users_enterprise").on(User.schema).column("enterprise_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).delete()
    }
}

/// A previous password hash, kept so a user cannot cycle back to one of their last passwords.
final class PasswordHistoryEntry: Model, @unchecked Sendable {
    static let schema = "password_history"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "user_id") var userID: Int
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(userID: Int, passwordHash: String, createdAt: Date) {
        self.userID = userID
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

struct CreatePasswordHistory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PasswordHistoryEntry.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("password_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "password_history_user").on(PasswordHistoryEntry.schema).column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PasswordHistoryEntry.schema).delete()
    }
}
