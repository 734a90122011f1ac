import Fluent
import SQLKit
import Vapor

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
