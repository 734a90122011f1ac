import Fluent
import Foundation
import Vapor

/// 安全审计 → 操作日志, 登录日志 (the audit administrator's only) and 系统管理 → 短信记录: read-only, searchable,
/// paged. No route edits or deletes them.
struct LogControllers: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(Page.loginLog).get { req async throws -> HTMLPage in
            let list = LoginLogList()
            return try await list.respond(req) { AdminViews.logins(list, page: $0, filter: $1, viewer: $2) }
        }
        routes.grouped(Page.auditLog).get { req async throws -> HTMLPage in
            let list = AuditLogList()
            let days = req.config.auditRetentionDays
            return try await list.respond(req) {
                AdminViews.audit(list, page: $0, filter: $1, viewer: $2, retentionDays: days)
            }
        }
        routes.grouped(Page.sms).get { req async throws -> HTMLPage in
            let list = SMSList()
            return try await list.respond(req) { AdminViews.sms(list, page: $0, filter: $1, viewer: $2) }
        }
    }
}
