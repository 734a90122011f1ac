import Crypto
import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// 等保三级 personal data: phones masked everywhere but a detail page's audited reveal, sealed at rest, searched by
/// keyed hash; SMS codes never stored in plain text; downloads, API reads, reveals and refused reads audited.
@Suite("个人信息保护与访问审计")
struct PersonalDataTests {
    static let phone = "13912345678"
    static let masked = "139****5678"

    /// Gives e1 a contact phone, stored the way the platform stores it.
    static func givePhone(_ app: Application, fixtures: Fixtures) async throws -> Int {
        let id = try fixtures.enterprise("e1")
        let enterprise = try #require(try await Enterprise.find(id, on: app.db))
        enterprise.setContactPhone(try app.personalData.protect(phone, as: .phone))
        try await enterprise.save(on: app.db)
        return id
    }

    static func audits(_ app: Application, _ action: AuditAction) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: app.db).filter(\.$action == action.rawValue).all()
    }

    @Test("手机号在列表、导出与接口中脱敏；详情页须点击查看完整号码（记审计）才显示全号")
    func masksEverywhereButAnAuditedReveal() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await Self.givePhone(app, fixtures: fixtures)
            let county = Browser(app, ip: "10.7.0.1")
            try await county.login("county-gjz")

            let list = try await county.get("/enterprises").body.string
            #expect(list.contains(Self.masked))
            #expect(!list.contains(Self.phone))

            let export = try await county.post("/exports/enterprises", form: [:])
            let rows = try #require(try ImportExportTests.Workbook.read(Data(buffer: export.body)).values.first)
            let cells = rows.joined().joined()
            #expect(cells.contains(Self.masked))
            #expect(!cells.contains(Self.phone))

            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: try await Fixtures.token(for: "county-gjz", on: app))
            let api = try await county.get("/api/v1/enterprises/\(id)", headers: headers).body.string
            #expect(api.contains(Self.masked))
            #expect(!api.contains(Self.phone))

            let detail = try await county.get("/enterprises/\(id)").body.string
            #expect(detail.contains(Self.masked) && !detail.contains(Self.phone))
            #expect(detail.contains("查看完整号码"))
            #expect(try await Self.audits(app, .reveal).isEmpty)

            let revealed = try await county.post("/enterprises/\(id)/reveal", form: ["field": "contact_phone"],
                                                 csrfFrom: "/enterprises/\(id)")
            #expect(revealed.status == .ok)
            #expect(revealed.body.string.contains(Self.phone))
            let reveal = try #require(try await Self.audits(app, .reveal).first)
            #expect(reveal.targetID == String(id) && reveal.account == "county-gjz" && reveal.ip == "10.7.0.1")
            #expect(reveal.detail?.contains("contact_phone") == true)

            // A reveal without the form's CSRF token is refused and shows nothing.
            let forged = try await county.post("/enterprises/\(id)/reveal", form: ["field": "contact_phone"], csrf: false)
            #expect(forged.status == .forbidden)
            #expect(!forged.body.string.contains(Self.phone))
        }
    }

    @Test("数据库中不存明文手机号：密文以 v1: 开头；找回密码按密钥哈希匹配")
    func storedSealed() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await Self.givePhone(app, fixtures: fixtures)
            let sql = try #require(app.db as? any SQLDatabase)
            let enterprise = try #require(try await sql.raw("SELECT * FROM enterprises WHERE id = \(bind: id)").first())
            let texts = enterprise.allColumns.compactMap { try? enterprise.decode(column: $0, as: String?.self) }
                .compactMap { $0 }
            #expect(!texts.contains { $0.contains(Self.phone) })
            #expect(texts.contains { $0.hasPrefix("v1:") })
            #expect(texts.contains(Self.masked))

            let users = try await sql.raw("SELECT phone, phone_enc, phone_hash FROM users").all()
            for row in users {
                let values = try ["phone", "phone_enc", "phone_hash"].compactMap { try row.decode(column: $0, as: String?.self) }
                #expect(!values.contains("13800138000"))
            }

            // 找回密码 matches account + phone through the hash.
            let sent = try await Browser(app).post("/password/forgot", form: ["account": "city-dl", "phone": "13800138000"],
                                                   csrfFrom: "/password/forgot")
            #expect(sent.status == .seeOther)
            #expect(app.sentTexts.count == 1)
        }
    }

    @Test("编辑企业时显示脱敏号码：原样提交保留原号码，填写新号码则重新加密")
    func editKeepsOrReplacesThePhone() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await Self.givePhone(app, fixtures: fixtures)
            let enterprise = try #require(try await Enterprise.find(id, on: app.db))
            let county = Browser(app)
            try await county.login("county-gjz")
            let edit = try await county.get("/enterprises/\(id)/edit").body.string
            #expect(edit.contains(Self.masked) && !edit.contains(Self.phone))
            var form = ["uscc": enterprise.uscc, "name": enterprise.name, "region_code": enterprise.regionCode,
                        "zone": enterprise.zoneID.map(String.init) ?? "", "industry_code": "C39", "tech_field": "1",
                        "registered_on": "2018-05-01", "contact_name": "联系人", "contact_phone": Self.masked,
                        "status": "active"]
            let kept = try await county.post("/enterprises/\(id)", form: form, csrfFrom: "/enterprises/\(id)/edit")
            #expect(kept.status == .seeOther)
            let after = try #require(try await Enterprise.find(id, on: app.db))
            #expect(try app.personalData.reveal(after.contactPhoneSealed) == Self.phone)

            form["contact_phone"] = "13655556666"
            let changed = try await county.post("/enterprises/\(id)", form: form, csrfFrom: "/enterprises/\(id)/edit")
            #expect(changed.status == .seeOther)
            let updated = try #require(try await Enterprise.find(id, on: app.db))
            #expect(updated.contactPhone == "136****6666")
            #expect(try app.personalData.reveal(updated.contactPhoneSealed) == "13655556666")
        }
    }

    @Test("管理员编辑账号：脱敏号码原样提交时保留原号码")
    func userEditKeepsThePhone() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try #require(fixtures.users["county-ls"])
            let before = try #require(try await User.find(id, on: app.db))
            let admin = Browser(app)
            try await admin.login("admin")
            let page = try await admin.get("/admin/users/\(id)").body.string
            #expect(page.contains("138****8000") && !page.contains("13800138000"))
            let saved = try await admin.post("/admin/users/\(id)", form: [
                "name": "改名", "phone": "138****8000", "email": "", "role": "county", "regionCode": "210212",
            ], csrfFrom: "/admin/users/\(id)")
            #expect(saved.status == .seeOther, "\(Browser.fieldErrors(saved.body.string))")
            let after = try #require(try await User.find(id, on: app.db))
            #expect(after.name == "改名")
            #expect(after.phoneHash == before.phoneHash && after.phoneSealed == before.phoneSealed)
        }
    }

    @Test("升级迁移加密此前以明文保存的手机号，只留下脱敏形式")
    func upgradeSealsPlainPhones() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try fixtures.enterprise("e2")
            let sql = try #require(app.db as? any SQLDatabase)
            // As a database written before the upgrade holds it.
            try await sql.raw("""
                UPDATE enterprises SET contact_phone = '13700001111', contact_phone_enc = NULL, contact_phone_hash = NULL
                WHERE id = \(bind: id)
                """).run()
            try await sql.raw("UPDATE users SET phone = '13700002222', phone_enc = NULL, phone_hash = NULL WHERE account = 'city-dl'").run()
            try await SealPlainPhones(keyring: app.personalDataKeyring).prepare(on: app.db)

            let enterprise = try #require(try await Enterprise.find(id, on: app.db))
            #expect(enterprise.contactPhone == "137****1111")
            #expect(enterprise.contactPhoneSealed?.hasPrefix("v1:") == true)
            #expect(try app.personalData.reveal(enterprise.contactPhoneSealed) == "13700001111")
            let user = try #require(try await User.query(on: app.db).filter(\.$account == "city-dl").first())
            #expect(user.phone == "137****2222")
            #expect(user.phoneHash == (try app.personalData.hash("13700002222")))
            let sent = try await Browser(app).post("/password/forgot", form: ["account": "city-dl", "phone": "13700002222"],
                                                   csrfFrom: "/password/forgot")
            #expect(sent.status == .seeOther)
        }
    }

    @Test("更换密钥后旧数据无法解密：详情页显示“（无法解密）”而不是出错")
    func wrongKeyFailsCleanly() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try await Self.givePhone(app, fixtures: fixtures)
            app.personalDataKeyring.install(PersonalDataCipher(key: SymmetricKey(size: .bits256)))
            let admin = Browser(app)
            try await admin.login("admin")
            let revealed = try await admin.post("/enterprises/\(id)/reveal", form: ["field": "contact_phone"],
                                                csrfFrom: "/enterprises/\(id)")
            #expect(revealed.status == .ok)
            #expect(revealed.body.string.contains(PersonalDataCipher.unreadable))
            #expect(!revealed.body.string.contains(Self.phone))
            #expect(try await Self.audits(app, .reveal).first?.outcome == AuditOutcome.failure.rawValue)
        }
    }

    @Test("短信记录不含明文验证码与手机号")
    func outboxHoldsNoCode() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            _ = try await Browser(app).post("/password/forgot", form: ["account": "city-dl", "phone": "13800138000"],
                                            csrfFrom: "/password/forgot")
            let text = try #require(app.sentTexts.first)
            let code = try #require(Browser.extract(#"验证码 (\d{6})"#, from: text.content))
            let stored = try #require(try await SMSMessage.query(on: app.db).first())
            #expect(!stored.content.contains(code))
            #expect(stored.content.contains("验证码 ******"))
            #expect(stored.phone == "138****8000")
            #expect(stored.codeHash == (try app.personalData.hash(code)))

            let admin = Browser(app)
            try await admin.login("admin")
            let page = try await admin.get("/admin/sms").body.string
            #expect(!page.contains(code) && !page.contains("13800138000"))
        }
    }

    @Test("文件下载、接口读取与越权读取均记审计")
    func readsAreAudited() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e1 = try fixtures.enterprise("e1")
            let pdf = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-\(UUID().uuidString).pdf")
            try Data("%PDF-1.4\n%%EOF\n".utf8).write(to: pdf)
            defer { try? FileManager.default.removeItem(at: pdf) }
            let file = try await Files(app: app, db: app.db).keep(pdf, name: "licence.pdf", purpose: "licence", owner: nil,
                                                                  subject: (e1, "210211", nil, nil))
            let fileID = try #require(file.id)
            let county = Browser(app, ip: "10.7.0.2")
            try await county.login("county-gjz")
            #expect(try await county.get("/files/\(fileID)").status == .ok)
            let download = try #require(try await Self.audits(app, .download).first)
            #expect(download.targetID == String(fileID) && download.ip == "10.7.0.2")

            let outsider = Browser(app, ip: "10.7.0.3")
            try await outsider.login("county-yb")
            #expect(try await outsider.get("/files/\(fileID)").status == .notFound)
            #expect(try await outsider.get("/enterprises/\(e1)").status == .notFound)
            let refused = try await Self.audits(app, .refusedRead)
            #expect(refused.count == 2)
            #expect(refused.allSatisfy { $0.outcome == AuditOutcome.denied.rawValue && $0.account == "county-yb" })
            // An id that does not exist refused nothing.
            #expect(try await outsider.get("/enterprises/999999").status == .notFound)
            #expect(try await Self.audits(app, .refusedRead).count == 2)

            // Another district's filing on the review page: 404 like a missing one, and audited.
            let filing = FilingRecord()
            filing.enterpriseID = e1
            filing.regionCode = "210211"
            filing.kind = FilingKind.basicInfo
            filing.slot = "basic_info"
            filing.status = FilingStatus.submitted
            filing.version = 1
            filing.round = 1
            filing.route = "county"
            filing.createdAt = app.clock.now()
            filing.updatedAt = app.clock.now()
            try await FilingService.insert(filing, on: app.db)
            let filingID = try #require(filing.id)
            #expect(try await outsider.get("/reviews/\(filingID)").status == .notFound)
            let reviewRead = try await Self.audits(app, .refusedRead)
            #expect(reviewRead.count == 3)
            #expect(reviewRead.contains { $0.detail == "GET /reviews/\(filingID)" && $0.targetID == String(e1) })
            #expect(try await outsider.get("/reviews/999999").status == .notFound)
            #expect(try await Self.audits(app, .refusedRead).count == 3, "a filing that does not exist refused nothing")

            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: try await Fixtures.token(for: "county-yb", on: app))
            #expect(try await outsider.get("/api/v1/enterprises/\(e1)", headers: headers).status == .notFound)
            #expect(try await Self.audits(app, .refusedRead).count == 4)
            #expect(try await outsider.get("/api/v1/enterprises", headers: headers).status == .ok)
            let reads = try await Self.audits(app, .apiRead)
            #expect(reads.count == 1, "one entry per list request, not per row")
            #expect(reads.first?.account == "county-yb")
        }
    }

    @Test("填报提交与审核决定记录客户端地址")
    func decisionsCarryTheClientAddress() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            let enterprise = Browser(app, ip: "10.2.0.9")
            try await enterprise.login("ent-e2")
            let submitted = try await FilingFlowTests.fileAll(enterprise, url: "/my/basic-info", form: BasicInfoForm.form,
                                                              values: SampleValues.of(BasicInfoForm.form))
            #expect(submitted.status == .seeOther)
            let record = try await FilingFlowTests.filing(app, enterprise: e2, slot: "basic_info")
            let filed = try await AuditEntry.query(on: app.db).filter(\.$targetType == "filing:basic_info").all()
            #expect(!filed.isEmpty && filed.allSatisfy { $0.ip == "10.2.0.9" })

            let county = Browser(app, ip: "10.2.0.10")
            try await county.login("county-ls")
            _ = try await FilingFlowTests.decide(county, record, verdict: "approved")
            let decision = try #require(try await ReviewDecisionRecord.query(on: app.db).first())
            #expect(decision.ip == "10.2.0.10")
            let decided = try await AuditEntry.query(on: app.db).filter(\.$targetType == "filing:basic_info")
                .filter(\.$account == "county-ls").all()
            #expect(decided.first?.ip == "10.2.0.10")
        }
    }
}
