import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// 账号变更 (M9): a new phone bound by a code e-mailed to the registered address (hashed at rest, 10 minutes, tries
/// counted in the database), or by a signed form an administrator approves; either way the new phone is sealed and
/// texted its login name. Runs on SQLite, and on PostgreSQL when SEEDBED_TEST_POSTGRES_URL is set.
@Suite("账号变更：邮箱核验与人工核验")
struct AccountChangeTests {
    static let address = "owner@e1.example.cn"
    static let newPhone = "13700001111"

    /// ent-e1 with a registered e-mail, signed in; e-mails captured.
    static func signedIn(_ app: Application) async throws -> Browser {
        app.captureEmails()
        let user = try #require(try await User.query(on: app.db).filter(\.$account == "ent-e1").first())
        user.email = address
        try await user.save(on: app.db)
        let browser = Browser(app)
        try await browser.login("ent-e1")
        return browser
    }

    /// Asks for a code for `phone` and returns it as the mailbox received it.
    static func requestCode(_ app: Application, _ browser: Browser, phone: String = newPhone) async throws -> String {
        let sent = try await browser.post("/my/account-change/email", form: ["phone": phone], csrfFrom: "/my/account-change")
        #expect(sent.status == .seeOther, "\(Browser.fieldErrors(sent.body.string))")
        let mail = try #require(app.sentMails.last)
        #expect(mail.address == address)
        return try #require(Browser.extract(#"验证码 (\d{6})"#, from: mail.body))
    }

    static func user(_ app: Application, _ account: String = "ent-e1") async throws -> User {
        try #require(try await User.query(on: app.db).filter(\.$account == account).first())
    }

    @Test("邮箱验证码：发到登记邮箱，库中只存哈希；错误验证码不生效，正确验证码换绑并短信发送登录名")
    func emailCodeFlow() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = try await Self.signedIn(app)
            let page = try await browser.get("/my/account-change")
            #expect(page.status == .ok && page.body.string.contains("o***@e1.example.cn"))

            // A phone that is not a mobile number, or the current one, sends nothing.
            let bad = try await browser.post("/my/account-change/email", form: ["phone": "12345"], csrfFrom: "/my/account-change")
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("11 位手机号码"))
            let same = try await browser.post("/my/account-change/email", form: ["phone": "13800138000"],
                                              csrfFrom: "/my/account-change")
            #expect(same.status == .unprocessableEntity && same.body.string.contains("与当前绑定的号码相同"))
            #expect(app.sentMails.isEmpty)

            let code = try await Self.requestCode(app, browser)
            let stored = try #require(try await AccountChangeCode.query(on: app.db).first())
            #expect(stored.codeHash != code && !stored.codeHash.contains(code), "the code is kept only as a hash")
            #expect(!stored.phoneSealed.contains(Self.newPhone), "the new phone is sealed")
            let outbox = try #require(try await EmailMessage.query(on: app.db).first())
            #expect(outbox.address == "o***@e1.example.cn" && !outbox.body.contains(code) && outbox.codeHash != nil)

            let wrongCode = code == "000000" ? "111111" : "000000"
            let wrong = try await browser.post("/my/account-change/email/confirm", form: ["code": wrongCode],
                                               csrfFrom: "/my/account-change")
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("验证码错误，还可尝试 \(AccountChangeRule.maxTries - 1) 次"))
            #expect(try await Self.user(app).phone == "138****8000")

            let right = try await browser.post("/my/account-change/email/confirm", form: ["code": code],
                                               csrfFrom: "/my/account-change")
            #expect(right.status == .seeOther)
            let changed = try await Self.user(app)
            #expect(changed.phone == "137****1111")
            #expect(changed.phoneHash == (try app.personalData.hash(Self.newPhone)))
            #expect(changed.phoneSealed.flatMap { try? app.personalData.open($0) } == Self.newPhone)
            let text = try #require(app.sentTexts.last)
            #expect(text.phone == Self.newPhone && text.content.contains("登录名：ent-e1"))
            let audit = try await AuditEntry.query(on: app.db).filter(\.$detail ~~ "邮箱核验").count()
            #expect(audit == 1)

            // The code is spent.
            let again = try await browser.post("/my/account-change/email/confirm", form: ["code": code],
                                               csrfFrom: "/my/account-change")
            #expect(again.status == .unprocessableEntity)
            #expect(app.sentTexts.filter { $0.purpose == "账号变更" }.count == 1)
        }
    }

    @Test("邮箱验证码 10 分钟后失效；未登记邮箱的账号不能邮箱核验")
    func expiredCodeAndNoEmail() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = try await Self.signedIn(app)
            let code = try await Self.requestCode(app, browser)
            app.clock.advance(by: Double(AccountChangeRule.codeLifetimeMinutes) * 60 + 1)
            let late = try await browser.post("/my/account-change/email/confirm", form: ["code": code],
                                              csrfFrom: "/my/account-change")
            #expect(late.status == .unprocessableEntity && late.body.string.contains("验证码无效或已过期"))
            #expect(try await Self.user(app).phone == "138****8000")

            let other = Browser(app)
            try await other.login("ent-e2")
            let refused = try await other.post("/my/account-change/email", form: ["phone": Self.newPhone],
                                               csrfFrom: "/my/account-change")
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("未登记电子邮箱"))
        }
    }

    @Test("并发提交 40 个错误验证码：数据库最多计 5 次，之后正确验证码也无效")
    func parallelWrongCodesNeverExceedTheLimit() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = try await Self.signedIn(app)
            let code = try await Self.requestCode(app, browser)
            let wrong = code == "999999" ? "888888" : "999999"
            let token = try await browser.csrfToken(from: "/my/account-change")
            let cookies = browser.cookies
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let one = Browser(app, ip: "10.7.0.\(index + 1)")
                        one.cookies = cookies
                        return try await one.post("/my/account-change/email/confirm", form: ["code": wrong, "_csrf": token],
                                                  csrf: false).status
                    }
                }
                var all: [HTTPResponseStatus] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(statuses.allSatisfy { $0 == .unprocessableEntity })
            let pending = try #require(try await AccountChangeCode.query(on: app.db).first())
            #expect(pending.tries == AccountChangeRule.maxTries)
            let checked = try await AuditEntry.query(on: app.db).filter(\.$detail == "账号变更：邮箱验证码错误").count()
            #expect(checked == AccountChangeRule.maxTries, "only \(AccountChangeRule.maxTries) guesses were compared")

            let late = try await browser.post("/my/account-change/email/confirm", form: ["code": code],
                                              csrfFrom: "/my/account-change")
            #expect(late.status == .unprocessableEntity && late.body.string.contains("错误次数过多"))
            #expect(try await Self.user(app).phone == "138****8000")
        }
    }

    @Test("人工核验：上传申请表，管理员确认后通过，新号码生效并收到登录名短信；驳回须填原因")
    func manualChangeApproval() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let owner = Browser(app)
            try await owner.login("ent-e1")
            let missing = try await owner.upload("/my/account-change/manual", form: ["phone": "13600002222"],
                                                 file: (field: "form", name: "空.pdf", data: Data()), csrfFrom: "/my/account-change")
            #expect(missing.status == .unprocessableEntity && missing.body.string.contains("请上传已签字盖章"))
            let wrongType = try await owner.upload("/my/account-change/manual", form: ["phone": "13600002222"],
                                                   file: (field: "form", name: "表.exe", data: Data("MZ not a pdf".utf8)),
                                                   csrfFrom: "/my/account-change")
            #expect(wrongType.status == .unprocessableEntity)
            #expect(try await AccountChangeRequest.query(on: app.db).count() == 0)
            #expect(try await StoredFile.query(on: app.db).filter(\.$purpose == "account-change").count() == 0)

            let sent = try await owner.upload("/my/account-change/manual", form: ["phone": "13600002222"],
                                              file: (field: "form", name: "手机号变更申请表（盖章）.pdf",
                                                     data: Data("%PDF-1.4 signed".utf8)), csrfFrom: "/my/account-change")
            #expect(sent.status == .seeOther, "\(Browser.fieldErrors(sent.body.string))")
            let request = try #require(try await AccountChangeRequest.query(on: app.db).first())
            let id = try #require(request.id)
            #expect(request.status == .pending && request.phoneMasked == "136****2222")
            let again = try await owner.upload("/my/account-change/manual", form: ["phone": "13600003333"],
                                               file: (field: "form", name: "表.pdf", data: Data("%PDF-1.4 again".utf8)),
                                               csrfFrom: "/my/account-change")
            #expect(again.status == .unprocessableEntity && again.body.string.contains("已有待审核的变更申请"))

            let admin = Browser(app)
            try await admin.login("admin")
            let list = try await admin.get("/admin/account-changes?status=pending")
            #expect(list.body.string.contains(Fixtures.enterpriseCodes["e1"]?.name ?? "?") && list.body.string.contains("136****2222"))
            #expect(try await admin.get("/admin/account-changes/\(id)").body.string.contains("/files/\(request.fileID)"))
            #expect(try await admin.get("/files/\(request.fileID)").status == .ok)

            let ask = try await admin.post("/admin/account-changes/\(id)/approve", form: [:],
                                           csrfFrom: "/admin/account-changes/\(id)")
            #expect(ask.status == .ok && ask.body.string.contains("确定通过"))
            #expect(try await AccountChangeRequest.find(id, on: app.db)?.status == .pending, "nothing before confirmation")
            let approved = try await admin.post("/admin/account-changes/\(id)/approve", form: ["confirmed": "1"],
                                                csrfFrom: "/admin/account-changes/\(id)")
            #expect(approved.status == .seeOther)
            #expect(try await AccountChangeRequest.find(id, on: app.db)?.status == .approved)
            #expect(try await Self.user(app).phone == "136****2222")
            let texts = app.sentTexts.filter { $0.purpose == "账号变更" }
            #expect(texts.count == 1 && texts.first?.phone == "13600002222" && texts.first?.content.contains("登录名：ent-e1") == true)
            let twice = try await admin.post("/admin/account-changes/\(id)/approve", form: ["confirmed": "1"],
                                             csrfFrom: "/admin/account-changes/\(id)")
            #expect(twice.status == .seeOther)
            #expect(app.sentTexts.filter { $0.purpose == "账号变更" }.count == 1, "decided once")

            let other = try await HelpFixtures.manualRequest(app, account: "ent-e2")
            let noReason = try await admin.post("/admin/account-changes/\(other)/reject", form: ["reason": " "],
                                                csrfFrom: "/admin/account-changes/\(other)")
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("请填写驳回原因"))
            let rejected = try await admin.post("/admin/account-changes/\(other)/reject", form: ["reason": "申请表未加盖公章"],
                                                csrfFrom: "/admin/account-changes/\(other)")
            #expect(rejected.status == .seeOther)
            #expect(try await AccountChangeRequest.find(other, on: app.db)?.status == .rejected)
            #expect(try await Self.user(app, "ent-e2").phone == "138****8000")
            let e2 = Browser(app)
            try await e2.login("ent-e2")
            #expect(try await e2.get("/my/account-change").body.string.contains("申请表未加盖公章"))
        }
    }

    @Test("一个企业看不到另一个企业的变更申请与申请表；企业不能进入审核页面")
    func enterprisesSeeOnlyTheirOwn() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let id = try await HelpFixtures.manualRequest(app, account: "ent-e1", phone: "13600004444")
            let request = try #require(try await AccountChangeRequest.find(id, on: app.db))
            let e2 = Browser(app)
            try await e2.login("ent-e2")
            let page = try await e2.get("/my/account-change")
            #expect(page.status == .ok)
            #expect(!page.body.string.contains("136****4444") && !page.body.string.contains("/files/\(request.fileID)"))
            #expect(try await e2.get("/files/\(request.fileID)").status == .notFound)
            #expect(try await e2.get("/admin/account-changes/\(id)").status == .forbidden)
            let approve = try await e2.post("/admin/account-changes/\(id)/approve", form: ["confirmed": "1"],
                                            csrfFrom: "/my/account-change")
            #expect(approve.status == .forbidden)
            #expect(try await AccountChangeRequest.find(id, on: app.db)?.status == .pending)

            let e1 = Browser(app)
            try await e1.login("ent-e1")
            #expect(try await e1.get("/my/account-change").body.string.contains("136****4444"))
            #expect(try await e1.get("/files/\(request.fileID)").status == .ok)
            // A county sees neither page.
            let county = Browser(app)
            try await county.login("county-gjz")
            #expect(try await county.get("/my/account-change").status == .forbidden)
        }
    }
}
