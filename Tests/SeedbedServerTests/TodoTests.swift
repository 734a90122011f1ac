import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// 待办事项 (T5) and the officials' 我的消息, through the pages as each role uses them.
@Suite("待办事项")
struct TodoTests {
    static func day(_ app: Application, _ days: Int) -> String {
        LocalDate(chinaTimeOf: app.clock.now()).adding(days: days).description
    }

    /// Publishes a to-do as `browser` and returns its id (from the redirect).
    static func publish(_ app: Application, _ browser: Browser, title: String, kinds: [String], region: String = "",
                        deadline: Int = 10, attachment: (String, Data)? = nil) async throws -> Int {
        let response: TestingHTTPResponse
        var form = ["title": title, "description": "请按要求上传材料", "deadline": day(app, deadline), "region": region,
                    "action": "publish"]
        if let attachment {
            form["kinds[]"] = kinds.first ?? ""
            response = try await browser.upload("/todos", form: form, file: ("attachments[]", attachment.0, attachment.1),
                                                csrfFrom: "/todos/new")
        } else {
            let pairs = form.map { ($0.key, $0.value) } + kinds.map { ("kinds[]", $0) }
            response = try await browser.post("/todos", pairs: pairs, csrfFrom: "/todos/new")
        }
        guard response.status == .seeOther, let id = Int(response.location.split(separator: "/").last ?? "") else {
            throw TestSetupError.missing("published to-do (\(response.status.code): \(Browser.alertText(response.body.string) ?? ""))")
        }
        return id
    }

    static func organization(_ app: Application, kind: OrganizationKind, code: String) async throws -> Int {
        guard let id = try await Organization.query(on: app.db).filter(\.$kind == kind).filter(\.$regionCode == code)
            .first()?.id else { throw TestSetupError.missing("organisation \(code)") }
        return id
    }

    static func upload(_ browser: Browser, todo: Int, name: String, content: String) async throws -> TestingHTTPResponse {
        try await browser.upload("/my-todos/\(todo)/upload", form: [:], file: ("file", name, Data("%PDF-1.4 \(content)".utf8)),
                                 csrfFrom: "/my-todos/\(todo)")
    }

    @Test("市级发布给所选类型：只有辖区内的区县收到，高新区和其他省的区县收不到，并收到待办通知")
    func publicationReachesChosenRecipients() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let city = Browser(app)
            try await city.login("city-dl")
            let id = try await Self.publish(app, city, title: "甘井子年报材料报送", kinds: ["county"])
            let dalianCounties = try await Organization.query(on: app.db).filter(\.$kind == .county)
                .filter(\.$regionCode >= "2102").filter(\.$regionCode < "2102:").count()
            let rows = try await TodoRecipient.query(on: app.db).filter(\.$todoID == id).all()
            #expect(rows.count == dalianCounties)
            #expect(Set(rows.map(\.organizationID)).contains(fixtures.organizations["county-gjz"] ?? 0))
            #expect(!Set(rows.map(\.organizationID)).contains(fixtures.organizations["county-yb"] ?? 0))
            #expect(!Set(rows.map(\.organizationID)).contains(fixtures.organizations["zone-dl"] ?? 0))
            for (account, sees) in [("county-gjz", true), ("county-ls", true), ("county-yb", false), ("zone-dl", false),
                                    ("incubator-dl", false)] {
                let browser = Browser(app)
                try await browser.login(account)
                let list = try await browser.get("/my-todos")
                #expect(list.status == .ok)
                #expect(list.body.string.contains("甘井子年报材料报送") == sees, "\(account)")
                #expect(list.body.string.contains("您有 1 项待办未完成") == sees, "\(account) notice")
                let inbox = try await browser.get("/inbox")
                #expect(inbox.body.string.contains("新待办：甘井子年报材料报送") == sees, "\(account) inbox")
            }
            // The publisher's list and its export show it with 0/n completed.
            let list = try await city.get("/todos?q=甘井子")
            #expect(list.body.string.contains("甘井子年报材料报送"))
            #expect(list.body.string.contains("0/\(dalianCounties)"))
            #expect(!(try await city.get("/todos?q=不存在的名称")).body.string.contains("甘井子年报材料报送"))
            let export = try await city.post("/exports/todos", form: [:], csrfFrom: "/todos")
            #expect(export.status == .ok)
            #expect(export.headers.contentType?.subType.contains("spreadsheetml") == true)
            // The preview counts the same organisations and keeps nothing.
            let preview = try await city.post("/todos", pairs: [("kinds[]", "county"), ("region", ""), ("action", "preview")],
                                              csrfFrom: "/todos/new")
            #expect(preview.status == .ok)
            #expect(preview.body.string.contains("将发送给 \(dalianCounties) 个接收单位"))
            #expect(try await TodoRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("范围外的接收单位被拒绝：市不能发给其他省或上级，区县和高新区不能发布，表单错误用中文提示且不留数据")
    func outOfScopeRecipientsAreRefused() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let city = Browser(app)
            try await city.login("city-dl")
            let cases: [([(String, String)], String)] = [
                ([("kinds[]", "county"), ("region", "50")], "所选地区不在本单位管辖范围内"),
                ([("kinds[]", "county"), ("region", "2101")], "所选地区不在本单位管辖范围内"),
                ([("kinds[]", "province")], "不能向“省级”单位发布待办"),
                ([("kinds[]", "national")], "不能向“国家级（火炬中心）”单位发布待办"),
                ([("kinds[]", "bogus")], "接收单位类型无效"),
                ([("region", "")], "请至少选择一类接收单位"),
            ]
            for (extra, message) in cases {
                let pairs = [("title", "越权待办"), ("description", "说明"), ("deadline", Self.day(app, 5)),
                             ("action", "publish")] + extra
                let response = try await city.post("/todos", pairs: pairs, csrfFrom: "/todos/new")
                #expect(response.status == .unprocessableEntity, "\(extra)")
                #expect(response.body.string.contains(message), "\(extra)")
            }
            let late = try await city.post("/todos", pairs: [("title", ""), ("description", "说明"), ("deadline", Self.day(app, -1)),
                                                             ("kinds[]", "county"), ("action", "publish")], csrfFrom: "/todos/new")
            #expect(late.status == .unprocessableEntity)
            #expect(late.body.string.contains("请填写待办名称"))
            #expect(late.body.string.contains("截止日期不能早于今天"))
            #expect(try await TodoRecord.query(on: app.db).count() == 0)
            #expect(try await TodoRecipient.query(on: app.db).count() == 0)
            #expect(try await OfficialMessage.query(on: app.db).count() == 0)
            for account in ["county-gjz", "zone-dl", "incubator-dl", "ent-e1", "admin"] {
                let browser = Browser(app)
                try await browser.login(account)
                #expect(try await browser.get("/todos").status == .forbidden, "\(account)")
                #expect(try await browser.post("/todos", form: ["title": "x", "kinds[]": "county"], csrfFrom: "/workbench").status
                        == .forbidden, "\(account)")
            }
            // The province reaches Dalian's zone; the national centre reaches Chongqing.
            let province = Browser(app)
            try await province.login("prov-ln")
            let id = try await Self.publish(app, province, title: "辽宁高新区材料", kinds: ["zone"], region: "2102")
            let zoneRows = try await TodoRecipient.query(on: app.db).filter(\.$todoID == id).count()
            #expect(zoneRows == 1)
        }
    }

    @Test("上传即完成，重传替换原文件；发布单位看到已完成并下载全部附件为一个 zip（单位名+原文件名）")
    func uploadCompletesAndZipHoldsEveryUpload() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let city = Browser(app)
            try await city.login("city-dl")
            let id = try await Self.publish(app, city, title: "材料报送", kinds: ["county"], region: "",
                                            attachment: ("填报说明.pdf", Data("%PDF-1.4 guide".utf8)))
            let gjz = Browser(app)
            try await gjz.login("county-gjz")
            let page = try await gjz.get("/my-todos/\(id)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("请按要求上传材料"))
            #expect(page.body.string.contains("填报说明.pdf"))
            let attachment = try #require(try await TodoAttachment.query(on: app.db).filter(\.$todoID == id).first()?.id)
            let guide = try await gjz.get("/my-todos/\(id)/attachments/\(attachment)")
            #expect(guide.status == .ok)
            #expect(guide.body.string.contains("%PDF-1.4 guide"))

            let first = try await Self.upload(gjz, todo: id, name: "甘井子报送材料.pdf", content: "first")
            #expect(first.status == .seeOther)
            let gjzOrg = try #require(fixtures.organizations["county-gjz"])
            let row = try #require(try await TodoRecipient.query(on: app.db).filter(\.$todoID == id)
                .filter(\.$organizationID == gjzOrg).first())
            #expect(row.state == .completed)
            let firstFile = try #require(row.fileID)
            #expect(try await gjz.get("/my-todos?state=completed").body.string.contains("材料报送"))
            #expect(try await gjz.get("/my-todos/\(id)").body.string.contains("重传"))

            // 重传: the new file replaces the old, which is gone.
            let again = try await Self.upload(gjz, todo: id, name: "甘井子报送材料（修订）.pdf", content: "second")
            #expect(again.status == .seeOther)
            let replaced = try #require(try await TodoRecipient.find(row.id, on: app.db))
            #expect(replaced.state == .completed)
            #expect(replaced.fileID != firstFile)
            #expect(replaced.fileName == "甘井子报送材料（修订）.pdf")
            #expect(try await StoredFile.find(firstFile, on: app.db) == nil)
            let own = try await gjz.get("/my-todos/\(id)/file")
            #expect(own.body.string.contains("second"))

            // A file of a kind the platform refuses changes nothing.
            let bad = try await gjz.upload("/my-todos/\(id)/upload", form: [:], file: ("file", "病毒.exe", Data("MZ....".utf8)),
                                           csrfFrom: "/my-todos/\(id)")
            #expect(bad.status == .unprocessableEntity)
            #expect(try await TodoRecipient.find(row.id, on: app.db)?.fileID == replaced.fileID)

            let ls = Browser(app)
            try await ls.login("county-ls")
            #expect(try await Self.upload(ls, todo: id, name: "旅顺口区材料.pdf", content: "ls").status == .seeOther)

            let status = try await city.get("/todos/\(id)")
            #expect(status.body.string.contains("已完成 2 个"))
            let completed = try await city.get("/todos/\(id)?state=completed")
            #expect(completed.body.string.contains("辽宁省大连市甘井子区"))
            #expect(!completed.body.string.contains("辽宁省大连市中山区"))
            let open = try await city.get("/todos/\(id)?state=open")
            #expect(open.body.string.contains("辽宁省大连市中山区"))

            let zip = try await city.get("/todos/\(id)/zip")
            #expect(zip.status == .ok)
            #expect(zip.headers.contentType?.description.contains("zip") == true)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("todo-test-\(UUID().uuidString).zip")
            defer { try? FileManager.default.removeItem(at: url) }
            try Data(buffer: zip.body).write(to: url)
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            let names = Set(FileKind.centralDirectoryNames(handle) ?? [])
            #expect(names == ["辽宁省大连市甘井子区_甘井子报送材料（修订）.pdf", "辽宁省大连市旅顺口区_旅顺口区材料.pdf"])
            let bytes = [UInt8](Data(buffer: zip.body))
            #expect(bytes.count > 8 && bytes[6] & 0x08 == 0 && bytes[7] & 0x08 == 0x08, "UTF-8 names are flagged")
        }
    }

    @Test("催办只发给未完成的单位，同一天不重复，次日可再催；次数和审计都有记录")
    func remindersGoToLateOnesOnceADay() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let province = Browser(app)
            try await province.login("prov-ln")
            let id = try await Self.publish(app, province, title: "辽宁季度报告", kinds: ["zone", "incubator"], region: "2102",
                                            deadline: 1)
            let zone = Browser(app)
            try await zone.login("zone-dl")
            #expect(try await Self.upload(zone, todo: id, name: "高新区报告.pdf", content: "z").status == .seeOther)
            let incubatorOrg = try #require(fixtures.organizations["incubator-dl"])
            let zoneOrg = try #require(fixtures.organizations["zone-dl"])

            let remind = try await province.post("/todos/\(id)/remind", form: ["confirmed": "1"], csrfFrom: "/todos/\(id)")
            #expect(remind.status == .seeOther)
            func reminders(_ org: Int) async throws -> Int {
                try await OfficialMessage.query(on: app.db).filter(\.$organizationID == org)
                    .filter(\.$category == .todoReminder).count()
            }
            #expect(try await reminders(incubatorOrg) == 1)
            #expect(try await reminders(zoneOrg) == 0)
            // Twice the same day: refused with a message, nothing sent.
            let twice = try await province.post("/todos/\(id)/remind", form: ["confirmed": "1"], csrfFrom: "/todos/\(id)")
            #expect(twice.status == .seeOther)
            #expect(try await province.get(twice.location).body.string.contains("今天已催办过"))
            #expect(try await reminders(incubatorOrg) == 1)
            // Without confirmation the server asks first.
            let ask = try await province.post("/todos/\(id)/remind", form: [:], csrfFrom: "/todos/\(id)")
            #expect(ask.status == .ok)
            #expect(ask.body.string.contains("确定向未完成的单位发送催办消息吗"))

            app.clock.advance(by: 2 * 86_400)
            province.cookies = [:]  // the session timed out meanwhile
            try await province.login("prov-ln")
            _ = try await province.post("/todos/\(id)/remind", form: ["confirmed": "1"], csrfFrom: "/todos/\(id)")
            #expect(try await reminders(incubatorOrg) == 2)
            let row = try #require(try await TodoRecipient.query(on: app.db).filter(\.$todoID == id)
                .filter(\.$organizationID == incubatorOrg).first())
            #expect(row.reminderCount == 2)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$targetType == "todo").filter(\.$action == AuditAction.update.rawValue)
                .all().filter { $0.detail?.hasPrefix("催办") == true }.count == 2)

            // The incubator reads it: overdue badge, the 催办 message, read once opened, 全部标为已读.
            let incubator = Browser(app)
            try await incubator.login("incubator-dl")
            let list = try await incubator.get("/my-todos")
            #expect(list.body.string.contains("已逾期"))
            let inbox = try await incubator.get("/inbox")
            #expect(inbox.body.string.contains("催办：辽宁季度报告"))
            #expect(inbox.body.string.contains("3 条未读"))
            let message = try #require(try await OfficialMessage.query(on: app.db).filter(\.$organizationID == incubatorOrg)
                .filter(\.$category == .todoReminder).first()?.id)
            #expect(try await incubator.get("/inbox/\(message)").status == .ok)
            #expect(try await OfficialMessage.find(message, on: app.db)?.readAt != nil)
            let user = try await Fixtures.currentUser("incubator-dl", on: app)
            #expect(try await OfficialMessages.unreadCount(for: user, on: app.db) == 2)
            #expect(try await OfficialMessages.recent(for: user, limit: 5, on: app.db).count == 3)
            _ = try await incubator.post("/inbox/read-all", form: [:], csrfFrom: "/inbox")
            #expect(try await OfficialMessages.unreadCount(for: user, on: app.db) == 0)
            #expect(try await OpenTodos.count(for: user, on: app.db) == 1)
            let open = try await OpenTodos.list(for: user, today: LocalDate(chinaTimeOf: app.clock.now()), on: app.db)
            #expect(open.map(\.title) == ["辽宁季度报告"])
            #expect(open.first?.urgency == .overdue)
        }
    }

    @Test("截止日期标记：三天内即将到期，过期已逾期")
    func deadlineBadges() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let city = Browser(app)
            try await city.login("city-dl")
            _ = try await Self.publish(app, city, title: "近期待办", kinds: ["county"], deadline: 2)
            _ = try await Self.publish(app, city, title: "远期待办", kinds: ["county"], deadline: 20)
            let gjz = Browser(app)
            try await gjz.login("county-gjz")
            let body = try await gjz.get("/my-todos").body.string
            #expect(body.contains("即将到期"))
            #expect(!body.contains("已逾期"))
            #expect(body.contains("您有 2 项待办未完成"))
            #expect(body.contains("/static/todo-notice.js"))
            app.clock.advance(by: 3 * 86_400)
            gjz.cookies = [:]  // the session timed out meanwhile
            try await gjz.login("county-gjz")
            #expect(try await gjz.get("/my-todos").body.string.contains("已逾期"))
            #expect(try await gjz.get("/static/todo-notice.js").status == .ok)
        }
    }

    @Test("跨单位访问一律拒绝：其他单位的待办、附件、上传文件、压缩包、催办和消息都是 404，企业 403")
    func crossOrganisationAccessIsRefused() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let city = Browser(app)
            try await city.login("city-dl")
            let id = try await Self.publish(app, city, title: "仅限大连", kinds: ["county"],
                                            attachment: ("说明.pdf", Data("%PDF-1.4 a".utf8)))
            let gjz = Browser(app)
            try await gjz.login("county-gjz")
            #expect(try await Self.upload(gjz, todo: id, name: "材料.pdf", content: "secret").status == .seeOther)
            let attachment = try #require(try await TodoAttachment.query(on: app.db).first()?.id)
            let recipient = try #require(try await TodoRecipient.query(on: app.db).filter(\.$todoID == id)
                .filter(\.$organizationID == fixtures.organizations["county-gjz"] ?? 0).first()?.id)
            let message = try #require(try await OfficialMessage.query(on: app.db)
                .filter(\.$organizationID == fixtures.organizations["county-gjz"] ?? 0).first()?.id)
            let recipientURLs = ["/my-todos/\(id)", "/my-todos/\(id)/attachments/\(attachment)", "/my-todos/\(id)/file"]
            let publisherURLs = ["/todos/\(id)", "/todos/\(id)/attachments/\(attachment)", "/todos/\(id)/uploads/\(recipient)",
                                 "/todos/\(id)/zip"]
            for account in ["county-yb", "zone-dl", "zone-cq", "incubator-dl", "prov-ln"] {
                let browser = Browser(app)
                try await browser.login(account)
                for url in recipientURLs {
                    let response = try await browser.get(url)
                    #expect([.notFound, .forbidden].contains(response.status), "\(account) \(url) → \(response.status.code)")
                    #expect(!response.body.string.contains("secret"))
                }
                let upload = try await browser.upload("/my-todos/\(id)/upload", form: [:],
                                                      file: ("file", "x.pdf", Data("%PDF-1.4 x".utf8)), csrfFrom: "/inbox")
                #expect([.notFound, .forbidden].contains(upload.status), "\(account) upload → \(upload.status.code)")
                #expect(try await browser.get("/inbox/\(message)").status == .notFound, "\(account) inbox")
            }
            // Publisher routes: another publisher (the province) sees nothing of the city's to-do.
            let province = Browser(app)
            try await province.login("prov-ln")
            for url in publisherURLs {
                #expect(try await province.get(url).status == .notFound, "prov-ln \(url)")
            }
            #expect(try await province.post("/todos/\(id)/remind", form: ["confirmed": "1"], csrfFrom: "/todos").status == .notFound)
            #expect(!(try await province.get("/todos")).body.string.contains("仅限大连"))
            // The recipient is not a publisher; the enterprise is neither.
            for url in publisherURLs { #expect(try await gjz.get(url).status == .forbidden, "county-gjz \(url)") }
            let enterprise = Browser(app)
            try await enterprise.login("ent-e1")
            for url in publisherURLs + recipientURLs + ["/inbox", "/inbox/\(message)", "/my-todos", "/todos"] {
                #expect(try await enterprise.get(url).status == .forbidden, "ent-e1 \(url)")
            }
            // The national centre sees every to-do.
            let national = Browser(app)
            try await national.login("national")
            for url in publisherURLs { #expect(try await national.get(url).status == .ok, "national \(url)") }
            #expect(try await TodoRecipient.find(recipient, on: app.db)?.reminderCount == 0)
        }
    }

    @Test("待办与消息路由按角色开放：发布、接收、消息各自的角色之外一律 403")
    func routesFollowRoles() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let allowed: [ScopeMatrixTests.Access: Set<Role>] = [
                .todoPublishers: [.national, .province, .city],
                .todoRecipients: [.province, .city, .county, .zone, .incubator],
                .officials: [.national, .province, .city, .county, .zone, .incubator],
            ]
            for (account, role) in Fixtures.accounts + Fixtures.officers {
                let browser = Browser(app)
                try await browser.login(account)
                for (key, access) in ScopeMatrixTests.catalog {
                    guard let roles = allowed[access] else { continue }
                    let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
                    let path = ScopeMatrixTests.path(parts[1], id: 999_999)
                        .replacingOccurrences(of: ":attachment", with: "1").replacingOccurrences(of: ":recipient", with: "1")
                    let response = parts[0] == "GET" ? try await browser.get(path)
                        : try await browser.post(path, form: ["confirmed": "1"], csrfFrom: "/account/password")
                    if roles.contains(role) {
                        #expect(response.status != .forbidden, "\(account) \(key) → \(response.status.code)")
                    } else {
                        #expect(response.status == .forbidden, "\(account) \(key) → \(response.status.code)")
                    }
                }
            }
        }
    }
}
