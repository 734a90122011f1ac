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
