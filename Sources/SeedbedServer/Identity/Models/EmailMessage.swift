import Fluent
import Foundation
import Vapor

/// An e-mail the platform "sent" (邮件记录): the outbox gateway's store, visible to the platform administrator.
final class EmailMessage: Model, @unchecked Sendable {
    static let schema = "email_outbox"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    /// The address masked (`z***@example.cn`).
    @Field(key: "address") var address: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "subject") var subject: String
    /// The text with any one-time code masked.
    @Field(key: "body") var body: String
    @Field(key: "status") var status: String
    @Field(key: "created_at") var createdAt: Date
    /// The keyed hash of the one-time code the mail carried, if any.
    @OptionalField(key: "code_hash") var codeHash: String?

    init() {}

    init(address: String, purpose: String, subject: String, body: String, status: String, createdAt: Date) {
        self.address = address
        self.purpose = purpose
        self.subject = subject
        self.body = body
        self.status = status
        self.createdAt = createdAt
    }
}
