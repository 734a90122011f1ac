import Fluent
import Foundation
import Vapor

/// 系统管理 → 登录日志, 操作日志 and 短信记录: read-only, searchable, paged. No route edits or deletes them.
struct LogControllers: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "logins", use: logins)
        routes.get("admin", "audit", use: audit)
        routes.get("admin", "sms", use: sms)
    }

    /// A `from`–`to` day range from the query (China time), either end optional.
    struct DayRange {
        let from: String
        let to: String
        let start: Date?
        let end: Date?

        init(_ req: Request) {
            from = (req.query[String.self, at: "from"] ?? "").trimmingCharacters(in: .whitespaces)
            to = (req.query[String.self, at: "to"] ?? "").trimmingCharacters(in: .whitespaces)
            start = EnterpriseForm.parseDate(from)
            end = EnterpriseForm.parseDate(to).map { $0.addingTimeInterval(86_400) }
        }
    }

    @Sendable func logins(req: Request) async throws -> HTMLPage {
        _ = try req.requireRole([.platformAdmin])
        let q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(64).description
        let outcome = req.query[String.self, at: "outcome"] ?? ""
        let range = DayRange(req)
        let page = PageRequest(req)
        var query = LoginAttempt.query(on: req.db)
        if !q.isEmpty {
            query = query.group(.or) { group in
                group.filter(\.$account ~~ q.lowercased())
                group.filter(\.$ip ~~ q)
            }
        }
        if outcome == "success" || outcome == "failure" { query = query.filter(\.$success == (outcome == "success")) }
        if let start = range.start { query = query.filter(\.$at >= start) }
        if let end = range.end { query = query.filter(\.$at < end) }
        let total = try await query.count()
        let items = try await query.sort(\.$at, .descending).sort(\.$id, .descending)
            .range(page.offset..<(page.offset + page.per)).all()
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("登录日志", context, AdminViews.logins(
            Paged(items: items, info: PageInfo(page, total: total)), q: q, outcome: outcome, range: range)))
    }

    @Sendable func audit(req: Request) async throws -> HTMLPage {
        _ = try req.requireRole([.platformAdmin])
        let q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(64).description
        let action = req.query[String.self, at: "action"].flatMap(AuditAction.init(rawValue:))
        let outcome = req.query[String.self, at: "outcome"].flatMap(AuditOutcome.init(rawValue:))
        let range = DayRange(req)
        let page = PageRequest(req)
        var query = AuditEntry.query(on: req.db)
        if !q.isEmpty {
            query = query.group(.or) { group in
                group.filter(\.$account ~~ q)
                group.filter(\.$organization ~~ q)
                group.filter(\.$targetID == q)
                group.filter(\.$ip ~~ q)
            }
        }
        if let action { query = query.filter(\.$action == action.rawValue) }
        if let outcome { query = query.filter(\.$outcome == outcome.rawValue) }
        if let start = range.start { query = query.filter(\.$at >= start) }
        if let end = range.end { query = query.filter(\.$at < end) }
        let total = try await query.count()
        let items = try await query.sort(\.$at, .descending).sort(\.$id, .descending)
            .range(page.offset..<(page.offset + page.per)).all()
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("操作日志", context, AdminViews.audit(
            Paged(items: items, info: PageInfo(page, total: total)), q: q, action: action?.rawValue ?? "",
            outcome: outcome?.rawValue ?? "", range: range, retentionDays: req.config.auditRetentionDays)))
    }

    @Sendable func sms(req: Request) async throws -> HTMLPage {
        _ = try req.requireRole([.platformAdmin])
        let q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(32).description
        let page = PageRequest(req)
        var query = SMSMessage.query(on: req.db)
        if !q.isEmpty { query = query.filter(\.$phone ~~ q) }
        let total = try await query.count()
        let items = try await query.sort(\.$createdAt, .descending).sort(\.$id, .descending)
            .range(page.offset..<(page.offset + page.per)).all()
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("短信记录", context, AdminViews.sms(
            Paged(items: items, info: PageInfo(page, total: total)), q: q)))
    }
}
