import Fluent
import SQLKit
import Vapor

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
