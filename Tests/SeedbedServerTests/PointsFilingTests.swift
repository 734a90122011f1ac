import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("积分数据填报与企业快报")
struct PointsFilingTests {
    static func day(_ app: Application, offset days: Int) -> String {
        LocalDate(chinaTimeOf: app.clock.now().addingTimeInterval(Double(days) * 86_400)).description
    }

    /// Creates a 填报项目 through the administrator's form and returns its id.
    static func createPeriod(_ app: Application, _ browser: Browser, name: String, kind: String = "points_data",
                             year: Int = 2025, from: Int = -10, through: Int = 10) async throws -> Int {
        let response = try await browser.post("/points/periods", form: [
            "name": name, "kind": kind, "year": String(year), "starts_on": day(app, offset: from),
            "ends_on": day(app, offset: through),
        ], csrfFrom: "/points/periods/new")
        #expect(response.status == .seeOther, "\(Browser.fieldErrors(response.body.string))")
        return try #require(try await PointsPeriod.query(on: app.db).filter(\.$name == name).first()?.id)
    }

    /// Files and approves e2's basic info, as its county does.
    static func approveBasicInfo(_ app: Application, enterprise: Browser, county: Browser, id: Int) async throws {
        let submitted = try await FilingFlowTests.fileAll(enterprise, url: "/my/basic-info", form: BasicInfoForm.form,
                                                          values: SampleValues.of(BasicInfoForm.form))
        #expect(submitted.status == .seeOther)
        let record = try await FilingFlowTests.filing(app, enterprise: id, slot: "basic_info")
        _ = try await FilingFlowTests.decide(county, record, verdict: "approved")
    }

    @Test("积分数据：未通过基本信息的企业被拦截；项目外提交被拒绝；项目内填报、区县退回、重新提交、通过后写入企业事实，企业看到按轮次编号的审批意见；其他区县看不到也不能审核")
    func pointsDataRoundTrip() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            let national = Browser(app, ip: "10.7.0.1")
            try await national.login("national")
            let open = try await Self.createPeriod(app, national, name: "2025 年度积分数据填报")
            let later = try await Self.createPeriod(app, national, name: "2025 年度积分数据补报", from: 5, through: 20)
            let list = try await national.get("/points/periods?q=补报")
            #expect(list.body.string.contains("2025 年度积分数据补报") && list.body.string.contains("未开始"))
            #expect(!list.body.string.contains("2025 年度积分数据填报</"))
            #expect(try await national.post("/exports/points-periods", form: [:]).status == .ok)

            let enterprise = Browser(app, ip: "10.7.0.2")
            try await enterprise.login("ent-e2")
            #expect(try await enterprise.get("/my/points").body.string.contains("请先完成企业基本信息填报并通过审核"))
            let gated = try await enterprise.get("/my/points/periods/\(open)")
            #expect(gated.status == .seeOther && gated.location == "/my/points")
            let early = try await enterprise.post("/my/points/periods/\(open)", form: ["step": "0", "action": "save", "revenue": "1"],
                                                  csrfFrom: "/my/points")
            #expect(early.status == .seeOther)
            #expect(try await FilingRecord.query(on: app.db).filter(\.$kind == .pointsData).count() == 0)

            let county = Browser(app, ip: "10.7.0.3")
            try await county.login("county-ls")
            try await Self.approveBasicInfo(app, enterprise: enterprise, county: county, id: e2)
            let overview = try await enterprise.get("/my/points").body.string
            #expect(overview.contains("2025 年度积分数据填报"))
            #expect(!overview.contains("2025 年度积分数据补报"), "a project not yet open is not offered")

            // Outside the project's dates the workflow refuses, and nothing is stored.
            var values = SampleValues.of(PointsDataForm.form, overrides: ["revenue": "5000", "ip_invention": "3"])
            let closedPage = try await enterprise.get("/my/points/periods/\(later)")
            #expect(closedPage.body.string.contains("当前不在积分数据填报开放时间内"))
            var outside = values
            outside["step"] = "1"
            outside["action"] = "submit"
            let refused = try await enterprise.post("/my/points/periods/\(later)", form: outside, csrfFrom: "/my/points")
            #expect(refused.status == .seeOther)
            #expect(try await enterprise.get(refused.location).body.string.contains("当前不在积分数据填报开放时间内"))
            #expect(try await FilingRecord.query(on: app.db).filter(\.$kind == .pointsData).count() == 0)

            // Pre-filled from imported Torch statistics, and said so. The imported invention-patent count is one the
            // enterprise verifies and types (counts nobody imported are listed as records: QualificationRecordsTests).
            let enterpriseModel = try #require(try await Enterprise.find(e2, on: app.db))
            try await EnterpriseFacts.upsert(enterprise: enterpriseModel, year: 2025,
                                             facts: [.revenue: 888, .totalAssets: 4321, .ipInvention: 3], source: "torch", on: app.db,
                                             now: app.clock.now())
            let prefilled = try await enterprise.get("/my/points/periods/\(open)").body.string
            #expect(prefilled.contains("已按导入的火炬统计数据预填 2025 年度数据"))
            #expect(prefilled.contains("value=\"888\""))

            let url = "/my/points/periods/\(open)"
            let submitted = try await FilingFlowTests.fileAll(enterprise, url: url, form: PointsDataForm.form, values: values)
            #expect(submitted.status == .seeOther, "\(Browser.fieldErrors(submitted.body.string))")
            let slot = "points_data:#\(open)"
            var record = try await FilingFlowTests.filing(app, enterprise: e2, slot: slot)
            #expect(record.status == FilingStatus.submitted)
            #expect(record.pendingReviewer == "county:210212")
            #expect(record.year == 2025)

            // Another county neither lists, opens nor decides it; another enterprise cannot open it.
            let stranger = Browser(app, ip: "10.7.0.4")
            try await stranger.login("county-gjz")
            #expect(!(try await stranger.get("/reviews?kind=points_data&tab=all").body.string.contains("旅顺二号")))
            #expect(try await stranger.get("/reviews/\(record.id ?? 0)").status == .notFound)
            #expect(try await FilingFlowTests.decide(stranger, record, verdict: "approved").status == .notFound)
            let other = Browser(app, ip: "10.7.0.5")
            try await other.login("ent-e1")
            #expect(try await other.get("/reviews/\(record.id ?? 0)").status == .forbidden)
            #expect(!(try await other.get(url).body.string.contains("value=\"5000\"")))

            let queue = try await county.get("/reviews?kind=points_data")
            #expect(queue.body.string.contains("积分数据审核") && queue.body.string.contains("大连旅顺二号科技有限公司"))
            _ = try await FilingFlowTests.decide(county, record, verdict: "returned", opinion: "请核对有效发明专利数量")
            record = try await FilingFlowTests.filing(app, enterprise: e2, slot: slot)
            #expect(record.status == FilingStatus.returned)
            let returned = try await enterprise.get(url).body.string
            #expect(returned.contains("退回修改") && returned.contains("请核对有效发明专利数量"))
            #expect(try await enterprise.get("/my/points").body.string.contains("请核对有效发明专利数量"))

            values["ip_invention"] = "2"
            let again = try await FilingFlowTests.fileAll(enterprise, url: url, form: PointsDataForm.form, values: values)
            #expect(again.status == .seeOther)
            record = try await FilingFlowTests.filing(app, enterprise: e2, slot: slot)
            #expect(record.status == FilingStatus.submitted && record.round == 2)
            #expect(try await EnterpriseFacts.load(enterpriseID: e2, year: 2025, scope: .all, on: app.db)?[.revenue] == 888,
                    "nothing becomes a fact before approval")
            _ = try await FilingFlowTests.decide(county, record, verdict: "approved", opinion: "数据属实")
            record = try await FilingFlowTests.filing(app, enterprise: e2, slot: slot)
            #expect(record.status == FilingStatus.approved)

            let facts = try #require(try await EnterpriseFacts.load(enterpriseID: e2, year: 2025, scope: .all, on: app.db))
            #expect(facts[.revenue] == 5000)
            #expect(facts[.ipInvention] == 2)
            #expect(facts[.totalAssets] == 4321, "facts the points form does not ask stay as imported")

            let approved = try await enterprise.get(url).body.string
            #expect(approved.contains("第 1 轮") && approved.contains("第 2 轮") && approved.contains("数据属实"))
            #expect(!approved.contains("提交审核"))
            #expect(try await enterprise.get("/my/points").body.string.contains("审核通过"))
        }
    }

    @Test("填报项目：仅平台管理员、火炬中心和高新区维护，高新区只管本区项目且只对本区企业开放；日期校验；关闭须确认并记入日志，关闭后企业不能提交")
    func periodManagement() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            let zone = Browser(app, ip: "10.8.0.1")
            try await zone.login("zone-dl")
            let zonePeriod = try await Self.createPeriod(app, zone, name: "大连高新区积分数据填报")
            #expect(try await PointsPeriod.find(zonePeriod, on: app.db)?.ownerOrgID == fixtures.organizations["zone-dl"])

            let bad = try await zone.post("/points/periods", form: [
                "name": "日期错误的项目", "kind": "points_data", "year": "2025", "starts_on": "2026-05-01", "ends_on": "2026-04-01",
            ], csrfFrom: "/points/periods/new")
            #expect(bad.status == .unprocessableEntity)
            #expect(Browser.fieldErrors(bad.body.string).contains("结束日期不能早于开始日期"))

            let otherZone = Browser(app, ip: "10.8.0.2")
            try await otherZone.login("zone-cq")
            #expect(!(try await otherZone.get("/points/periods").body.string.contains("大连高新区积分数据填报")))
            #expect(try await otherZone.get("/points/periods/\(zonePeriod)/edit").status == .notFound)
            let forged = try await otherZone.post("/points/periods/\(zonePeriod)/close", form: ["confirmed": "1"],
                                                  csrfFrom: "/points/periods")
            #expect(forged.status == .notFound)
            #expect(try await PointsPeriod.find(zonePeriod, on: app.db)?.closed == false)

            // A zone's project is not offered to enterprises outside the zone.
            let enterprise = Browser(app, ip: "10.8.0.3")
            try await enterprise.login("ent-e2")
            let county = Browser(app, ip: "10.8.0.4")
            try await county.login("county-ls")
            try await Self.approveBasicInfo(app, enterprise: enterprise, county: county, id: e2)
            #expect(try await enterprise.get("/my/points/periods/\(zonePeriod)").status == .notFound)
            #expect(!(try await enterprise.get("/my/points").body.string.contains("大连高新区积分数据填报")))

            let national = Browser(app, ip: "10.8.0.5")
            try await national.login("national")
            let period = try await Self.createPeriod(app, national, name: "全国积分数据填报")
            let ask = try await national.post("/points/periods/\(period)/close", form: [:], csrfFrom: "/points/periods")
            #expect(ask.status == .ok && ask.body.string.contains("确定关闭"))
            #expect(try await PointsPeriod.find(period, on: app.db)?.closed == false)
            let closed = try await national.post("/points/periods/\(period)/close", form: ["confirmed": "1"],
                                                 csrfFrom: "/points/periods")
            #expect(closed.status == .seeOther)
            #expect(try await PointsPeriod.find(period, on: app.db)?.closed == true)
            let audited = try await AuditEntry.query(on: app.db).filter(\.$targetType == "points_period")
                .filter(\.$targetID == String(period)).all().compactMap(\.detail)
            #expect(audited.contains { $0.contains("关闭填报项目") })

            var values = SampleValues.of(PointsDataForm.form)
            values["step"] = "0"
            values["action"] = "save"
            let refused = try await enterprise.post("/my/points/periods/\(period)", form: values, csrfFrom: "/my/points")
            #expect(refused.status == .seeOther)
            #expect(try await enterprise.get(refused.location).body.string.contains("该填报项目已关闭"))
            #expect(try await FilingRecord.query(on: app.db).filter(\.$kind == .pointsData).count() == 0)

            for account in ["city-dl", "county-gjz", "ent-e1"] {
                let browser = Browser(app)
                try await browser.login(account)
                #expect(try await browser.get("/points/periods").status == .forbidden, "\(account)")
            }
        }
    }

    @Test("企业快报：不在名单的企业看到无需填报的提示且提交被拒绝；名单按数据范围维护（加入、确认后移出、导出）；名单内企业填报后由区县审核")
    func expressReports() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            let national = Browser(app, ip: "10.9.0.1")
            try await national.login("national")
            let period = try await Self.createPeriod(app, national, name: "2026 年 11 月企业快报", kind: "express_report",
                                                     year: 2026)

            let enterprise = Browser(app, ip: "10.9.0.2")
            try await enterprise.login("ent-e2")
            #expect(try await enterprise.get("/my/express").body.string.contains("不在政府设置的企业快报填报名单中"))
            var values = SampleValues.of(ExpressReportForm.form)
            values["step"] = "0"
            values["action"] = "submit"
            let refused = try await enterprise.post("/my/express/\(period)", form: values, csrfFrom: "/my/express")
            #expect(refused.status == .seeOther)
            #expect(try await enterprise.get(refused.location).body.string.contains("无需填报"))
            #expect(try await FilingRecord.query(on: app.db).filter(\.$kind == .expressReport).count() == 0)

            // A zone cannot put an enterprise outside its zone on the list.
            let zone = Browser(app, ip: "10.9.0.3")
            try await zone.login("zone-dl")
            let uscc = try #require(try await Enterprise.find(e2, on: app.db)?.uscc)
            let outside = try await zone.post("/points/express-list", form: ["enterprise": uscc], csrfFrom: "/points/express-list")
            #expect(outside.status == .unprocessableEntity)
            #expect(outside.body.string.contains("在您的管辖范围内没有找到该企业"))
            let forged = try await zone.post("/points/express-list", form: ["enterprise_id": String(e2)],
                                             csrfFrom: "/points/express-list")
            #expect(forged.status == .unprocessableEntity)
            #expect(try await ExpressListEntry.query(on: app.db).count() == 0)

            let added = try await national.post("/points/express-list", form: ["enterprise": "旅顺二号"],
                                                csrfFrom: "/points/express-list")
            #expect(added.status == .seeOther)
            let entry = try #require(try await ExpressListEntry.query(on: app.db).filter(\.$enterpriseID == e2).first())
            #expect(try await national.get("/points/express-list").body.string.contains("大连旅顺二号科技有限公司"))
            #expect(!(try await zone.get("/points/express-list").body.string.contains("大连旅顺二号科技有限公司")))
            #expect(try await national.post("/exports/express-list", form: [:]).status == .ok)
            #expect(try await zone.post("/points/express-list/\(entry.id ?? 0)/delete", form: ["confirmed": "1"],
                                        csrfFrom: "/points/express-list").status == .notFound)

            let page = try await enterprise.get("/my/express").body.string
            #expect(page.contains("2026 年 11 月企业快报"))
            let submitted = try await FilingFlowTests.fileAll(enterprise, url: "/my/express/\(period)", form: ExpressReportForm.form,
                                                              values: SampleValues.of(ExpressReportForm.form))
            #expect(submitted.status == .seeOther, "\(Browser.fieldErrors(submitted.body.string))")
            var record = try await FilingFlowTests.filing(app, enterprise: e2, slot: "express_report:#\(period)")
            #expect(record.status == FilingStatus.submitted)
            #expect(record.pendingReviewer == "county:210212")
            let county = Browser(app, ip: "10.9.0.4")
            try await county.login("county-ls")
            #expect(try await county.get("/reviews?kind=express_report").body.string.contains("大连旅顺二号科技有限公司"))
            _ = try await FilingFlowTests.decide(county, record, verdict: "approved")
            record = try await FilingFlowTests.filing(app, enterprise: e2, slot: "express_report:#\(period)")
            #expect(record.status == FilingStatus.approved)
            #expect(try await enterprise.get("/my/express").body.string.contains("审核通过"))

            let ask = try await national.post("/points/express-list/\(entry.id ?? 0)/delete", form: [:],
                                              csrfFrom: "/points/express-list")
            #expect(ask.status == .ok && ask.body.string.contains("确定将"))
            #expect(try await ExpressListEntry.query(on: app.db).count() == 1)
            _ = try await national.post("/points/express-list/\(entry.id ?? 0)/delete", form: ["confirmed": "1"],
                                        csrfFrom: "/points/express-list")
            #expect(try await ExpressListEntry.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$targetType == "express_list").count() >= 2)
            #expect(try await enterprise.get("/my/express").body.string.contains("无需填报"))
        }
    }
}
