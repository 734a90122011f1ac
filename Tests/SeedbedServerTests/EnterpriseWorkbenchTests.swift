import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// 企业申报首页 (M2): an approved enterprise lands on what is new and what is due, each a link — not a copy of the
/// menu — and sees only its own messages and recognitions there.
@Suite("企业工作台：最新消息、数字化水平、申报入口、认定与待办")
struct EnterpriseWorkbenchTests {
    @Test("最新 5 条消息（更多）、去自评、开放的申报批次、即将到期的认定与去复核、被退回的填报")
    func enterpriseHome() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e1 = try fixtures.enterprise("e1")
            let e2 = try fixtures.enterprise("e2")
            let owner = try #require(try await Enterprise.find(e1, on: app.db))
            let other = try #require(try await Enterprise.find(e2, on: app.db))
            let now = app.clock.now()
            for index in 1...6 {
                try await EnterpriseMessage(to: owner, category: .notice, title: "第\(index)条通知", body: "正文",
                                            link: nil, at: now.addingTimeInterval(Double(index))).create(on: app.db)
            }
            try await EnterpriseMessage(to: other, category: .notice, title: "别家的通知", body: "正文", link: nil,
                                        at: now.addingTimeInterval(10)).create(on: app.db)

            let browser = Browser(app, ip: "10.31.0.1")
            try await browser.login("ent-e1")
            var page = try await browser.get("/workbench").body.string
            // The five newest, newest first, and 更多 to 我的消息; never another enterprise's.
            #expect(page.contains("第6条通知") && page.contains("第2条通知") && !page.contains("第1条通知"))
            #expect(!page.contains("别家的通知"))
            let newest = try #require(page.range(of: "第6条通知"))
            let older = try #require(page.range(of: "第5条通知"))
            #expect(newest.lowerBound < older.lowerBound)
            #expect(page.contains("href=\"/my/messages\">更多"))
            // No assessment yet: 去自评; no window: said so; no recognition.
            #expect(page.contains("尚未完成数字化水平评测") && page.contains("去自评"))
            #expect(page.contains("当前没有向本企业所在省份开放的申报批次"))
            #expect(page.contains("暂无有效认定"))
            // Not the menu copied as tiles.
            #expect(!page.contains("quick-link"))

            // A window for 辽宁, a recognition ending within the lead time, another enterprise's recognition, and a
            // returned annual report.
            #expect(try await ApplicationTests.window(app, region: "21", from: -1, through: 20).status == .seeOther)
            let today = RecognitionFixture.today(app)
            try await RecognitionFixture.recognise(app, e1, .specializedSME, until: today.adding(days: 40),
                                                   number: "ZJ-E1-DUE")
            try await RecognitionFixture.recognise(app, e2, .innovativeSME, until: today.adding(days: 400),
                                                   number: "CX-E2-OTHER")
            let returned = FilingRecord()
            returned.enterpriseID = e1
            returned.regionCode = owner.regionCode
            returned.zoneID = owner.zoneID
            returned.kind = .annualReport
            returned.slot = FilingService.slot(.annualReport, year: 2025)
            returned.year = 2025
            returned.status = .returned
            returned.version = 3
            returned.round = 1
            returned.route = "[]"
            returned.createdAt = now
            returned.updatedAt = now
            try await returned.create(on: app.db)

            page = try await browser.get("/workbench").body.string
            #expect(page.contains("创新型中小企业申报") && page.contains("辽宁省"))
            #expect(page.contains("ZJ-E1-DUE") && page.contains("即将到期"))
            #expect(!page.contains("CX-E2-OTHER"))
            #expect(page.contains("专精特新中小企业复核") && page.contains("href=\"/my/renewals\">去复核"))
            #expect(page.contains("科技信息年报被退回修改") && page.contains("href=\"/my/annual-reports/2025\">去修改"))
            // A recognised enterprise is told when it may update its information.
            #expect(page.contains("信息更新") && page.contains("可提交信息更新"))
        }
    }

    @Test("完成评测后显示等级与重新评测；政府用户的工作台不变")
    func digitalLevelAndOfficials() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e1 = try fixtures.enterprise("e1")
            let owner = try #require(try await Enterprise.find(e1, on: app.db))
            try await DigitalAssessmentDemo.attempt(owner, share: 0.7, completed: true, at: app.clock.now(), on: app.db)
            let latest = try #require(try await DigitalAssessments.latest(enterpriseID: e1, on: app.db))

            let browser = Browser(app, ip: "10.31.0.2")
            try await browser.login("ent-e1")
            let page = try await browser.get("/workbench").body.string
            #expect(page.contains(DigitalLevel.label(latest.level)) && page.contains(Questionnaire.format(latest.score) + " 分"))
            #expect(page.contains("重新评测"))
            #expect(!page.contains("尚未完成数字化水平评测"))

            let official = Browser(app, ip: "10.31.0.3")
            try await official.login("city-dl")
            let home = try await official.get("/workbench").body.string
            #expect(home.contains("quick-link") && home.contains("数据范围"))
            #expect(!home.contains("企业最新消息"))
        }
    }
}
