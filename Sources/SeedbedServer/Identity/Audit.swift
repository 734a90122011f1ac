import Fluent
import Foundation
import Vapor

/// What an audited action did. The raw value is stored; `label` is shown.
enum AuditAction: String, Sendable, CaseIterable {
    case loginSuccess = "login.success"
    case loginFailure = "login.failure"
    case logout = "logout"
    case lockout = "login.lockout"
    case sessionTimeout = "session.timeout"
    case passwordChange = "password.change"
    case passwordResetRequest = "password.reset_request"
    case passwordReset = "password.reset"
    case reveal = "personal.reveal"
    case download = "file.download"
    case apiRead = "api.read"
    case refusedRead = "read.refused"
    case create = "create"
    case update = "update"
    case delete = "delete"
    case disable = "disable"
    case enable = "enable"
    case adminPasswordReset = "password.admin_reset"
    case export = "export"
    case tokenCreate = "token.create"
    case tokenRevoke = "token.revoke"
    case denied = "denied"
    case enterpriseMove = "enterprise.move"
    case secondFactorEnrol = "2fa.enrol"
    case secondFactorDisable = "2fa.disable"
    case secondFactorFailure = "2fa.failure"
    case recoveryCodeUse = "2fa.recovery"
    case recoveryCodesIssue = "2fa.recovery_codes"
    case roleChange = "user.role"
    case securityPolicyChange = "security.policy"
    case unlock = "security.unlock"
    case messageRead = "message.read"

    var label: String {
        switch self {
        case .loginSuccess: "登录成功"
        case .loginFailure: "登录失败"
        case .logout: "退出登录"
        case .lockout: "登录锁定"
        case .sessionTimeout: "会话超时"
        case .passwordChange: "修改密码"
        case .passwordResetRequest: "申请找回密码"
        case .passwordReset: "找回密码"
        case .reveal: "查看完整个人信息"
        case .download: "下载文件"
        case .apiRead: "接口读取"
        case .refusedRead: "越权读取被拒绝"
        case .create: "新增"
        case .update: "修改"
        case .delete: "删除"
        case .disable: "停用"
        case .enable: "启用"
        case .adminPasswordReset: "重置密码"
        case .export: "导出"
        case .tokenCreate: "创建接口令牌"
        case .tokenRevoke: "吊销接口令牌"
        case .denied: "越权访问被拒绝"
        case .enterpriseMove: "企业迁移"
        case .secondFactorEnrol: "绑定动态口令"
        case .secondFactorDisable: "解除动态口令"
        case .secondFactorFailure: "动态口令错误"
        case .recoveryCodeUse: "使用恢复码"
        case .recoveryCodesIssue: "重新生成恢复码"
        case .roleChange: "变更角色"
        case .securityPolicyChange: "修改安全策略"
        case .unlock: "解除锁定"
        case .messageRead: "消息标为已读"
        }
    }
}

/// How an audited action ended.
enum AuditOutcome: String, Sendable {
    case success, failure, denied

    var label: String {
        switch self {
        case .success: "成功"
        case .failure: "失败"
        case .denied: "拒绝"
        }
    }
}

/// Writes audit entries with the request's actor, organisation and address filled in.
struct AuditLogger: Sendable {
    let database: any Database
    let actor: CurrentUser?
    let ip: String?
    let now: Date

    /// Records one entry. `account` names the subject when nobody is signed in (a failed login).
    func record(_ action: AuditAction, outcome: AuditOutcome = .success, targetType: String? = nil,
                targetID: String? = nil, detail: String? = nil, account: String? = nil) async throws
    {
        let entry = AuditEntry()
        entry.at = now
        entry.userID = actor?.id
        entry.account = actor?.account ?? account
        entry.organization = actor?.organizationName ?? actor?.enterpriseName
        entry.ip = ip
        entry.action = action.rawValue
        entry.targetType = targetType
        entry.targetID = targetID
        entry.outcome = outcome.rawValue
        entry.detail = detail.map { String($0.prefix(2000)) }
        try await entry.create(on: database)
    }

    /// Deletes entries older than the retention period (never less than 180 days).
    static func sweep(on database: any Database, retentionDays: Int, now: Date) async throws {
        let days = max(AppConfig.minimumAuditRetentionDays, retentionDays)
        let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
        try await AuditEntry.query(on: database).filter(\.$at < cutoff).delete()
    }
}

extension Request {
    /// The audit logger for this request's actor.
    var audit: AuditLogger {
        AuditLogger(database: db, actor: auth.get(CurrentUser.self), ip: clientIP, now: now)
    }
}
