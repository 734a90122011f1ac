import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// 企业申报 (M6): windows set on 申报时间维护 open and close applications by province and day; the application
/// goes county → city → province through the real review pages; 退回 returns it to the level that returned it;
/// the evaluator's check shows before submission and beside the data; evidence names of any characters survive.
@Suite("企业申报")
struct ApplicationTests {
    static let innovative = FilingKind.innovativeSMEApplication.rawValue
    static let specialized = FilingKind.specializedSMEApplication.rawValue

    /// Approves the enterprise's basic information (the applications' prerequisite) as its reviewer.
    static func approveBasicInfo(_ app: Application, _ fixtures: Fixtures, key: String, reviewer: String) async throws {
        let record = try await ReviewListTests.submit(app, enterprise: try fixtures.enterprise(key))
        let actor = try await Fixtures.currentUser(reviewer, on: app)
        try await FilingService(app: app, db: app.db, now: app.clock.now())
            .decide(record, verdict: .approve, opinion: "", actor: actor, expectedVersion: record.version)
    }

    static func today(_ app: Application) -> LocalDate { LocalDate(chinaTimeOf: app.clock.now()) }

    static func day(_ app: Application, _ offset: Int) -> String {
        LocalDate(daysSince1970: today(app).daysSince1970 + offset).description
    }

    /// Sets a window through the page, as the platform administrator.
    @discardableResult
    static func window(_ app: Application, kind: String = innovative, region: String, from: Int, through: Int)
        async throws -> TestingHTTPResponse
    {
        let admin = Browser(app, ip: "10.61.0.1")
        try await admin.login("admin")
        return try await admin.post("/cultivation/windows", form: [
            "kind": kind, "region": region, "opens_on": day(app, from), "closes_on": day(app, through),
        ], csrfFrom: "/cultivation/windows/new")
    }

    /// 申报: starts this year's application; the id, or nil when refused.
    static func start(_ app: Application, _ browser: Browser, kind: String = innovative, enterprise: Int) async throws -> Int? {
        let response = try await browser.post("/my/applications", form: ["kind": kind], csrfFrom: "/my/applications")
        #expect(response.status == .seeOther)
        return try await FilingRecord.query(on: app.db).filter(\.$enterpriseID == enterprise)
            .filter(\.$kind == FilingKind(rawValue: kind) ?? .innovativeSMEApplication).first()?.id
    }

    static func values(_ app: Application, action: String) -> [String: String] {
        ["contact_name": "申报联系人", "contact_phone": "13912345678", "main_product": "工业传感器",
         "fact_year": String(today(app).year - 1), "strategic_product": "是", "self_developed_ip": "是", "action": action]
    }

    /// 提交 with one evidence file.
    @discardableResult
    static func submit(_ app: Application, _ browser: Browser, id: Int, name: String = "审计报告.pdf",
                       data: Data = Data("%PDF-1.4 evidence".utf8)) async throws -> TestingHTTPResponse {
        let version = try await FilingRecord.find(id, on: app.db)?.version ?? 0
        var form = values(app, action: "submit")
        form["version"] = String(version)
        return try await browser.upload("/my/applications/\(id)", form: form, file: ("evidence[]", name, data),
                                        csrfFrom: "/my/applications/\(id)?edit=1")
    }

    static func record(_ app: Application, _ id: Int) async throws -> FilingRecord {
        try #require(try await FilingRecord.find(id, on: app.db))
    }

    /// Plot's escapes undone, to find a name as people read it.
    static func unescaped(_ html: String) -> String {
        html.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test("申报时间边界：开始前一天不能申报，开始当天和截止当天可以发起、提交，截止次日不能再提交")
    func windowEdges() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.approveBasicInfo(app, fixtures, key: "e1", reviewer: "zone-dl")
            try await Self.approveBasicInfo(app, fixtures, key: "e2", reviewer: "county-ls")
            #expect(try await Self.window(app, region: "21", from: 1, through: 3).status == .seeOther)
            let e1 = try fixtures.enterprise("e1")
            let e2 = try fixtures.enterprise("e2")

            // The day before `from`: closed, nothing created.
            let before = Browser(app, ip: "10.61.1.1")
            try await before.login("ent-e1")
            #expect(try await Self.start(app, before, enterprise: e1) == nil)
            #expect(try await before.get("/my/applications").body.string.contains("辽宁省当前未开放申报"))

            // `from`: open.
            app.clock.advance(by: 86_400)
            let first = Browser(app, ip: "10.61.1.2")
            try await first.login("ent-e1")
            let id1 = try #require(try await Self.start(app, first, enterprise: e1))
            #expect(try await Self.record(app, id1).status == .draft)
            let other = Browser(app, ip: "10.61.1.3")
            try await other.login("ent-e2")
            let id2 = try #require(try await Self.start(app, other, enterprise: e2))

            // `through`: still open, e1 submits.
            app.clock.advance(by: 2 * 86_400)
            let last = Browser(app, ip: "10.61.1.4")
            try await last.login("ent-e1")
            #expect(try await Self.submit(app, last, id: id1).status == .seeOther)
            #expect(try await Self.record(app, id1).status == .submitted)

            // The day after: e2's draft can no longer be submitted.
            app.clock.advance(by: 86_400)
            let late = Browser(app, ip: "10.61.1.5")
            try await late.login("ent-e2")
            let refused = try await Self.submit(app, late, id: id2)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("当前不在创新型中小企业申报开放时间内"))
            #expect(try await Self.record(app, id2).status == .draft)
            #expect(try await ApplicationEvidence.query(on: app.db).filter(\.$filingID == id2).count() == 0,
                    "the refused post keeps no evidence")
        }
    }

    @Test("省级申报时间只开放本省：重庆的申报时间不为辽宁企业开放申报入口")
    func provinceWindowsStayInProvince() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.approveBasicInfo(app, fixtures, key: "e2", reviewer: "county-ls")
            #expect(try await Self.window(app, region: "50", from: -1, through: 5).status == .seeOther)
            #expect(try await ApplicationWindows.openProvinces(for: .innovativeSMEApplication, on: Self.today(app),
                                                               db: app.db) == ["50"])
            #expect(try await ApplicationWindows.openProvinces(for: .specializedSMEApplication, on: Self.today(app),
                                                               db: app.db).isEmpty)
            let enterprise = Browser(app, ip: "10.61.2.1")
            try await enterprise.login("ent-e2")
            let page = try await enterprise.get("/my/applications").body.string
            #expect(page.contains("辽宁省当前未开放申报"))
            #expect(!page.contains("name=\"kind\" value=\"\(Self.innovative)\""))
            #expect(try await Self.start(app, enterprise, enterprise: try fixtures.enterprise("e2")) == nil)
        }
    }

    @Test("审核链：区县 → 市级 → 省级，经真实审核页面；审核页显示评价核验；其他区县看不到也打不开")
    func reviewChain() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.approveBasicInfo(app, fixtures, key: "e2", reviewer: "county-ls")
            try await Self.window(app, region: "21", from: 0, through: 10)
            let enterprise = Browser(app, ip: "10.61.3.1")
            try await enterprise.login("ent-e2")
            let id = try #require(try await Self.start(app, enterprise, enterprise: try fixtures.enterprise("e2")))
            #expect(try await Self.submit(app, enterprise, id: id).status == .seeOther)
            #expect(try await Self.record(app, id).pendingReviewer == "county:210212")

            let queue = "/reviews?kind=\(Self.innovative)"
            let other = Browser(app, ip: "10.61.3.2")
            try await other.login("county-gjz")
            #expect(!(try await other.get(queue + "&tab=all").body.string.contains(Fixtures.enterpriseCodes["e2"]?.name ?? "?")))
            #expect(try await other.get("/reviews/\(id)").status == .notFound)

            for (account, next) in [("county-ls", "city:210200"), ("city-dl", "province:210000"), ("prov-ln", nil)] {
                let reviewer = Browser(app, ip: "10.61.3.3")
                try await reviewer.login(account)
                #expect(try await reviewer.get(queue).body.string.contains(Fixtures.enterpriseCodes["e2"]?.name ?? "?"), "\(account) queue")
                let detail = try await reviewer.get("/reviews/\(id)").body.string
                #expect(detail.contains("评价规则核验（系统自动）") && detail.contains("规则版本："), "\(account) sees the check")
                #expect(detail.contains("审计报告.pdf"), "\(account) sees the evidence")
                let decided = try await FilingFlowTests.decide(reviewer, try await Self.record(app, id), verdict: "approved")
                #expect(decided.status == .seeOther)
                let now = try await Self.record(app, id)
                #expect(now.pendingReviewer == next, "after \(account)")
            }
            #expect(try await Self.record(app, id).status == .approved)
            let list = try await enterprise.get("/my/applications").body.string
            #expect(list.contains("审核通过"))
        }
    }

    @Test("市级退回后企业修改重新提交，回到市级审核，不再经过区县")
    func returnAtCityResubmitsToCity() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.approveBasicInfo(app, fixtures, key: "e2", reviewer: "county-ls")
            try await Self.window(app, region: "21", from: 0, through: 10)
            let enterprise = Browser(app, ip: "10.61.4.1")
            try await enterprise.login("ent-e2")
            let id = try #require(try await Self.start(app, enterprise, enterprise: try fixtures.enterprise("e2")))
            try await Self.submit(app, enterprise, id: id)
            let county = Browser(app, ip: "10.61.4.2")
            try await county.login("county-ls")
            _ = try await FilingFlowTests.decide(county, try await Self.record(app, id), verdict: "approved")
            let city = Browser(app, ip: "10.61.4.3")
            try await city.login("city-dl")
            _ = try await FilingFlowTests.decide(city, try await Self.record(app, id), verdict: "returned",
                                                 opinion: "请补充研发费用审计报告")
            #expect(try await Self.record(app, id).status == .returned)
            let detail = try await enterprise.get("/my/applications/\(id)").body.string
            #expect(detail.contains("请补充研发费用审计报告") && detail.contains("编辑"))
            #expect(try await enterprise.get("/my/applications/\(id)?edit=1").body.string.contains("提交前自评核验"))
            #expect(try await Self.submit(app, enterprise, id: id, name: "补充审计报告.pdf").status == .seeOther)
            let resubmitted = try await Self.record(app, id)
            #expect(resubmitted.status == .submitted)
            #expect(resubmitted.pendingReviewer == "city:210200")
            #expect(try await ApplicationEvidence.query(on: app.db).filter(\.$filingID == id).count() == 2)
        }
    }

    @Test("提交前表单显示评价规则的核验：各指标得分与满分、逐条条件、合计与分数线、规则版本；专精特新提示先完成数字化评测")
    func evaluatorCheckOnForm() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.approveBasicInfo(app, fixtures, key: "e2", reviewer: "county-ls")
            try await Self.window(app, region: "21", from: 0, through: 10)
            try await Self.window(app, kind: Self.specialized, region: "21", from: 0, through: 10)
            let enterprise = Browser(app, ip: "10.61.5.1")
            try await enterprise.login("ent-e2")
            let id = try #require(try await Self.start(app, enterprise, enterprise: try fixtures.enterprise("e2")))
            let form = try await enterprise.get("/my/applications/\(id)?edit=1").body.string
            for text in ["提交前自评核验", "规则版本：创新型中小企业（工信部企业〔2022〕63号附件1）", "分数线 60 分",
                         "研发费用占营业收入比重", "满分", "得分", "逐条评价", "已审核的企业数据"] {
                #expect(form.contains(text), "form shows \(text)")
            }
            // 专精特新 needs the digital self-assessment first: said, with the way there.
            let list = try await enterprise.get("/my/applications").body.string
            #expect(list.contains("请先完成数字化水平评测") && list.contains("href=\"/my/digital\""))
            #expect(try await Self.start(app, enterprise, kind: Self.specialized, enterprise: try fixtures.enterprise("e2")) == nil)
        }
    }

    /// A stored (uncompressed) zip of empty entries with these names, as any zip tool writes one.
    static func zip(_ names: [String]) -> Data {
        var data = Data()
        var central = Data()
        func u16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
        func u32(_ value: Int) -> [UInt8] { u16(value & 0xFFFF) + u16((value >> 16) & 0xFFFF) }
        for name in names {
            let bytes = [UInt8](name.utf8)
            let offset = data.count
            var local: [UInt8] = u32(0x0403_4B50)
            local += u16(20)
            local += u16(0x0800)
            local += [UInt8](repeating: 0, count: 18)
            local += u16(bytes.count)
            local += u16(0)
            local += bytes
            data.append(contentsOf: local)
            var entry: [UInt8] = u32(0x0201_4B50)
            entry += u16(20)
            entry += u16(20)
            entry += u16(0x0800)
            entry += [UInt8](repeating: 0, count: 18)
            entry += u16(bytes.count)
            entry += [UInt8](repeating: 0, count: 12)
            entry += u32(offset)
            entry += bytes
            central.append(contentsOf: entry)
        }
        let start = data.count
        data.append(central)
        var end: [UInt8] = u32(0x0605_4B50)
        end += u16(0)
        end += u16(0)
        end += u16(names.count)
        end += u16(names.count)
        end += u32(central.count)
        end += u32(start)
        end += u16(0)
        data.append(contentsOf: end)
        return data
    }

    @Test("作证材料：含空格、#、%、&、引号、中文和表情的文件名可上传、显示和下载；zip 列出其中文件；损坏的 zip 被拒绝")
    func specialCharacterEvidence() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.approveBasicInfo(app, fixtures, key: "e2", reviewer: "county-ls")
            try await Self.window(app, region: "21", from: 0, through: 10)
            let enterprise = Browser(app, ip: "10.61.6.1")
            try await enterprise.login("ent-e2")
            let id = try #require(try await Self.start(app, enterprise, enterprise: try fixtures.enterprise("e2")))
            let name = "研发 报告 #1 100% & 'A'版 😀.pdf"
            var form = Self.values(app, action: "save")
            form["version"] = String(try await Self.record(app, id).version)
            let saved = try await enterprise.upload("/my/applications/\(id)", form: form,
                                                    file: ("evidence[]", name, Data("%PDF-1.4 special".utf8)),
                                                    csrfFrom: "/my/applications/\(id)?edit=1")
            #expect(saved.status == .seeOther, "\(Browser.fieldErrors(saved.body.string))")
            let zipName = "材料包 #2 (终版) & 附件.zip"
            let entries = ["营业执照 副本.pdf", "审计报告#2023 100%.pdf", "证书/质量 & 体系.jpg"]
            form["version"] = String(try await Self.record(app, id).version)
            let zipped = try await enterprise.upload("/my/applications/\(id)", form: form,
                                                     file: ("evidence[]", zipName, Self.zip(entries)),
                                                     csrfFrom: "/my/applications/\(id)?edit=1")
            #expect(zipped.status == .seeOther, "\(Browser.fieldErrors(zipped.body.string))")
            let page = Self.unescaped(try await enterprise.get("/my/applications/\(id)?edit=1").body.string)
            #expect(page.contains(name) && page.contains(zipName))
            for entry in entries { #expect(page.contains(entry), "zip entry \(entry) listed") }
            let rows = try await ApplicationEvidence.query(on: app.db).filter(\.$filingID == id).sort(\.$id).all()
            #expect(rows.map(\.originalName) == [name, zipName])
            let file = try #require(rows.first?.fileID)
            let download = try await enterprise.get("/files/\(file)")
            #expect(download.status == .ok && download.body.string == "%PDF-1.4 special")

            // A zip whose directory is gone is refused with a message, and nothing is kept.
            form["version"] = String(try await Self.record(app, id).version)
            let broken = try await enterprise.upload("/my/applications/\(id)", form: form,
                                                     file: ("evidence[]", "坏包.zip", Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3])),
                                                     csrfFrom: "/my/applications/\(id)?edit=1")
            #expect(broken.status == .unprocessableEntity)
            #expect(broken.body.string.contains("压缩包无法读取"))
            #expect(try await ApplicationEvidence.query(on: app.db).filter(\.$filingID == id).count() == 2)

            // 下载: the application as a workbook named after it.
            try expectDownload(try await enterprise.get("/my/applications/\(id)/download"), named: "创新型中小企业申报")
        }
    }

    @Test("企业不能通过网址读取或修改其他企业的申报")
    func enterpriseCannotReadAnother() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.approveBasicInfo(app, fixtures, key: "e2", reviewer: "county-ls")
            try await Self.window(app, region: "21", from: 0, through: 10)
            let owner = Browser(app, ip: "10.61.7.1")
            try await owner.login("ent-e2")
            let id = try #require(try await Self.start(app, owner, enterprise: try fixtures.enterprise("e2")))
            let intruder = Browser(app, ip: "10.61.7.2")
            try await intruder.login("ent-e1")
            #expect(try await intruder.get("/my/applications/\(id)").status == .notFound)
            #expect(try await intruder.get("/my/applications/\(id)?edit=1").status == .notFound)
            #expect(try await intruder.get("/my/applications/\(id)/download").status == .notFound)
            var form = Self.values(app, action: "save")
            form["main_product"] = "被篡改"
            #expect(try await intruder.post("/my/applications/\(id)", form: form, csrfFrom: "/my/applications").status == .notFound)
            let values = try await FilingService(app: app, db: app.db, now: app.clock.now())
                .document(try await Self.record(app, id))?.values ?? [:]
            #expect(values["main_product"] != "被篡改")
        }
    }

    @Test("演示数据：辽宁、重庆两级申报时间今天开放，申报覆盖草稿、待区县审核、市级审核中、退回、通过、不通过")
    func demoApplications() async throws {
        try await withSeedbedApp({ $0.demo = true; $0.demoEnterprises = 300 }) { app in
            try await DemoCommand.loadIfEmpty(app, console: Terminal())
            let today = Self.today(app)
            for kind in ApplicationForm.kinds {
                let open = try await ApplicationWindows.openProvinces(for: kind, on: today, db: app.db)
                #expect(open == ["21", "50"], "\(kind.label) open in \(open)")
            }
            let records = try await FilingRecord.query(on: app.db).filter(\.$kind == .innovativeSMEApplication).all()
            let states = Set(records.map(\.status))
            #expect(states == Set(FilingStatus.allCases), "demo states: \(states.map(\.label))")
            #expect(records.contains { $0.status == .inReview && $0.pendingReviewer == "city:210200" })
            #expect(records.contains { $0.status == .returned && (try? $0.filing().decidingStep?.level) == .city })
            #expect(records.contains { $0.regionCode.hasPrefix("50") })
            let yubei = Browser(app, ip: "10.61.9.1")
            try await yubei.login("yubei", password: DemoAccounts.password)
            #expect(try await yubei.get("/reviews?kind=\(Self.innovative)&tab=all").status == .ok)
        }
    }

    @Test("申报时间维护：校验日期（格式、先后、重叠），省级只能维护本省，区县不能进入，删除须确认")
    func windowMaintenance() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let province = Browser(app, ip: "10.61.8.1")
            try await province.login("prov-ln")
            func post(_ form: [String: String]) async throws -> TestingHTTPResponse {
                try await province.post("/cultivation/windows", form: form, csrfFrom: "/cultivation/windows/new")
            }
            let backwards = try await post(["kind": Self.innovative, "region": "21", "opens_on": "2026-05-10",
                                            "closes_on": "2026-05-01"])
            #expect(backwards.status == .unprocessableEntity && backwards.body.string.contains("截止日期不能早于开始日期"))
            let invalid = try await post(["kind": Self.innovative, "region": "21", "opens_on": "2026-02-30",
                                          "closes_on": "2026-05-01"])
            #expect(invalid.status == .unprocessableEntity && invalid.body.string.contains("不是有效日期"))
            let foreign = try await post(["kind": Self.innovative, "region": "50", "opens_on": "2026-05-01",
                                          "closes_on": "2026-05-31"])
            #expect(foreign.status == .unprocessableEntity && foreign.body.string.contains("您只能设置本省的申报时间"))
            #expect(try await post(["kind": Self.innovative, "region": "21", "opens_on": "2026-05-01",
                                    "closes_on": "2026-05-31"]).status == .seeOther)
            let overlap = try await post(["kind": Self.innovative, "region": "21", "opens_on": "2026-05-31",
                                          "closes_on": "2026-06-30"])
            #expect(overlap.status == .unprocessableEntity && overlap.body.string.contains("请勿重叠设置"))
            let row = try #require(try await ApplicationWindow.query(on: app.db).first())
            #expect(row.regionPrefix == "21" && row.opensOn == "2026-05-01" && row.closesOn == "2026-05-31")

            let county = Browser(app, ip: "10.61.8.2")
            try await county.login("county-gjz")
            #expect(try await county.get("/cultivation/windows").status == .forbidden)
            let other = Browser(app, ip: "10.61.8.3")
            try await other.login("national")
            #expect(try await other.get("/cultivation/windows").body.string.contains("2026-05-31"))
            #expect(try await other.get("/cultivation/windows/\(row.id ?? 0)/edit").status == .notFound)

            let id = row.id ?? 0
            let asked = try await province.post("/cultivation/windows/\(id)/delete", form: [:], csrfFrom: "/cultivation/windows")
            #expect(asked.status == .ok && asked.body.string.contains("确定删除"))
            #expect(try await ApplicationWindow.find(id, on: app.db) != nil)
            _ = try await province.post("/cultivation/windows/\(id)/delete", form: ["confirmed": "1"], csrfFrom: "/cultivation/windows")
            #expect(try await ApplicationWindow.find(id, on: app.db) == nil)
        }
    }
}
