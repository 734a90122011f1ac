import Fluent
import SQLKit
import Vapor

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
