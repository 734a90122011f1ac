import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// The officials' 工作台: each review queue with what waits for their organisation and what is past its review
/// period, the same counts as badges in the sidebar, and 审核时限 set by the platform administrator.
@Suite("政府工作台：待审核与超期、菜单角标、审核时限")
struct OfficialWorkbenchTests {
    /// A filing waiting in `reviewer`'s queue since `arrived`.
    private static func pending(_ app: Application, enterprise id: Int, kind: FilingKind, reviewer: String,
                                arrived: Date) async throws {
        let owner = try #require(try await Enterprise.find(id, on: app.db))
        let record = FilingRecord()
        record.enterpriseID = id
        record.regionCode = owner.regionCode
        record.zoneID = owner.zoneID
        record.incubatorID = owner.incubatorID
        record.kind = kind
        record.slot = FilingService.slot(kind, year: kind == .annualReport ? 2025 : nil)
        record.year = kind == .annualReport ? 2025 : nil
        record.status = .submitted
        record.version = 1
        record.round = 1
        record.route = "[]"
        record.pendingReviewer = reviewer
        record.submittedAt = arrived
        record.createdAt = arrived
        record.updatedAt = arrived
        try await record.create(on: app.db)
    }

    @Test("区县只看到本级待审核数与超期数，菜单角标一致；他处的待审核不计入")
    func queuesAndBadges() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let now = app.clock.now()
            let tenDaysAgo = now.addingTimeInterval(-10 * 86_400)
            try await Self.pending(app, enterprise: try fixtures.enterprise("e1"), kind: .basicInfo,
                                   reviewer: "county:210211", arrived: now)
            try await Self.pending(app, enterprise: try fixtures.enterprise("e5"), kind: .basicInfo,
                                   reviewer: "county:210211", arrived: tenDaysAgo)
            try await Self.pending(app, enterprise: try fixtures.enterprise("e1"), kind: .annualReport,
                                   reviewer: "county:210211", arrived: now)
            try await Self.pending(app, enterprise: try fixtures.enterprise("e3"), kind: .basicInfo,
                                   reviewer: "county:500112", arrived: tenDaysAgo)

            let county = Browser(app, ip: "10.41.0.1")
            try await county.login("county-gjz")
            let home = try await county.get("/workbench").body.string
            #expect(home.contains("共 3 件待本机构审核"))
            #expect(home.contains("已超期 1 件"))
            #expect(home.contains("href=\"/reviews?kind=basic_info\">基本信息审核</a>"))
            #expect(home.contains("2 个工作日") && home.contains("5 个工作日"))
            // The sidebar's badges: 2 basic-info filings, one overdue (red); 1 annual report, none overdue.
            #expect(home.contains("基本信息审核<span class=\"badge badge-danger menu-badge\" title=\"待审核 2 件，已超期 1 件\""))
            #expect(home.contains("年报数据审核<span class=\"badge menu-badge\" title=\"待审核 1 件\""))
            // The badge is on every page, not only the workbench.
            let queue = try await county.get("/reviews?kind=basic_info").body.string
            #expect(queue.contains("title=\"待审核 2 件，已超期 1 件\""))

            let other = Browser(app, ip: "10.41.0.2")
            try await other.login("county-yb")
            let yubei = try await other.get("/workbench").body.string
            #expect(yubei.contains("共 1 件待本机构审核") && yubei.contains("已超期 1 件"))
            #expect(!yubei.contains("年报数据审核<span"))

            // The city has nothing waiting: no table, no badge.
            let city = Browser(app, ip: "10.41.0.3")
            try await city.login("city-dl")
            let cityHome = try await city.get("/workbench").body.string
            #expect(cityHome.contains("暂无待审核事项") && !cityHome.contains("menu-badge"))
            #expect(cityHome.contains("常用功能"))
        }
    }

    @Test("系统管理员修改审核时限后超期数随之变化；非法值不保存，其他角色打不开")
    func periodsSetting() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await Self.pending(app, enterprise: try fixtures.enterprise("e1"), kind: .basicInfo,
                                   reviewer: "county:210211", arrived: app.clock.now().addingTimeInterval(-10 * 86_400))
            let county = Browser(app, ip: "10.41.1.1")
            try await county.login("county-gjz")
            #expect(try await county.get("/workbench").body.string.contains("已超期 1 件"))
            #expect(try await county.get("/admin/review-periods").status != .ok)

            let admin = Browser(app, ip: "10.41.1.2")
            try await admin.login("admin")
            let form = try await admin.get("/admin/review-periods")
            #expect(form.status == .ok && form.body.string.contains("基本信息审核（工作日）"))
            var values = Dictionary(uniqueKeysWithValues: ReviewPeriods.kinds.map {
                ($0.rawValue, String(ReviewPeriods.standard.workingDays(for: $0)))
            })
            values["basic_info"] = "0"
            values["renewal"] = "abc"
            let refused = try await admin.post("/admin/review-periods", form: values)
            #expect(refused.status == .unprocessableEntity)
            #expect(Browser.fieldErrors(refused.body.string).count == 2)
            #expect(try await Setting.find(ReviewPeriodSettings.key, on: app.db) == nil)

            values["basic_info"] = "20"
            values["renewal"] = "10"
            let saved = try await admin.post("/admin/review-periods", form: values)
            #expect(saved.status == .seeOther)
            #expect(try await ReviewPeriodSettings.periods(on: app.db, logger: app.logger).workingDays(for: .basicInfo) == 20)
            let home = try await county.get("/workbench").body.string
            #expect(home.contains("20 个工作日") && !home.contains("已超期 1 件"))
            #expect(!home.contains("badge-danger menu-badge"))
        }
    }

    @Test("待办与消息：本机构未完成的待办（含悬浮提示）和未读消息出现在工作台与菜单角标上，他机构的不出现")
    func todosAndMessages() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let gjz = try #require(fixtures.organizations["county-gjz"])
            let national = try #require(fixtures.organizations["national"])
            let now = app.clock.now()
            let today = LocalDate(chinaTimeOf: now)
            for (title, days) in [("报送火炬统计年报", 2), ("报送孵化器评价表", 20)] {
                let todo = TodoRecord()
                todo.publisherOrgID = national
                todo.publisherUserID = try fixtures.user("national")
                todo.publisherName = "火炬中心"
                todo.title = title
                todo.description = "请按模板上传"
                todo.deadline = today.adding(days: days).description
                todo.audience = "区县级 · 全国"
                todo.createdAt = now
                try await todo.create(on: app.db)
                try await TodoPublishController.insert(recipients: [gjz], todo: try #require(todo.id), title: title,
                                                       publisher: "火炬中心", deadline: today.adding(days: days),
                                                       now: now, on: app.db)
            }

            let county = Browser(app, ip: "10.41.2.1")
            try await county.login("county-gjz")
            let home = try await county.get("/workbench").body.string
            // Both open, the nearer deadline first and marked 即将到期; the floating notice counts them.
            #expect(home.contains("2 项未完成") && home.contains("您有 2 项待办未完成"))
            let near = try #require(home.range(of: "报送火炬统计年报"))
            let far = try #require(home.range(of: "报送孵化器评价表"))
            #expect(near.lowerBound < far.lowerBound)
            #expect(home.contains("即将到期"))
            // Publishing messaged the organisation: 2 unread in 最新消息 and on the 我的消息 badge.
            #expect(home.contains("2 条未读") && home.contains("新待办：报送火炬统计年报"))
            #expect(home.contains("title=\"2 项待办未完成\"") && home.contains("title=\"2 条未读消息\""))

            let other = Browser(app, ip: "10.41.2.2")
            try await other.login("county-yb")
            let yubei = try await other.get("/workbench").body.string
            #expect(yubei.contains("暂无未完成的待办") && yubei.contains("暂无消息"))
            #expect(!yubei.contains("报送火炬统计年报") && !yubei.contains("todo-notice\""))
        }
    }
}
