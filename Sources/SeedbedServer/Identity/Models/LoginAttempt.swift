import Fluent
import SQLKit
import Vapor

/// One login attempt, successful or not: the 登录日志 and the input of lockout.
final class LoginAttempt: Model, @unchecked Sendable {
    static let schema = "login_attempts"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "account") var account: String
    @Field(key: "ip") var ip: String
    @OptionalField(key: "user_agent") var userAgent: String?
    @Field(key: "success") var success: Bool
    @Field(key: "reason") var reason: String
    @Field(key: "at") var at: Date

    init() {}

    init(account: String, ip: String, userAgent: String?, success: Bool, reason: String, at: Date) {
        self.account = account
        self.ip = ip
        self.userAgent = userAgent
        self.success = success
        self.reason = reason
        self.at = at
    }
}
