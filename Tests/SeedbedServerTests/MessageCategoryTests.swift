import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("我的消息：按类别筛选、未读数、详情")
struct MessageCategoryTests {
    /// Three messages for e1 (two categories), one for e2.
    static func seed(_ app: Application, _ fixtures: Fixtures) async throws -> (notice: Int, update: Int, other: Int) {
        guard let e1 = try await Enterprise.find(try fixtures.enterprise("e1"), on: app.db),
              let e2 = try await Enterprise.find(try fixtures.enterprise("e2"), on: app.db)
        else { throw TestSetupError.missing("enterprises") }
        let now = app.clock.now()
        let notice = try EnterpriseMessage(to: e1, category: .recognitionNotice, title: "认定通知：创新型中小企业",
                                           body: "贵企业已被认定为创新型中小企业", link: "/workbench", at: now)
        try await notice.create(on: app.db)
        let update = try EnterpriseMessage(to: e1, category: .infoUpdate, title: "信息更新已通过",
                                           body: "信息更新审核通过", link: nil, at: now.addingTimeInterval(1))
        try await update.create(on: app.db)
        let second = try EnterpriseMessage(to: e1, category: .infoUpdate, title: "信息更新窗口已开启",
                                           body: "每年1月1日起可提交信息更新", link: nil, at: now.addingTimeInterval(2))
        try await second.create(on: app.db)
        let other = try EnterpriseMessage(to: e2, category: .recognitionNotice, title: "他人的认定通知",
                                          body: "不应被 e1 看到", link: nil, at: now)
        try await other.create(on: app.db)
        guard let a = notice.id, let b = update.id, let c = other.id else { throw TestSetupError.missing("messages") }
        return (a, b, c)
    }

    @Test("按类别筛选只列出该类别的本企业消息，导出同筛选")
    func filter() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            _ = try await Self.seed(app, fixtures)
            let owner = Browser(app, ip: "10.30.0.1")
            try await owner.login("ent-e1")
            let all = try await owner.get("/my/messages").body.string
            #expect(all.contains("认定通知：创新型中小企业") && all.contains("信息更新已通过"))
            #expect(!all.contains("他人的认定通知"))
            let query = "category=" + (MessageCategory.infoUpdate.rawValue.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            let updates = try await owner.get("/my/messages?\(query)").body.string
            #expect(updates.contains("信息更新已通过") && updates.contains("信息更新窗口已开启"))
            #expect(!updates.contains("认定通知：创新型中小企业"))
            #expect(updates.contains("/exports/messages?\(query)"))
            // An unknown category reads as all, never an error.
            let unknown = try await owner.get("/my/messages?category=%E4%B8%8D%E5%AD%98%E5%9C%A8")
            #expect(unknown.status == .ok)
            #expect(unknown.body.string.contains("认定通知：创新型中小企业"))
        }
    }

    @Test("未读数显示在页头与页面标题，标为已读、打开详情后减少")
    func unreadCount() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let ids = try await Self.seed(app, fixtures)
            let owner = Browser(app, ip: "10.30.0.2")
            try await owner.login("ent-e1")
            let workbench = try await owner.get("/workbench").body.string
            #expect(workbench.contains("我的消息（3 条未读）"))
            #expect(try await owner.get("/my/messages").body.string.contains("我的消息（3 条未读）"))

            #expect(try await owner.post("/my/messages/\(ids.update)/read", form: [:]).status == .seeOther)
            #expect(try await owner.get("/workbench").body.string.contains("我的消息（2 条未读）"))

            // 详情 opens the message and reads it: the header on that very page already counts it read.
            let detail = try await owner.get("/my/messages/\(ids.notice)")
            #expect(detail.status == .ok)
            #expect(detail.body.string.contains("贵企业已被认定为创新型中小企业"))
            #expect(detail.body.string.contains("认定通知"))
            #expect(detail.body.string.contains("我的消息（1 条未读）"))
            let stored = try await EnterpriseMessage.find(ids.notice, on: app.db)
            #expect(stored?.readAt != nil)

            #expect(try await owner.post("/my/messages/read-all", form: [:]).status == .seeOther)
            let after = try await owner.get("/workbench").body.string
            #expect(!after.contains("条未读"))
            #expect(after.contains("header-messages"))

            // Government users have no messages in their header.
            let county = Browser(app, ip: "10.30.0.3")
            try await county.login("county-gjz")
            #expect(!(try await county.get("/workbench").body.string.contains("header-messages")))
        }
    }

    @Test("一家企业不能查看或标记另一家企业的消息（404），标为已读须带 CSRF 令牌")
    func otherEnterpriseAndCSRF() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let ids = try await Self.seed(app, fixtures)
            let owner = Browser(app, ip: "10.30.0.4")
            try await owner.login("ent-e1")
            #expect(try await owner.get("/my/messages/\(ids.other)").status == .notFound)
            #expect(try await owner.post("/my/messages/\(ids.other)/read", form: [:]).status == .notFound)
            #expect(try await owner.get("/my/messages/999999999").status == .notFound)
            #expect(try await owner.get("/my/messages/abc").status == .notFound)
            #expect(try await owner.post("/my/messages/\(ids.notice)/read", form: [:], csrf: false).status == .forbidden)
            #expect(try await owner.post("/my/messages/read-all", form: [:], csrf: false).status == .forbidden)
            #expect(try await EnterpriseMessage.find(ids.other, on: app.db)?.readAt == nil)
            #expect(try await EnterpriseMessage.find(ids.notice, on: app.db)?.readAt == nil)
        }
    }
}
