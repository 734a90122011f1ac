import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("企业基本信息与信息更新窗口")
struct InfoUpdateWindowPageTests {
    @Test("基本信息页说明信息更新窗口；窗口关闭时未认定企业仍可随时修改并提交")
    func unrecognisedEditFreely() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let today = LocalDate(chinaTimeOf: app.clock.now())
            // A window that excludes today, whatever day the suite runs.
            let closed = today.monthDay == (try MonthDay(month: 1, day: 1))
                ? try InfoUpdateWindow(setting: "01-02,12-31,12-31")
                : InfoUpdateWindow(opens: try MonthDay(month: 1, day: 1), closes: try MonthDay(month: 1, day: 1),
                                   closesUnder2026Rules: try MonthDay(month: 1, day: 1))
            #expect(!closed.isOpen(on: today))
            try await InfoUpdateSettings.store(closed, on: app.db)

            let owner = Browser(app, ip: "10.31.0.1")
            try await owner.login("ent-e2")
            let page = try await owner.get("/my/basic-info")
            #expect(page.status == .ok)
            #expect(page.body.string.contains(closed.notice(in: today.year)))
            #expect(page.body.string.contains("未认定企业可随时修改"))
            #expect(page.body.string.contains("企业基本信息填报"))
            _ = try await FilingFlowTests.fileAll(owner, url: "/my/basic-info", form: BasicInfoForm.form,
                                                  values: SampleValues.of(BasicInfoForm.form))
            let record = try await FilingFlowTests.filing(app, enterprise: try fixtures.enterprise("e2"), slot: "basic_info")
            #expect(record.status == .submitted)
        }
    }

    @Test("默认设置：2026 年起为每年1月1日至5月31日")
    func standardNotice() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let owner = Browser(app, ip: "10.31.0.2")
            try await owner.login("ent-e1")
            let today = LocalDate(chinaTimeOf: app.clock.now())
            let page = try await owner.get("/my/basic-info").body.string
            #expect(page.contains(InfoUpdateWindow.standard.notice(in: today.year)))
            if today.year >= 2026 { #expect(page.contains("已认定企业每年1月1日至5月31日可提交信息更新")) }
        }
    }

    @Test("已认定企业只能在窗口内提交信息更新：审核列表标为信息更新，审核结果以信息更新消息通知；窗口关闭后不能提交")
    func recognisedUpdate() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            let today = LocalDate(chinaTimeOf: app.clock.now())
            _ = try await RecognitionFixture.recognise(app, e2, .innovativeSME, until: today.addingYears(2))
            try await InfoUpdateSettings.store(try InfoUpdateWindow(setting: "01-01,12-31,12-31"), on: app.db)

            let owner = Browser(app, ip: "10.31.0.3")
            try await owner.login("ent-e2")
            let page = try await owner.get("/my/basic-info").body.string
            #expect(page.contains("<h1>信息更新</h1>"))
            #expect(page.contains("已认定企业每年1月1日至12月31日可提交信息更新；当前在开放时间内"))
            _ = try await FilingFlowTests.fileAll(owner, url: "/my/basic-info", form: BasicInfoForm.form,
                                                  values: SampleValues.of(BasicInfoForm.form))
            let record = try await FilingFlowTests.filing(app, enterprise: e2, slot: "basic_info")
            #expect(record.status == .submitted)

            let county = Browser(app, ip: "10.31.0.4")
            try await county.login("county-ls")
            let queue = try await county.get("/reviews?kind=basic_info").body.string
            #expect(queue.contains("信息更新"))
            _ = try await FilingFlowTests.decide(county, record, verdict: "approved", opinion: "同意")
            let message = try await EnterpriseMessage.query(on: app.db).filter(\.$enterpriseID == e2)
                .sort(\.$id, .descending).first()
            #expect(message?.category == .infoUpdate)
            #expect(message?.title.hasPrefix("信息更新：") == true)

            // The window closes: the page says so and a save is refused.
            let closed = today.monthDay == (try MonthDay(month: 1, day: 1))
                ? try InfoUpdateWindow(setting: "01-02,12-31,12-31")
                : InfoUpdateWindow(opens: try MonthDay(month: 1, day: 1), closes: try MonthDay(month: 1, day: 1),
                                   closesUnder2026Rules: try MonthDay(month: 1, day: 1))
            try await InfoUpdateSettings.store(closed, on: app.db)
            let shut = try await owner.get("/my/basic-info").body.string
            #expect(shut.contains("当前不在开放时间内"))
            #expect(shut.contains("当前不在企业基本信息填报开放时间内"))
            let version = try await FilingFlowTests.filing(app, enterprise: e2, slot: "basic_info").version
            _ = try await owner.post("/my/basic-info", form: ["step": "0", "action": "save", "version": String(version)])
            #expect(try await FilingFlowTests.filing(app, enterprise: e2, slot: "basic_info").version == version)
        }
    }
}
