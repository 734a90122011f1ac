import Fluent
import SQLKit
import Vapor

/// One line of the audit log (操作日志): who, from which organisation and address, did what to which target,
/// and how it ended. Append-only: nothing in the platform updates or deletes a line except the retention
/// sweep, which removes lines older than the configured retention (never less than 180 days).
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_log"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "at") var at: Date
    @OptionalField(key: "user_id") var userID: Int?
    @OptionalField(key: "account") var account: String?
    @OptionalField(key: "organization") var organization: String?
    @OptionalField(key: "ip") var ip: String?
    @Field(key: "action") var action: String
    @OptionalField(key: "target_type") var targetType: String?
    @OptionalField(key: "target_id") var targetID: String?
    @Field(key: "outcome") var outcome: String
    @OptionalField(key: "detail") var detail: String?

    init() {}
}
