import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("填报与审核流程")
struct FilingFlowTests {
    /// Files every step of a form as the enterprise would: each step posted with 下一步, the last with 提交审核.
    static func fileAll(_ browser: Browser, url: String, form: FormDefinition, values: [String: String]) async throws
        -> TestingHTTPResponse
    {
        var last: TestingHTTPResponse?
        for (index, group) in form.groups.enumerated() {
            var fields = ["step": String(index), "action": index == form.groups.count - 1 ? "submit" : "next"]
            for field in form.fields(in: group) { fields[field.id.rawValue] = values[field.id.rawValue] ?? "" }
            let page = try await browser.get("\(url)?step=\(index)")
            fields["version"] = Browser.extract(#"name="version" value="(\d*)""#, from: page.body.string) ?? ""
            let response = try await browser.post(url, form: fields, csrfFrom: "\(url)?step=\(index)")
            if index < form.groups.count - 1 {
                #expect(response.status == .seeOther, "step \(index) \(group): \(Browser.fieldErrors(response.body.string))")
            }
            last = response
        }
        guard let last else { throw TestSetupError.missing("form groups") }
        return last
    }

    static func filing(_ app: Application, enterprise: Int, slot: String) async throws -> FilingRecord {
        guard let record = try await FilingRecord.query(on: app.db).filter(\.$enterpriseID == enterprise)
            .filter(\.$slot == slot).first()
        else { throw TestSetupError.missing("filing \(slot)") }
        return record
    }

    static func decide(_ browser: Browser, _ record: FilingRecord, verdict: String, opinion: String = "",
                       version: Int? = nil) async throws -> TestingHTTPResponse {
        let id = record.id ?? 0
        return try await browser.post("/reviews/\(id)/decide", form: [
            "verdict": verdict, "opinion": opinion, "version": String(version ?? record.version),
        ], csrfFrom: "/workbench")
    }

    @Test("基本信息：企业分步填报提交，区县退回（须填原因），企业修改后重新提交，审核通过后才能进入积分填报")
    func basicInfoRoundTrip() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            let enterprise = Browser(app, ip: "10.2.0.1")
            try await enterprise.login("ent-e2")
            let gate = try await enterprise.get("/my/points")
            #expect(gate.body.string.contains("请先完成企业基本信息填报并通过审核"))

            let values = SampleValues.of(BasicInfoForm.form)
            let submitted = try await Self.fileAll(enterprise, url: "/my/basic-info", form: BasicInfoForm.form, values: values)
            #expect(submitted.status == .seeOther, "\(Browser.fieldErrors(submitted.body.string))")
            var record = try await Self.filing(app, enterprise: e2, slot: "basic_info")
            #expect(record.status == FilingStatus.submitted)
            #expect(record.pendingReviewer == "county:210212")

            // Another county neither sees nor decides it.
            let stranger = Browser(app, ip: "10.2.0.2")
            try await stranger.login("county-gjz")
            #expect(!(try await stranger.get("/reviews?kind=basic_info").body.string.contains("旅顺二号")))
            #expect(try await stranger.get("/reviews/\(record.id ?? 0)").status == .notFound)
            let forged = try await Self.decide(stranger, record, verdict: "approved")
            #expect(forged.status == .notFound)

            let county = Browser(app, ip: "10.2.0.3")
            try await county.login("county-ls")
            let queue = try await county.get("/reviews?kind=basic_info")
            #expect(queue.body.string.contains("大连旅顺二号科技有限公司"))
            let noReason = try await Self.decide(county, record, verdict: "returned")
            #expect(noReason.status == .seeOther)
            #expect(try await Self.filing(app, enterprise: e2, slot: "basic_info").status == FilingStatus.submitted,
                    "a return without a reason changes nothing")
            _ = try await Self.decide(county, record, verdict: "returned", opinion: "请补充研发负责人信息")
            record = try await Self.filing(app, enterprise: e2, slot: "basic_info")
            #expect(record.status == FilingStatus.returned)
            let page = try await enterprise.get("/my/basic-info")
            #expect(page.body.string.contains("退回修改"))
            #expect(page.body.string.contains("请补充研发负责人信息"))
            #expect(try await EnterpriseMessage.query(on: app.db).filter(\.$enterpriseID == e2).count() == 1)

            let again = try await Self.fileAll(enterprise, url: "/my/basic-info", form: BasicInfoForm.form, values: values)
            #expect(again.status == .seeOther)
            record = try await Self.filing(app, enterprise: e2, slot: "basic_info")
            #expect(record.status == FilingStatus.submitted)
            #expect(record.round == 2)
            let stale = record.version
            _ = try await Self.decide(county, record, verdict: "approved")
            #expect(try await Self.filing(app, enterprise: e2, slot: "basic_info").status == FilingStatus.approved)
            // The same version decided again (a second reviewer, a double click) is refused.
            let twice = try await Self.decide(county, record, verdict: "approved", version: stale)
            #expect(twice.status == .seeOther)
            let flash = try await county.get(twice.location)
            #expect(flash.body.string.contains("已被其他审核人处理"))
            let decisions = try await ReviewDecisionRecord.query(on: app.db).count()
            #expect(decisions == 2)
            let opinions = try await enterprise.get("/my/basic-info")
            #expect(opinions.body.string.contains("第 2 轮") && opinions.body.string.contains("第 1 轮"))
            #expect(!(try await enterprise.get("/my/points").body.string.contains("请先完成企业基本信息填报")))
        }
    }

    @Test("年报：区县审核后到市级，两级通过后锁定，数值进入企业事实表（千元折算为万元）")
    func annualReportTwoLevels() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            let enterprise = Browser(app, ip: "10.3.0.1")
            try await enterprise.login("ent-e2")
            let year = LocalDate(chinaTimeOf: app.clock.now()).year - 1
            let created = try await enterprise.post("/my/annual-reports", form: ["year": String(year)],
                                                    csrfFrom: "/my/annual-reports")
            #expect(created.location == "/my/annual-reports/\(year)")
            let fresh = try await enterprise.get("/my/annual-reports/\(year)")
            #expect(Browser.extract(#"name="report_year"[^>]*value="(\d+)""#, from: fresh.body.string) == String(year),
                    "新增 \(year) fills 年报年度 with \(year)")
            var values = SampleValues.of(AnnualReportForm.form)
            values[AnnualReportForm.form.fields.first { $0.fact == .revenue }?.id.rawValue ?? ""] = "123456"
            let submitted = try await Self.fileAll(enterprise, url: "/my/annual-reports/\(year)", form: AnnualReportForm.form,
                                                   values: values)
            #expect(submitted.status == .seeOther, "\(Browser.fieldErrors(submitted.body.string))")
            var record = try await Self.filing(app, enterprise: e2, slot: "annual_report:\(year)")
            #expect(record.pendingReviewer == "county:210212")

            let county = Browser(app, ip: "10.3.0.2")
            try await county.login("county-ls")
            _ = try await Self.decide(county, record, verdict: "approved")
            record = try await Self.filing(app, enterprise: e2, slot: "annual_report:\(year)")
            #expect(record.status == FilingStatus.inReview)
            #expect(record.pendingReviewer == "city:210200")
            #expect(try await EnterpriseFacts.load(enterpriseID: e2, year: year, scope: .all, on: app.db) == nil,
                    "no facts before the last level approves")

            let city = Browser(app, ip: "10.3.0.3")
            try await city.login("city-dl")
            _ = try await Self.decide(city, record, verdict: "approved", opinion: "同意")
            record = try await Self.filing(app, enterprise: e2, slot: "annual_report:\(year)")
            #expect(record.status == FilingStatus.approved)
            let facts = try #require(try await EnterpriseFacts.load(enterpriseID: e2, year: year, scope: .all, on: app.db))
            #expect(abs((facts[.revenue] ?? 0) - 12345.6) < 1e-6, "123456 千元 = 12345.6 万元")

            let locked = try await enterprise.get("/my/annual-reports/\(year)")
            #expect(locked.body.string.contains("已审核通过"))
            #expect(!locked.body.string.contains("提交审核"))
            let refused = try await enterprise.post("/my/annual-reports/\(year)", form: ["step": "0", "action": "save"],
                                                    csrfFrom: "/my/annual-reports")
            #expect(refused.status == .seeOther)
            #expect(try await Self.filing(app, enterprise: e2, slot: "annual_report:\(year)").version == record.version)

            // Scoped facts: another county cannot read them.
            #expect(try await EnterpriseFacts.load(enterpriseID: e2, year: year, scope: .region(prefix: "500112"), on: app.db) == nil)

            // 导出 Excel of the enterprise's own reports: its status and every field as filed.
            #expect(try await enterprise.get("/my/annual-reports").body.string.contains("/exports/annual-reports"))
            let sheet = try await ReviewListTests.export(enterprise, app, "/exports/annual-reports")
            #expect(try ReviewListTests.column("年度", of: sheet) == ["\(year) 年度"])
            #expect(try ReviewListTests.column("状态", of: sheet) == ["审核通过"])
            let revenue = try #require(AnnualReportForm.form.fields.first { $0.fact == .revenue })
            #expect(try ReviewListTests.column(revenue.label, of: sheet) == ["123456"])
            let other = Browser(app, ip: "10.3.0.4")
            try await other.login("ent-e1")
            #expect(try await ReviewListTests.export(other, app, "/exports/annual-reports").rows.isEmpty,
                    "another enterprise exports only its own reports")
            #expect(try await county.post("/exports/annual-reports", form: [:]).status == .forbidden)
        }
    }

    @Test("两名审核人同时审核同一版本：恰好一人成功，另一人被告知材料已变更")
    func concurrentDecisions() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let owner = Browser(app, ip: "10.3.1.1")
            try await owner.login("ent-e2")
            _ = try await Self.fileAll(owner, url: "/my/basic-info", form: BasicInfoForm.form,
                                       values: SampleValues.of(BasicInfoForm.form))
            let record = try await Self.filing(app, enterprise: try fixtures.enterprise("e2"), slot: "basic_info")
            // A second reviewer of the same county.
            let hash = try await app.password.async.hash(Fixtures.password)
            let second = User(account: "county-ls-2", name: "第二审核人", role: .county,
                              organizationID: fixtures.organizations["county-ls"], enterpriseID: nil, phone: nil,
                              passwordHash: hash, mustChangePassword: false, now: app.clock.now())
            try await second.create(on: app.db)
            let first = Browser(app, ip: "10.3.1.2")
            try await first.login("county-ls")
            let other = Browser(app, ip: "10.3.1.3")
            try await other.login("county-ls-2")
            async let a = Self.decide(first, record, verdict: "approved", opinion: "甲")
            async let b = Self.decide(other, record, verdict: "returned", opinion: "乙")
            let (answerA, answerB) = try await (a, b)
            let decisions = try await ReviewDecisionRecord.query(on: app.db).all()
            #expect(decisions.count == 1, "exactly one decision is recorded")
            let after = try await Self.filing(app, enterprise: try fixtures.enterprise("e2"), slot: "basic_info")
            #expect(after.version == record.version + 1)
            let winner = decisions.first?.opinion
            #expect(after.status == (winner == "甲" ? FilingStatus.approved : FilingStatus.returned))

            // The loser is told the filing changed (a 409, or the flash on the page it is sent back to).
            let (loser, loserAnswer, winnerBrowser, winnerAnswer, won) = winner == "甲"
                ? (other, answerB, first, answerA, "已通过") : (first, answerA, other, answerB, "已退回修改")
            let stale = WorkflowError.staleVersion.message
            if loserAnswer.status == .conflict {
                #expect(loserAnswer.body.string.contains(stale))
            } else {
                #expect(loserAnswer.status == .seeOther)
                let page = try await loser.get(loserAnswer.location).body.string
                #expect(page.contains(stale), "the loser sees: \(Browser.alertText(page) ?? "nothing")")
            }
            #expect(winnerAnswer.status == .seeOther)
            let winnerPage = try await winnerBrowser.get(winnerAnswer.location).body.string
            #expect(winnerPage.contains(won))
            #expect(!winnerPage.contains(stale))
        }
    }
    static func reopen(_ app: Application) async throws -> TestingHTTPResponse {
        let browser = Browser(app, ip: "10.3.2.9")
        try await browser.login("ent-e2")
        return try await browser.get("/my/basic-info")
    }

    @Test("同一填报首次保存并发（双击、两个标签页）：不出现 500，只留下一条填报；数据库拒绝的第二次写入提示“已被修改，请刷新”")
    func concurrentFirstSave() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            var tabs: [Browser] = []
            for index in 0..<2 {
                let tab = Browser(app, ip: "10.3.2.\(index + 1)")
                try await tab.login("ent-e2")
                tabs.append(tab)
            }
            let values = SampleValues.of(BasicInfoForm.form)
            var forms: [[String: String]] = []
            for tab in tabs {
                var fields = ["step": "0", "action": "save", "version": "",
                              "_csrf": try await tab.csrfToken(from: "/my/basic-info")]
                for field in BasicInfoForm.form.fields(in: "基本信息") { fields[field.id.rawValue] = values[field.id.rawValue] }
                forms.append(fields)
            }
            let (left, right) = (tabs[0], tabs[1])
            let (leftForm, rightForm) = (forms[0], forms[1])
            async let first = left.post("/my/basic-info", form: leftForm)
            async let second = right.post("/my/basic-info", form: rightForm)
            let responses = try await [first, second]
            for response in responses {
                #expect(response.status == .seeOther, "\(response.status.code): \(Browser.alertText(response.body.string) ?? "")")
            }
            #expect(try await FilingRecord.query(on: app.db).filter(\.$enterpriseID == e2).filter(\.$slot == "basic_info")
                .count() == 1)

            // The insert the unique index refuses is reported as the filing having changed.
            let record = try await Self.filing(app, enterprise: e2, slot: "basic_info")
            let twin = FilingRecord()
            twin.enterpriseID = record.enterpriseID
            twin.regionCode = record.regionCode
            twin.kind = record.kind
            twin.slot = record.slot
            twin.status = record.status
            twin.version = 1
            twin.round = 0
            twin.route = record.route
            twin.createdAt = app.clock.now()
            twin.updatedAt = app.clock.now()
            do {
                try await FilingService.insert(twin, on: app.db)
                Issue.record("a second row for the same slot was accepted")
            } catch let error as any CodedError {
                #expect(error.failure == .conflict)
                #expect(error.message.contains("已被修改"))
            }
            let page = try await Self.reopen(app)
            #expect(page.status == .ok)
        }
    }
    @Test("审批意见：按轮次编号，每条写明审核层级、审核机构与审核人姓名")
    func opinionsNameLevelAndReviewer() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            let owner = Browser(app, ip: "10.3.3.1")
            try await owner.login("ent-e2")
            let values = SampleValues.of(BasicInfoForm.form)
            _ = try await Self.fileAll(owner, url: "/my/basic-info", form: BasicInfoForm.form, values: values)
            let county = Browser(app, ip: "10.3.3.2")
            try await county.login("county-ls")
            _ = try await Self.decide(county, try await Self.filing(app, enterprise: e2, slot: "basic_info"),
                                      verdict: "returned", opinion: "请补充研发负责人职称")
            _ = try await Self.fileAll(owner, url: "/my/basic-info", form: BasicInfoForm.form, values: values)
            _ = try await Self.decide(county, try await Self.filing(app, enterprise: e2, slot: "basic_info"),
                                      verdict: "approved", opinion: "同意")

            let organization = try #require(try await Organization.find(fixtures.organizations["county-ls"], on: app.db))
            let page = try await owner.get("/my/basic-info").body.string
            let opinions = try #require(page.range(of: "id=\"opinions\"").map { String(page[$0.lowerBound...]) })
            #expect(opinions.contains("第 1 轮") && opinions.contains("第 2 轮"))
            #expect(opinions.contains("审核层级：区县"))
            #expect(opinions.contains(organization.name))
            #expect(opinions.contains("审核人：测试county-ls"))
            #expect(opinions.contains("请补充研发负责人职称") && opinions.contains("同意"))
            let latest = try #require(opinions.range(of: "第 2 轮")?.lowerBound)
            let earliest = try #require(opinions.range(of: "第 1 轮")?.lowerBound)
            #expect(latest < earliest, "the latest round comes first")
        }
    }
    @Test("政府端企业详情：按页签显示企业基本信息与审批意见；未提交的草稿不显示；其他区县打不开")
    func governmentSeesBasicInfoOnEnterpriseDetail() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let (e1, e2) = (try fixtures.enterprise("e1"), try fixtures.enterprise("e2"))
            let owner = Browser(app, ip: "10.3.4.1")
            try await owner.login("ent-e2")
            let values = SampleValues.of(BasicInfoForm.form, overrides: ["rd_leader_name": "李研发"])
            _ = try await Self.fileAll(owner, url: "/my/basic-info", form: BasicInfoForm.form, values: values)
            let county = Browser(app, ip: "10.3.4.2")
            try await county.login("county-ls")
            _ = try await Self.decide(county, try await Self.filing(app, enterprise: e2, slot: "basic_info"),
                                      verdict: "returned", opinion: "请补充研发负责人职称")

            let detail = try await county.get("/enterprises/\(e2)")
            #expect(detail.status == .ok)
            let page = detail.body.string
            for tab in BasicInfoForm.form.groups { #expect(page.contains(">\(tab)<"), "tab \(tab)") }
            #expect(page.contains("李研发"))
            #expect(page.contains("退回修改"))
            #expect(page.contains("href=\"#opinions\""))
            #expect(page.contains("请补充研发负责人职称"))
            #expect(page.contains("审核人：测试county-ls"))

            let drafter = Browser(app, ip: "10.3.4.3")
            try await drafter.login("ent-e1")
            var draft = ["step": "0", "action": "save", "version": ""]
            for field in BasicInfoForm.form.fields(in: "基本信息") { draft[field.id.rawValue] = values[field.id.rawValue] }
            draft["main_products"] = "尚未提交的草稿产品"
            let saved = try await drafter.post("/my/basic-info", form: draft, csrfFrom: "/my/basic-info")
            #expect(saved.status == .seeOther)
            let gjz = Browser(app, ip: "10.3.4.4")
            try await gjz.login("county-gjz")
            let e1Page = try await gjz.get("/enterprises/\(e1)").body.string
            #expect(e1Page.contains("企业尚未提交基本信息"))
            #expect(!e1Page.contains("尚未提交的草稿产品"))
            #expect(try await gjz.get("/enterprises/\(e2)").status == .notFound)
        }
    }
}
