import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// Issue 13 item 7: yellow 资质数据 indicators are filed as records (seed 000 §2.5), the count is derived from them,
/// and the reviewer sees the same 资质数据核对 the enterprise sees.
@Suite("资质记录与审核端资质数据核对")
struct QualificationRecordsTests {
    /// e2's national 2025 project with imported Torch figures for revenue and software copyrights only, so
    /// 有效发明专利 is yellow (filed as records) and 软件著作权 is verified against 4.
    static func setUp(_ app: Application, ipBase: String) async throws
        -> (fixtures: Fixtures, enterprise: Browser, county: Browser, url: String, slot: String)
    {
        let (fixtures, enterprise, county, url) = try await PointsProofTests.setUp(app, ipBase: ipBase)
        let model = try #require(try await Enterprise.find(try fixtures.enterprise("e2"), on: app.db))
        try await EnterpriseFacts.upsert(enterprise: model, year: 2025, facts: [.revenue: 888, .ipSoftware: 4], source: "torch",
                                         on: app.db, now: app.clock.now())
        return (fixtures, enterprise, county, url, "points_data:#\(url.split(separator: "/").last ?? "")")
    }

    static func add(_ browser: Browser, _ url: String, number: String, title: String, date: String) async throws
        -> TestingHTTPResponse
    {
        try await browser.post("\(url)/qualifications/ip_invention", form: ["number": number, "title": title, "date": date],
                               csrfFrom: "\(url)/qualifications/ip_invention")
    }

    static func count(_ app: Application) async throws -> Int {
        try await QualificationRecord.query(on: app.db).count()
    }

    /// The value and read-only state of a form input, from a page.
    static func input(_ name: String, in html: String) -> String? {
        Browser.extract(#"(<input[^>]*name=""# + name + #""[^>]*>)"#, from: html)
    }

    static func documentValues(_ app: Application, _ record: FilingRecord) async throws -> [String: String] {
        let id = try #require(record.documentID)
        return try #require(try await FilingDocument.find(id, on: app.db)).values
    }

    @Test("黄色指标逐条登记：新增两条数量为 2 并随提交成为积分数据；重复编号、缺名称、日期无效或在未来被拒绝且不改任何数据；审核端看到同一份资质数据核对和登记明细；退回后删除（先确认）数量为 1，通过后事实为 1")
    func recordsDriveTheCount() async throws {
        try await withSeedbedApp { app in
            let (fixtures, enterprise, county, url, slot) = try await Self.setUp(app, ipBase: "10.31.0")
            let e2 = try fixtures.enterprise("e2")
            let page = try await enterprise.get(url).body.string
            #expect(page.contains("<tr class=\"qual-missing\"><td>有效发明专利"))
            #expect(page.contains("href=\"\(url)/qualifications/ip_invention\""))
            #expect(!page.contains("href=\"\(url)/qualifications/ip_software\""), "an imported count is verified, not listed")

            let records = try await enterprise.get("\(url)/qualifications/ip_invention")
            #expect(records.status == .ok)
            for label in ["专利号", "发明名称", "授权公告日", "尚未登记有效发明专利"] {
                #expect(records.body.string.contains(label), "\(label)")
            }

            let first = try await Self.add(enterprise, url, number: "ZL202010000001.1", title: "一种积分测算方法", date: "2024-03-15")
            #expect(first.status == .seeOther)
            let second = try await Self.add(enterprise, url, number: "ZL202110000002.2", title: "一种数据核对装置", date: "2025-06-01")
            #expect(second.status == .seeOther)
            let listed = try await enterprise.get(second.location).body.string
            #expect(listed.contains("现为 2 条") && listed.contains("一种数据核对装置"))
            #expect(listed.contains("data-confirm=\"确定删除专利号 ZL202010000001.1（一种积分测算方法）吗？"))

            // Refused posts say why, in Chinese, and store nothing.
            let refusals: [([String: String], String, String)] = [
                (["number": "zl 2020 10000001.1", "title": "同一件专利", "date": "2024-03-15"], "number", "已登记，不能重复添加"),
                (["number": "ZL202210000003.3", "title": "", "date": "2024-03-15"], "title", "请填写发明名称"),
                (["number": "ZL202210000003.3", "title": "日期不对", "date": "2024-02-30"], "date", "应为有效日期"),
                (["number": "ZL202210000003.3", "title": "未来的专利", "date": PointsFilingTests.day(app, offset: 2)], "date",
                 "不能晚于今天"),
            ]
            for (form, field, message) in refusals {
                let refused = try await Self.add(enterprise, url, number: form["number"] ?? "", title: form["title"] ?? "",
                                                 date: form["date"] ?? "")
                #expect(refused.status == .unprocessableEntity, "\(field)")
                #expect(Browser.fieldErrors(refused.body.string).joined().contains(message), "\(field): \(message)")
                #expect(refused.body.string.contains("id=\"f-\(field)-error\""))
            }
            #expect(try await Self.count(app) == 2)

            // The count is derived: shown read-only, and a typed number is ignored.
            let step = try await enterprise.get("\(url)?step=1").body.string
            let input = try #require(Self.input("ip_invention", in: step))
            #expect(input.contains("value=\"2\"") && input.contains("readonly"))
            var values = SampleValues.of(PointsDataForm.form, overrides: ["ip_invention": "99", "ip_software": "4"])
            let submitted = try await FilingFlowTests.fileAll(enterprise, url: url, form: PointsDataForm.form, values: values)
            #expect(submitted.status == .seeOther, "\(Browser.fieldErrors(submitted.body.string))")
            var record = try await FilingFlowTests.filing(app, enterprise: e2, slot: slot)
            #expect(record.status == FilingStatus.submitted)
            #expect(try await Self.documentValues(app, record)["ip_invention"] == "2", "the points read the record count")

            // The reviewer sees the same check and the records, read-only.
            let review = try await county.get("/reviews/\(record.id ?? 0)")
            #expect(review.status == .ok)
            let reviewed = review.body.string
            #expect(reviewed.contains("资质数据核对") && reviewed.contains("平台已有数据来自导入的火炬统计数据"))
            #expect(reviewed.contains("<tr class=\"qual-missing\"><td>有效发明专利"))
            #expect(!reviewed.contains("<tr class=\"qual-differs\">"))
            #expect(reviewed.contains("有效发明专利登记明细（2 条）"))
            #expect(reviewed.contains("ZL202010000001.1") && reviewed.contains("一种积分测算方法") && reviewed.contains("2024-03-15"))
            #expect(!reviewed.contains("/qualifications/"), "no 填报 or 删除 for the reviewer")

            // Submitted: the records stay as filed.
            let locked = try await Self.add(enterprise, url, number: "ZL202210000004.4", title: "提交后新增", date: "2024-01-01")
            #expect(locked.status == .seeOther)
            #expect(try await enterprise.get(locked.location).body.string.contains("当前状态不能修改"))
            let firstID = try #require(try await QualificationRecord.query(on: app.db).filter(\.$number == "ZL202010000001.1")
                .first()?.id)
            _ = try await enterprise.post("\(url)/qualifications/ip_invention/\(firstID)/delete", form: ["confirmed": "1"],
                                          csrfFrom: url)
            #expect(try await Self.count(app) == 2)

            _ = try await FilingFlowTests.decide(county, record, verdict: "returned", opinion: "第一件专利已失效，请删除")
            // Deleting asks first (without JavaScript, a confirmation page), then removes the record.
            let ask = try await enterprise.post("\(url)/qualifications/ip_invention/\(firstID)/delete", form: [:], csrfFrom: url)
            #expect(ask.status == .ok && ask.body.string.contains("确定删除专利号 ZL202010000001.1"))
            #expect(try await Self.count(app) == 2)
            let deleted = try await enterprise.post("\(url)/qualifications/ip_invention/\(firstID)/delete",
                                                    form: ["confirmed": "1"], csrfFrom: url)
            #expect(deleted.status == .seeOther)
            #expect(try await enterprise.get(deleted.location).body.string.contains("现为 1 条"))
            #expect(try await Self.count(app) == 1)
            let audited = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.delete.rawValue).all()
            #expect(audited.contains { $0.detail?.contains("删除有效发明专利：专利号 ZL202010000001.1") == true })
            #expect(try #require(Self.input("ip_invention", in: try await enterprise.get("\(url)?step=1").body.string))
                .contains("value=\"1\""))

            values["ip_invention"] = "5"
            let again = try await FilingFlowTests.fileAll(enterprise, url: url, form: PointsDataForm.form, values: values)
            #expect(again.status == .seeOther, "\(Browser.fieldErrors(again.body.string))")
            record = try await FilingFlowTests.filing(app, enterprise: e2, slot: slot)
            #expect(try await Self.documentValues(app, record)["ip_invention"] == "1")
            _ = try await FilingFlowTests.decide(county, record, verdict: "approved")
            let facts = try #require(try await EnterpriseFacts.load(enterpriseID: e2, year: 2025, scope: .all, on: app.db))
            #expect(facts[.ipInvention] == 1)
            #expect(facts[.ipSoftware] == 4)
        }
    }

    @Test("上限在数据库里原子地守住：已有 499 条时 32 个并发新增只收下 1 条，其余 31 个得 422（已达上限）且不存任何数据")
    func parallelAddsStopAtTheLimit() async throws {
        try await withSeedbedApp { app in
            let (fixtures, enterprise, _, url, slot) = try await Self.setUp(app, ipBase: "10.33.0")
            let model = try #require(try await Enterprise.find(try fixtures.enterprise("e2"), on: app.db))
            let limit = QualificationEntries.limit
            let rows = (0..<(limit - 1)).map { index in
                let row = QualificationRecord()
                row.enterpriseID = model.id ?? 0
                row.regionCode = model.regionCode
                row.zoneID = model.zoneID
                row.incubatorID = model.incubatorID
                row.slot = slot
                row.indicator = "ip_invention"
                row.number = "ZL2020\(100_000 + index).1"
                row.numberKey = QualificationEntries.key(row.number)
                row.title = "已登记的专利 \(index)"
                row.datedOn = "2024-03-15"
                row.createdBy = 1
                row.createdAt = app.clock.now()
                return row
            }
            try await rows.create(on: app.db)

            // Each request from its own address, all in the enterprise's session, tokens read before the burst.
            let path = "\(url)/qualifications/ip_invention"
            var prepared: [(Browser, String)] = []
            for index in 0..<32 {
                let browser = Browser(app, ip: "10.33.1.\(index + 1)")
                browser.cookies = enterprise.cookies
                prepared.append((browser, try await browser.csrfToken(from: path)))
            }
            let responses = try await withThrowingTaskGroup(of: (HTTPResponseStatus, String).self) { group in
                for (index, (browser, token)) in prepared.enumerated() {
                    group.addTask {
                        let response = try await browser.post(path, form: [
                            "number": "ZL2099\(100_000 + index).9", "title": "并发新增 \(index)", "date": "2024-03-15",
                            "_csrf": token,
                        ], csrf: false)
                        return (response.status, response.body.string)
                    }
                }
                var all: [(HTTPResponseStatus, String)] = []
                for try await response in group { all.append(response) }
                return all
            }
            #expect(responses.filter { $0.0 == .seeOther }.count == 1, "\(responses.map(\.0.code))")
            let refused = responses.filter { $0.0 == .unprocessableEntity }
            #expect(refused.count == 31, "\(responses.map(\.0.code))")
            #expect(refused.allSatisfy {
                Browser.fieldErrors($0.1).joined().contains("「有效发明专利」最多登记 \(limit) 条，已达上限")
            })
            let stored = try await QualificationRecord.query(on: app.db).filter(\.$enterpriseID == model.id ?? 0)
                .filter(\.$slot == slot).filter(\.$indicator == "ip_invention").count()
            #expect(stored == limit, "records after the burst: \(stored)")
            let audited = try await AuditEntry.query(on: app.db).filter(\.$targetType == "points_qualification").count()
            #expect(audited == 1, "only the accepted record is audited")
        }
    }

    @Test("资质记录只属于本企业：其他企业删除得 404 且不改数据、看不到别人的记录；其他区县打不开审核页；政府端不能新增或删除")
    func recordsAreScoped() async throws {
        try await withSeedbedApp { app in
            let (fixtures, enterprise, county, url, slot) = try await Self.setUp(app, ipBase: "10.32.0")
            let added = try await Self.add(enterprise, url, number: "ZL202010000009.9", title: "只属于二号的专利", date: "2024-03-15")
            #expect(added.status == .seeOther)
            let id = try #require(try await QualificationRecord.query(on: app.db).first()?.id)

            // ent-e1, with basic info approved too (by its zone), so its own filing in the project is open.
            let other = Browser(app, ip: "10.32.0.5")
            try await other.login("ent-e1")
            let zone = Browser(app, ip: "10.32.0.7")
            try await zone.login("zone-dl")
            try await PointsFilingTests.approveBasicInfo(app, enterprise: other, county: zone, id: try fixtures.enterprise("e1"))
            let gjz = Browser(app, ip: "10.32.0.6")
            try await gjz.login("county-gjz")
            let stolen = try await other.post("\(url)/qualifications/ip_invention/\(id)/delete", form: ["confirmed": "1"],
                                              csrfFrom: url)
            #expect(stolen.status == .notFound)
            #expect(try await Self.count(app) == 1)
            let theirs = try await other.get("\(url)/qualifications/ip_invention")
            #expect(theirs.status == .ok)
            #expect(!theirs.body.string.contains("只属于二号的专利"))
            #expect(!(try await other.get(url).body.string.contains("只属于二号的专利")))

            // Hostile record ids are 404 too, and another indicator's path does not reach the record.
            for path in ["\(url)/qualifications/ip_invention/0/delete", "\(url)/qualifications/ip_invention/99999999999999999999/delete",
                         "\(url)/qualifications/ip_design/\(id)/delete", "\(url)/qualifications/revenue/\(id)/delete"] {
                #expect(try await enterprise.post(path, form: ["confirmed": "1"], csrfFrom: url).status == .notFound, "\(path)")
            }
            #expect(try await enterprise.get("\(url)/qualifications/revenue").status == .notFound)
            #expect(try await Self.count(app) == 1)

            let submitted = try await FilingFlowTests.fileAll(enterprise, url: url, form: PointsDataForm.form,
                                                              values: SampleValues.of(PointsDataForm.form, overrides: ["ip_software": "4"]))
            #expect(submitted.status == .seeOther, "\(Browser.fieldErrors(submitted.body.string))")
            let record = try await FilingFlowTests.filing(app, enterprise: try fixtures.enterprise("e2"), slot: slot)
            #expect(try await county.get("/reviews/\(record.id ?? 0)").body.string.contains("只属于二号的专利"))
            let stranger = try await gjz.get("/reviews/\(record.id ?? 0)")
            #expect(stranger.status == .notFound)
            #expect(!stranger.body.string.contains("只属于二号的专利"))
            // The county reads, it does not list or delete: the routes are the enterprise's.
            #expect(try await county.post("\(url)/qualifications/ip_invention/\(id)/delete", form: ["confirmed": "1"],
                                          csrfFrom: "/workbench").status == .forbidden)
            #expect(try await county.post("\(url)/qualifications/ip_invention",
                                          form: ["number": "ZL1", "title": "区县新增", "date": "2024-01-01"],
                                          csrfFrom: "/workbench").status == .forbidden)
            #expect(try await Self.count(app) == 1)
            // The scope filter applies to the table like every enterprise-bound one.
            let e2 = try fixtures.enterprise("e2")
            let gjzScope = try await Fixtures.currentUser("county-gjz", on: app).scope
            let lsScope = try await Fixtures.currentUser("county-ls", on: app).scope
            #expect(try await QualificationRecord.all(enterpriseID: e2, slot: slot, scope: gjzScope, on: app.db).isEmpty)
            #expect(try await QualificationRecord.all(enterpriseID: e2, slot: slot, scope: lsScope, on: app.db).count == 1)
        }
    }
}
