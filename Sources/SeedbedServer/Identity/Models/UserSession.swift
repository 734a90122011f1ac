import Fluent
import SQLKit
import Vapor

/// A signed-in browser session, stored server-side so that sign-out and timeouts take effect on every node.
/// The id is the SHA-256 of the cookie value: a leaked database does not hand out live sessions.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(custom: .id, generatedBy: .user) var id: String?
    @Field(key: "user_id") var userID: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @OptionalField(key: "ip") var ip: String?
    @OptionalField(key: "user_agent") var userAgent: String?

    init() {}

    init(id: String, userID: Int, now: Date, ip: String?, userAgent: String?) {
        self.id = id
        self.userID = userID
        self.createdAt = now
        self.lastSeenAt = now
        self.ip = ip
        self.userAgent = userAgent
    }
}

struct CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserSession.schema)
            .field(.id, .string, .identifier(auto: false))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("ip", .string)
            .field("user_agent", .string)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "sessions_user").on(UserSession.schema).column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserSession.schema).delete()
    }
}

/// One login attempt, successful or not: the 登录日志 and the input of lockout.
final class LoginAttempt: Model, @unchecked Sendable {
    static let schema = "login_attempts"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "account") var account: String
    @Field(key: "ip") var ip: String
    @OptionalField(key: "user_agent") var userAgent: String?
    @Field(key: "success") var success: Bool
    @Field(key: "reason") var reason: String
    @Field(key: "at") var at: Date

    init() {}

    init(account: String, ip: String, userAgent: String?, success: Bool, reason: String, at: Date) {
        self.account = account
        self.ip = ip
        self.userAgent = userAgent
        self.success = success
        self.reason = reason
        self.at = at
    }
}

struct CreateLoginAttempts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LoginAttempt.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("account", .string, .required)
            .field("ip", .string, .required)
            .field("user_agent", .string)
            .field("success", .bool, .required)
            .field("reason", .string, .required)
            .field("at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "login_attempts_account_at").on(LoginAttempt.schema).column("account").column("at").run()
        try await sql.create(index: "login_attempts_ip_at").on(LoginAttempt.schema).column("ip").column("at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginAttempt.schema).delete()
    }
}

/// A lock on an account (`account:NAME`) or an address (`ip:ADDR`) after too many failed logins.
final class LoginLock: Model, @unchecked Sendable {
    static let schema = "login_locks"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "subject") var subject: String
    @Field(key: "locked_until") var lockedUntil: Date
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(subject: String, lockedUntil: Date, createdAt: Date) {
        self.subject = subject
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
    }
}

struct CreateLoginLocks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LoginLock.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("subject", .string, .required)
            .field("locked_until", .datetime, .required)
            .field("created_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "login_locks_subject").on(LoginLock.schema).column("subject").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginLock.schema).delete()
    }
}

/// A login captcha: the answer the server drew, single use, short-lived.
final class CaptchaChallenge: Model, @unchecked Sendable {
    static let schema = "captchas"

    @ID(custom: .id, generatedBy: .user) var id: String?
    @Field(key: "answer") var answer: String
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(id: String, answer: String, expiresAt: Date) {
        self.id = id
        self.answer = answer
        self.expiresAt = expiresAt
    }
}

struct CreateCaptchas: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CaptchaChallenge.schema)
            .field(.id, .string, .identifier(auto: false))
            .field("answer", .string, .required)
            .field("expires_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaptchaChallenge.schema).delete()
    }
}

/// A 6-digit password-reset code sent by SMS; stored hashed, with its tries counted.
final class PasswordResetCode: Model, @unchecked Sendable {
    static let schema = "password_resets"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "user_id") var userID: Int
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "attempts") var attempts: Int
    @OptionalField(key: "used_at") var usedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(userID: Int, codeHash: String, expiresAt: Date, createdAt: Date) {
        self.userID = userID
        self.codeHash = codeHash
        self.expiresAt = expiresAt
        self.attempts = 0
        self.createdAt = createdAt
    }
}

struct CreatePasswordResets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PasswordResetCode.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PasswordResetCode.schema).delete()
    }
}

/// An API token (`seedbed token create`): stored as a hash, revocable, acting with its account's scope.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "user_id") var userID: Int
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "prefix") var prefix: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(userID: Int, name: String, tokenHash: String, prefix: String, createdAt: Date) {
        self.userID = userID
        self.name = name
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.createdAt = createdAt
    }
}

struct CreateAPITokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(APIToken.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(APIToken.schema).delete()
    }
}

/// A text message the platform "sent" (短信记录): the outbox gateway's store, visible to the platform admin.
final class SMSMessage: Model, @unchecked Sendable {
    static let schema = "sms_outbox"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "phone") var phone: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "content") var content: String
    @Field(key: "status") var status: String
    @Field(key: "created_at") var createdAt: Date
    /// The keyed hash of the one-time code the text carried, if any (the text itself has it masked).
    @OptionalField(key: "code_hash") var codeHash: String?

    init() {}

    init(phone: String, purpose: String, content: String, status: String, createdAt: Date) {
        self.phone = phone
        self.purpose = purpose
        self.content = content
        self.status = status
        self.createdAt = createdAt
    }
}

struct CreateSMSOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SMSMessage.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("phone", .string, .required)
            .field("purpose", .string, .required)
            .field("content", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SMSMessage.schema).delete()
    }
}
