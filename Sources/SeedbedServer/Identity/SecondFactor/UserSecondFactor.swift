import Fluent
import SQLKit
import Vapor

/// A user's authenticator (TOTP) secret. Stored sealed with a key derived from the server secret, so a copy of
/// the database alone does not yield codes; shown only while it is being enrolled. Unconfirmed until the user
/// has typed a code from it.
final class UserSecondFactor: Model, @unchecked Sendable {
    static let schema = "user_second_factors"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "user_id") var userID: Int
    /// AES-GCM sealed box (nonce, ciphertext, tag), base64.
    @Field(key: "secret_sealed") var secretSealed: String
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    /// The last time step whose code was accepted: a code is good once (RFC 6238 §5.2).
    @OptionalField(key: "last_used_step") var lastUsedStep: Int?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(userID: Int, secretSealed: String, createdAt: Date) {
        self.userID = userID
        self.secretSealed = secretSealed
        self.createdAt = createdAt
    }
}

/// A single-use recovery code (恢复码) for when the authenticator is lost; only its hash is kept.
final class UserRecoveryCode: Model, @unchecked Sendable {
    static let schema = "user_recovery_codes"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "user_id") var userID: Int
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(userID: Int, codeHash: String, createdAt: Date) {
        self.userID = userID
        self.codeHash = codeHash
        self.createdAt = createdAt
    }
}
