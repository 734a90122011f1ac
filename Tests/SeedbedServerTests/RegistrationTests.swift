import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("企业注册")
struct RegistrationTests {
    static let pdf = Data("%PDF-1.4 营业执照".utf8)

    static func form(uscc: String, region: String, zone: String = "") -> [String: String] {
        ["uscc": uscc, "name": "大连注册测试科技有限公司", "region_code": region, "zone": zone, "contact_name": "张三",
         "contact_phone": "13912340000", "contact_email": "zs@example.cn", "account": "reg-test",
         "password": "Regist#2026a", "confirm": "Regist#2026a", "consent": "1"]
    }

    @Test("注册：校验码、同意书、营业执照类型逐项提示；提交后由区县审核，通过后企业启用并短信通知")
    func registerAndApprove() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let code = Fixtures.uscc(region: "210212", serial: "reg1")
            let visitor = Browser(app, ip: "10.4.0.1")
            let page = try await visitor.get("/register")
            #expect(page.body.string.contains("知情同意书"))

            var bad = Self.form(uscc: code.dropLast() + "0", region: "210212")
            bad["consent"] = ""
            let refused = try await visitor.upload("/register", form: bad,
                                                   file: ("business_licence", "licence.exe", Data("MZ...".utf8)),
                                                   csrfFrom: "/register")
            #expect(refused.status == .unprocessableEntity)
            let errors = Browser.fieldErrors(refused.body.string).joined()
            #expect(errors.contains("校验位"))
            #expect(errors.contains("知情同意书"))
            #expect(errors.contains("营业执照请上传 PDF、JPG 或 PNG 文件"))
            #expect(try await Enterprise.query(on: app.db).filter(\.$uscc == code).count() == 0)

            let accepted = try await visitor.upload("/register", form: Self.form(uscc: code, region: "210212"),
                                                    file: ("business_licence", "营业执照.pdf", Self.pdf), csrfFrom: "/register")
            #expect(accepted.status == .seeOther, "\(Browser.fieldErrors(accepted.body.string))")
            let enterprise = try #require(try await Enterprise.query(on: app.db).filter(\.$uscc == code).first())
            #expect(enterprise.status == .pending)
            let status = try await visitor.get("/my/registration")
            #expect(status.body.string.contains("提交待审核"))
            #expect(try await visitor.get("/my/basic-info").status == .forbidden, "no filing before registration approval")

            let record = try await FilingFlowTests.filing(app, enterprise: enterprise.id ?? 0, slot: "registration")
            #expect(record.pendingReviewer == "county:210212")
            let county = Browser(app, ip: "10.4.0.2")
            try await county.login("county-ls")
            let detail = try await county.get("/reviews/\(record.id ?? 0)")
            let fileID = try #require(Browser.extract(#"href="/files/(\d+)""#, from: detail.body.string))
            let licence = try await county.get("/files/\(fileID)")
            #expect(licence.status == .ok)
            #expect(licence.body.string.hasPrefix("%PDF"))
            let outsider = Browser(app, ip: "10.4.0.3")
            try await outsider.login("county-yb")
            #expect(try await outsider.get("/files/\(fileID)").status == .notFound, "another county cannot download it")

            _ = try await FilingFlowTests.decide(county, record, verdict: "approved")
            #expect(try await Enterprise.find(enterprise.id, on: app.db)?.status == .active)
            let sms = try #require(app.sentTexts.first { $0.phone == "13912340000" })
            #expect(sms.content.contains("通过"))
            #expect(try await visitor.get("/my/basic-info").status == .ok)
        }
    }

    @Test("在高新区注册的企业由高新区审核；重复的代码与账号被拒绝")
    func zoneReviewsAndDuplicates() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let zone = String(fixtures.organizations["zone-dl"] ?? 0)
            let code = Fixtures.uscc(region: "210211", serial: "reg2")
            let visitor = Browser(app, ip: "10.5.0.1")
            let accepted = try await visitor.upload("/register", form: Self.form(uscc: code, region: "210211", zone: zone),
                                                    file: ("business_licence", "a.pdf", Self.pdf), csrfFrom: "/register")
            #expect(accepted.status == .seeOther, "\(Browser.fieldErrors(accepted.body.string))")
            let enterprise = try #require(try await Enterprise.query(on: app.db).filter(\.$uscc == code).first())
            let record = try await FilingFlowTests.filing(app, enterprise: enterprise.id ?? 0, slot: "registration")
            #expect(record.pendingReviewer == "zone:\(zone)")
            let again = try await Browser(app, ip: "10.5.0.2").upload("/register", form: Self.form(uscc: code, region: "210211"),
                                                                      file: ("business_licence", "a.pdf", Self.pdf),
                                                                      csrfFrom: "/register")
            let errors = Browser.fieldErrors(again.body.string).joined()
            #expect(errors.contains("已注册"))
            #expect(errors.contains("登录账号已被使用"))
            // A Dalian enterprise cannot put itself under a Chongqing zone's review.
            let faraway = Fixtures.uscc(region: "210211", serial: "reg9")
            let wrongZone = String(fixtures.organizations["zone-cq"] ?? 0)
            var form = Self.form(uscc: faraway, region: "210211", zone: wrongZone)
            form["account"] = "reg9-account"
            let refused = try await Browser(app, ip: "10.5.0.3").upload("/register", form: form,
                                                                        file: ("business_licence", "a.pdf", Self.pdf),
                                                                        csrfFrom: "/register")
            #expect(refused.status == .unprocessableEntity)
            #expect(Browser.fieldErrors(refused.body.string).joined().contains("不在同一城市"))
            #expect(try await Enterprise.query(on: app.db).filter(\.$uscc == faraway).first() == nil)
        }
    }
    @Test("注册写入是一个事务：账号在校验后被他人抢先使用时，提示换一个账号，企业、营业执照与填报都不留下")
    func registrationIsAtomic() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let code = Fixtures.uscc(region: "210212", serial: "reg3")
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("licence-\(UUID().uuidString).pdf")
            try Self.pdf.write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            var values = Self.form(uscc: code, region: "210212")
            values["consent"] = "是"
            values["business_licence"] = "uploaded"
            let service = FilingService(app: app, db: app.db, now: app.clock.now())
            let zones = try await EnterpriseRecord.zoneDictionary(on: app.db)
            let (problems, valid) = service.validate(values, form: RegistrationForm.form, submit: true, extra: [zones])
            #expect(problems.isEmpty, "\(problems.summary)")
            // "ent-e1" exists: as if another registration had taken the account after this one's checks passed.
            let input = RegistrationController.NewRegistration(
                values: values, valid: valid, region: "210212", account: "ent-e1", passwordHash: "x", licence: url,
                licenceName: "营业执照.pdf")
            do {
                _ = try await RegistrationController.commit(input, app: app, db: app.db, now: app.clock.now())
                Issue.record("a taken account was registered again")
            } catch let errors as FormErrors {
                #expect(errors["account"] == RegistrationController.accountTaken)
                #expect(errors["uscc"] == nil)
            }
            #expect(try await Enterprise.query(on: app.db).filter(\.$uscc == code).count() == 0)
            #expect(try await StoredFile.query(on: app.db).filter(\.$purpose == "licence").count() == 0)
            #expect(try await FilingRecord.query(on: app.db).filter(\.$kind == .registration).count() == 0)
        }
    }

    @Test("两位访客同时用同一账号注册：只成功一个，另一个得到“登录账号已被使用”的提示，不留下半个注册")
    func concurrentRegistrationsOfOneAccount() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let codes = [Fixtures.uscc(region: "210212", serial: "rc1"), Fixtures.uscc(region: "210212", serial: "rc2")]
            let (left, right) = (Browser(app, ip: "10.5.1.1"), Browser(app, ip: "10.5.1.2"))
            var leftForm = Self.form(uscc: codes[0], region: "210212")
            leftForm["account"] = "race-account"
            var rightForm = Self.form(uscc: codes[1], region: "210212")
            rightForm["account"] = "race-account"
            let (leftFields, rightFields) = (leftForm, rightForm)
            async let first = left.upload("/register", form: leftFields, file: ("business_licence", "a.pdf", Self.pdf),
                                          csrfFrom: "/register")
            async let second = right.upload("/register", form: rightFields,
                                            file: ("business_licence", "b.pdf", Data("%PDF-1.4 另一份营业执照".utf8)),
                                            csrfFrom: "/register")
            let responses = try await [first, second]
            #expect(responses.filter { $0.status == .seeOther }.count == 1)
            let loser = try #require(responses.first { $0.status != .seeOther })
            #expect(loser.status == .unprocessableEntity)
            #expect(Browser.fieldErrors(loser.body.string).joined().contains("登录账号已被使用"))
            #expect(try await User.query(on: app.db).filter(\.$account == "race-account").count() == 1)
            #expect(try await Enterprise.query(on: app.db).filter(\.$uscc ~~ codes).count() == 1)
            #expect(try await FilingRecord.query(on: app.db).filter(\.$kind == .registration).count() == 1)
        }
    }
    /// The registration as the enterprise files it again after 退回修改, every step posted.
    static func refile(_ browser: Browser, uscc: String, name: String, region: String, licence: Data?) async throws
        -> TestingHTTPResponse
    {
        var values = Self.form(uscc: uscc, region: region)
        values["name"] = name
        values["consent"] = "是"
        if let licence {
            let page = try await browser.get("/my/registration?step=0")
            #expect(page.body.string.contains("type=\"file\""), "the licence can be chosen again")
            #expect(page.body.string.contains("multipart/form-data"))
            var fields = ["step": "0", "action": "save",
                          "version": Browser.extract(#"name="version" value="(\d*)""#, from: page.body.string) ?? ""]
            for field in RegistrationForm.form.fields(in: "企业信息") where field.kind != .file {
                fields[field.id.rawValue] = values[field.id.rawValue] ?? ""
            }
            let saved = try await browser.upload("/my/registration", form: fields,
                                                 file: ("business_licence", "清晰版营业执照.pdf", licence),
                                                 csrfFrom: "/my/registration")
            #expect(saved.status == .seeOther, "\(Browser.fieldErrors(saved.body.string))")
        }
        return try await FilingFlowTests.fileAll(browser, url: "/my/registration", form: RegistrationForm.form, values: values)
    }

    static func decideAndRead(_ reviewer: Browser, _ app: Application, enterprise: Int, verdict: String,
                              opinion: String = "") async throws -> String {
        let record = try await FilingFlowTests.filing(app, enterprise: enterprise, slot: "registration")
        let response = try await FilingFlowTests.decide(reviewer, record, verdict: verdict, opinion: opinion)
        #expect(response.status == .seeOther)
        return try await reviewer.get(response.location).body.string
    }

    @Test("注册退回修改后：企业可重新上传营业执照并更正名称、代码；通过后企业信息随之更正")
    func returnedRegistrationIsCorrected() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let code = Fixtures.uscc(region: "210212", serial: "fix1")
            let corrected = Fixtures.uscc(region: "210212", serial: "fix2")
            let visitor = Browser(app, ip: "10.4.1.1")
            let accepted = try await visitor.upload("/register", form: Self.form(uscc: code, region: "210212"),
                                                    file: ("business_licence", "模糊.pdf", Self.pdf), csrfFrom: "/register")
            #expect(accepted.status == .seeOther, "\(Browser.fieldErrors(accepted.body.string))")
            let id = try #require(try await Enterprise.query(on: app.db).filter(\.$uscc == code).first()?.id)
            let county = Browser(app, ip: "10.4.1.2")
            try await county.login("county-ls")
            _ = try await Self.decideAndRead(county, app, enterprise: id, verdict: "returned", opinion: "营业执照不清晰，名称有误")
            let before = try await FilingFlowTests.filing(app, enterprise: id, slot: "registration")
            let oldLicence = try await FilingService(app: app, db: app.db, now: app.clock.now()).document(before)?
                .values["business_licence"]

            let clearer = Data("%PDF-1.4 清晰版营业执照".utf8)
            let resubmitted = try await Self.refile(visitor, uscc: corrected, name: "大连更正后科技有限公司", region: "210212",
                                                   licence: clearer)
            #expect(resubmitted.status == .seeOther, "\(Browser.fieldErrors(resubmitted.body.string))")
            let record = try await FilingFlowTests.filing(app, enterprise: id, slot: "registration")
            #expect(record.status == FilingStatus.submitted)
            #expect(record.pendingReviewer == "county:210212")
            let values = try await FilingService(app: app, db: app.db, now: app.clock.now()).document(record)?.values ?? [:]
            let licence = try #require(values["business_licence"])
            #expect(licence != oldLicence, "the new licence replaced the old one")
            let download = try await county.get("/files/\(licence)")
            #expect(download.status == .ok)
            #expect(download.body.string.contains("清晰版"))

            let approved = try await Self.decideAndRead(county, app, enterprise: id, verdict: "approved")
            #expect(approved.contains("已通过"), "\(Browser.alertText(approved) ?? "")")
            let enterprise = try #require(try await Enterprise.find(id, on: app.db))
            #expect(enterprise.status == .active)
            #expect(enterprise.name == "大连更正后科技有限公司")
            #expect(enterprise.uscc == corrected)
        }
    }

    @Test("退回修改后改成已注册的代码或审核人管辖范围外的注册地：审核不能通过，企业信息不变")
    func correctionsAreChecked() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let code = Fixtures.uscc(region: "210212", serial: "chk1")
            let visitor = Browser(app, ip: "10.4.2.1")
            _ = try await visitor.upload("/register", form: Self.form(uscc: code, region: "210212"),
                                         file: ("business_licence", "a.pdf", Self.pdf), csrfFrom: "/register")
            let id = try #require(try await Enterprise.query(on: app.db).filter(\.$uscc == code).first()?.id)
            let county = Browser(app, ip: "10.4.2.2")
            try await county.login("county-ls")
            _ = try await Self.decideAndRead(county, app, enterprise: id, verdict: "returned", opinion: "请核对")

            let taken = try #require(try await Enterprise.find(try fixtures.enterprise("e2"), on: app.db)?.uscc)
            _ = try await Self.refile(visitor, uscc: taken, name: "大连注册测试科技有限公司", region: "210212", licence: nil)
            let duplicate = try await Self.decideAndRead(county, app, enterprise: id, verdict: "approved")
            #expect(duplicate.contains(FilingService.usccTakenOnApproval))
            #expect(try await FilingFlowTests.filing(app, enterprise: id, slot: "registration").status
                == FilingStatus.submitted)

            _ = try await Self.decideAndRead(county, app, enterprise: id, verdict: "returned", opinion: "代码已被注册")
            _ = try await Self.refile(visitor, uscc: code, name: "大连注册测试科技有限公司", region: "500112", licence: nil)
            let record = try await FilingFlowTests.filing(app, enterprise: id, slot: "registration")
            #expect(record.pendingReviewer == "county:210212", "the resubmission goes back to the county that returned it")
            let elsewhere = try await Self.decideAndRead(county, app, enterprise: id, verdict: "approved")
            #expect(elsewhere.contains(FilingService.outOfScopeOnApproval))
            let enterprise = try #require(try await Enterprise.find(id, on: app.db))
            #expect(enterprise.status == .pending)
            #expect(enterprise.regionCode == "210212")
            #expect(enterprise.uscc == code)
            #expect(try await ReviewDecisionRecord.query(on: app.db).filter(\.$verdict == .approve).count() == 0)
        }
    }
    @Test("高新区审核通过更正了区县的注册：企业及其填报、意见、营业执照随之归入新区县的数据范围")
    func correctedRegionMovesTheRecords() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let zone = String(fixtures.organizations["zone-dl"] ?? 0)
            let code = Fixtures.uscc(region: "210211", serial: "mv1")
            let visitor = Browser(app, ip: "10.4.3.1")
            _ = try await visitor.upload("/register", form: Self.form(uscc: code, region: "210211", zone: zone),
                                         file: ("business_licence", "a.pdf", Self.pdf), csrfFrom: "/register")
            let id = try #require(try await Enterprise.query(on: app.db).filter(\.$uscc == code).first()?.id)
            let reviewer = Browser(app, ip: "10.4.3.2")
            try await reviewer.login("zone-dl")
            _ = try await Self.decideAndRead(reviewer, app, enterprise: id, verdict: "returned", opinion: "区县填错")
            var values = Self.form(uscc: code, region: "210212", zone: zone)
            values["consent"] = "是"
            _ = try await FilingFlowTests.fileAll(visitor, url: "/my/registration", form: RegistrationForm.form, values: values)
            let approved = try await Self.decideAndRead(reviewer, app, enterprise: id, verdict: "approved")
            #expect(approved.contains("已通过"), "\(Browser.alertText(approved) ?? "")")
            #expect(try await Enterprise.find(id, on: app.db)?.regionCode == "210212")
            let record = try await FilingFlowTests.filing(app, enterprise: id, slot: "registration")
            #expect(record.regionCode == "210212")
            #expect(try await ReviewDecisionRecord.query(on: app.db).filter(\.$enterpriseID == id).all()
                .allSatisfy { $0.regionCode == "210212" })
            #expect(try await StoredFile.query(on: app.db).filter(\.$enterpriseID == id).all()
                .allSatisfy { $0.regionCode == "210212" })
            let county = Browser(app, ip: "10.4.3.3")
            try await county.login("county-ls")
            #expect(try await county.get("/reviews/\(record.id ?? 0)").status == .ok, "the new county sees it")
            let old = Browser(app, ip: "10.4.3.4")
            try await old.login("county-gjz")
            #expect(try await old.get("/reviews/\(record.id ?? 0)").status == .notFound, "the old county no longer does")
        }
    }

    /// The fields a browser would submit from a page's forms: inputs with their values, each select's chosen
    /// option (its first when none is chosen; disabled selects send nothing), textareas with their text.
    static func submitted(_ html: String) -> [String: String] {
        var fields: [String: String] = [:]
        guard let inputs = try? NSRegularExpression(pattern: #"<input\b[^>]*>"#) else { return fields }
        for match in inputs.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let range = Range(match.range, in: html) else { continue }
            let element = String(html[range])
            guard let name = Browser.extract(#"\sname="([^"]+)""#, from: element) else { continue }
            let lower = element.lowercased()
            if lower.contains("type=\"file\"") || lower.contains("type=\"submit\"") { continue }
            if lower.contains("type=\"checkbox\""), !lower.contains(" checked") { continue }
            fields[name] = Browser.extract(#"\svalue="([^"]*)""#, from: element) ?? ""
        }
        guard let selects = try? NSRegularExpression(pattern: #"<select\b([^>]*)>(.*?)</select>"#,
                                                     options: [.dotMatchesLineSeparators]) else { return fields }
        for match in selects.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let tag = Range(match.range(at: 1), in: html), let body = Range(match.range(at: 2), in: html),
                  let name = Browser.extract(#"\sname="([^"]+)""#, from: String(html[tag])),
                  !html[tag].contains("disabled")
            else { continue }
            let options = String(html[body])
            fields[name] = Browser.extract(#"<option value="([^"]*)" selected"#, from: options)
                ?? Browser.extract(#"<option value="([^"]*)""#, from: options) ?? ""
        }
        return fields
    }

    @Test("退回的注册在浏览器中重新提交：下一步翻到下一步，所属高新区保留在下拉框中，注册地用省市区县级联")
    func returnedRegistrationIsFiledAgainThroughThePages() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let zone = String(fixtures.organizations["zone-dl"] ?? 0)
            let code = Fixtures.uscc(region: "210211", serial: "pg1")
            let visitor = Browser(app, ip: "10.4.4.1")
            let accepted = try await visitor.upload("/register", form: Self.form(uscc: code, region: "210211", zone: zone),
                                                    file: ("business_licence", "a.pdf", Self.pdf), csrfFrom: "/register")
            #expect(accepted.status == .seeOther, "\(Browser.fieldErrors(accepted.body.string))")
            let id = try #require(try await Enterprise.query(on: app.db).filter(\.$uscc == code).first()?.id)
            let reviewer = Browser(app, ip: "10.4.4.2")
            try await reviewer.login("zone-dl")
            _ = try await Self.decideAndRead(reviewer, app, enterprise: id, verdict: "returned", opinion: "请补充联系人")

            let first = try await visitor.get("/my/registration")
            let html = first.body.string
            #expect(Browser.extract(#"(<div class="field region-cascade" data-source="/regions.json">)"#, from: html) != nil,
                    "注册地 is the same province → city → county cascade as the first registration")
            #expect(html.contains(#"name="region_code""#) && html.contains(#"value="210211""#))
            #expect(html.contains(#"<option value="\#(zone)" selected="selected">"#), "the zone is offered and kept")
            #expect(!html.contains(#"name="contact_name""#), "step 1 holds the enterprise's details only")

            // Click 下一步 on every step, sending exactly what the page's form holds.
            var page = html
            for step in 0..<RegistrationForm.form.groups.count {
                var fields = Self.submitted(page)
                fields["action"] = step == RegistrationForm.form.groups.count - 1 ? "submit" : "next"
                if step == 1 { fields["contact_name"] = "李四" }
                let response = try await visitor.post("/my/registration", form: fields)
                #expect(response.status == .seeOther, "step \(step): \(Browser.fieldErrors(response.body.string))")
                guard step < RegistrationForm.form.groups.count - 1 else { break }
                #expect(response.location == "/my/registration?step=\(step + 1)")
                page = try await visitor.get(response.location).body.string
                let next = RegistrationForm.form.groups[step + 1]
                let expected = try #require(RegistrationForm.form.fields(in: next).first)
                #expect(page.contains(#"name="\#(expected.id.rawValue)""#), "下一步 shows step \(step + 2) (\(next))")
                #expect(!page.contains(#"name="uscc""#))
            }
            let record = try await FilingFlowTests.filing(app, enterprise: id, slot: "registration")
            #expect(record.status == FilingStatus.submitted)
            #expect(record.pendingReviewer == "zone:\(zone)", "the zone was not dropped on the way")
            let values = try await FilingService(app: app, db: app.db, now: app.clock.now()).document(record)?.values ?? [:]
            #expect(values["zone"] == zone)
            #expect(values["region_code"] == "210211")
            #expect(values["contact_name"] == "李四")
        }
    }

    @Test("注册进度页显示行政区划与高新区的名称，而不是代码")
    func statusPageShowsNames() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let zoneID = try #require(fixtures.organizations["zone-dl"])
            let zoneName = try #require(try await Organization.find(zoneID, on: app.db)?.name)
            let code = Fixtures.uscc(region: "210211", serial: "nm1")
            let visitor = Browser(app, ip: "10.4.5.1")
            _ = try await visitor.upload("/register", form: Self.form(uscc: code, region: "210211", zone: String(zoneID)),
                                         file: ("business_licence", "a.pdf", Self.pdf), csrfFrom: "/register")
            let status = try await visitor.get("/my/registration").body.string
            #expect(status.contains("提交待审核"))
            #expect(status.contains("<dd>\(RegionTable.shipped.fullName(of: "210211"))</dd>"), "注册地 by its name")
            #expect(status.contains("<dd>\(zoneName)</dd>"), "所属高新区 by its name")
            #expect(!status.contains("<dd>210211</dd>"))
            #expect(!status.contains("<dd>\(zoneID)</dd>"))
        }
    }
}
