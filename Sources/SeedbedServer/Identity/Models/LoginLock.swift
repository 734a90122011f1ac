import Fluent
import SQLKit
import Vapor

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
