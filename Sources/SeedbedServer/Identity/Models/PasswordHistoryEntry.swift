import Fluent
import SeedbedDomain
import SQLKit
import Vapor

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
