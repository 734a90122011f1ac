import Fluent
import SQLKit
import Vapor

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
