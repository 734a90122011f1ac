import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The public side of gradient cultivation (M1): announcements by level and province with 更多 and search,
/// 企业认定查询, the 创客大赛 link, the 数字化水平评测 and 企业申报 entrances, and 常见问题 (M9).
@Suite("门户：部级与省级公告、企业认定查询、常见问题")
struct PortalTests {
    static func notice(_ title: String, level: ArticleLevel, region: String = "", body: String = "正文。") -> [String: String] {
        ["section": "notices", "title": title, "body": body, "publisher": "平台运营单位", "level": level.rawValue,
         "region": region]
    }

    /// Creates and publishes an article through the admin pages.
    static func publish(_ admin: Browser, _ form: [String: String]) async throws -> Int {
        let id = try await ContentTests.createDraft(admin, form)
        let published = try await admin.post("/admin/content/\(id)/publish", form: [:], csrfFrom: "/admin/content/\(id)")
        #expect(published.status == .seeOther)
        return id
    }

    /// The home page's column whose heading is `title`, up to the next column.
    static func column(_ html: String, _ title: String) -> String {
        guard let start = html.range(of: ">\(title)</a>") else { return "" }
        let rest = html[start.upperBound...]
        let end = rest.range(of: "class=\"column card\"")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test("公告分部级与省级：首页两栏各自显示，更多页可按级别、省份筛选并按标题或正文搜索；省级公告须选省份")
    func announcementsByLevel() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let ministry = "工业和信息化部关于开展优质中小企业梯度培育工作的通知"
            let liaoning = "辽宁省2026年创新型中小企业评价工作通知"
            let chongqing = "重庆市专精特新中小企业认定申报指南"
            _ = try await Self.publish(admin, Self.notice(ministry, level: .ministry, body: "请各地组织开展梯度培育。"))
            _ = try await Self.publish(admin, Self.notice(liaoning, level: .province, region: "210000",
                                                          body: "申报材料含数字化水平评测结果。"))
            _ = try await Self.publish(admin, Self.notice(chongqing, level: .province, region: "500000"))

            // A 省级 notice without a province is refused and nothing is written.
            let before = try await Article.query(on: app.db).count()
            let refused = try await admin.post("/admin/content", form: Self.notice("缺省份的省级公告", level: .province),
                                               csrfFrom: "/admin/content/new")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("省级公告请选择所属省份"))
            #expect(try await Article.query(on: app.db).count() == before)

            let home = try await ContentTests.publicGet(app, "/").body.string
            let ministryColumn = Self.column(home, "部级公告")
            let provinceColumn = Self.column(home, "省级公告")
            #expect(ministryColumn.contains(ministry) && !ministryColumn.contains(liaoning))
            #expect(provinceColumn.contains(liaoning) && provinceColumn.contains(chongqing) && !provinceColumn.contains(ministry))
            #expect(provinceColumn.contains("辽宁省"), "the province is named beside a provincial notice")
            #expect(home.contains("href=\"/notices?level=ministry\"") && home.contains("href=\"/notices?level=province\""))

            let ministryList = try await ContentTests.publicGet(app, "/notices?level=ministry").body.string
            #expect(ministryList.contains(ministry) && !ministryList.contains(liaoning) && !ministryList.contains(chongqing))
            let provinceList = try await ContentTests.publicGet(app, "/notices?level=province").body.string
            #expect(provinceList.contains(liaoning) && provinceList.contains(chongqing) && !provinceList.contains(ministry))
            let lnOnly = try await ContentTests.publicGet(app, "/notices?level=province&province=210000").body.string
            #expect(lnOnly.contains(liaoning) && !lnOnly.contains(chongqing))
            #expect(lnOnly.contains("辽宁省省级公告"))
            // Search reads the body too; a province code that is no province is ignored, not an error.
            let byBody = try await ContentTests.publicGet(app, "/notices?q=数字化水平评测").body.string
            #expect(byBody.contains(liaoning) && !byBody.contains(ministry) && !byBody.contains(chongqing))
            let odd = try await ContentTests.publicGet(app, "/notices?level=province&province=999999")
            #expect(odd.status == .ok && odd.body.string.contains(chongqing))
            let none = try await ContentTests.publicGet(app, "/notices?level=ministry&q=不存在的内容").body.string
            #expect(none.contains("没有符合条件的内容"))
        }
    }

    @Test("公告更多页分页；迁移前的文章读作部级公告")
    func paginationAndOldArticles() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let now = app.clock.now()
            for index in 1...23 {
                let article = Article()
                article.section = .notices
                article.title = "部级公告第\(index)号"
                article.body = "正文"
                article.publisher = "工业和信息化部"
                article.status = .published
                article.publishedAt = now.addingTimeInterval(Double(index) * 60)
                article.pinned = false
                article.createdAt = now
                article.updatedAt = now
                try await article.create(on: app.db)
            }
            // A row as written before levels existed: the column defaults make it 部级 with no province.
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("""
                INSERT INTO articles (section, title, body, publisher, status, published_at, pinned, created_at, updated_at) \
                VALUES ('notices', '旧公告', '正文', '平台运营单位', 'published', \(bind: now), \(bind: false), \(bind: now), \(bind: now))
                """).run()
            let old = try #require(try await Article.query(on: app.db).filter(\.$title == "旧公告").first())
            #expect(old.level == .ministry && old.region == "")

            let first = try await ContentTests.publicGet(app, "/notices?level=ministry").body.string
            #expect(first.contains("共 24 条"))
            #expect(first.contains("部级公告第23号") && !first.contains("部级公告第3号<"))
            let second = try await ContentTests.publicGet(app, "/notices?level=ministry&page=2").body.string
            #expect(second.contains("部级公告第3号") && second.contains("旧公告"))
            #expect(second.contains("level=ministry&amp;page=1") || second.contains("level=ministry&page=1"),
                    "the pagination keeps the level")
        }
    }

    /// e1's recognitions: 专精特新中小企业 granted today (valid 3 years) and an expired 创新型中小企业. Returns the
    /// current certificate's number.
    @discardableResult
    static func recognitions(_ app: Application, _ fixtures: Fixtures) async throws -> String {
        let enterprise = try #require(try await Enterprise.find(try fixtures.enterprise("e1"), on: app.db))
        let granted = try await CultivationRecognitions.grant(.specializedSME, to: enterprise, filingID: nil, on: app.db,
                                                             now: app.clock.now())
        let old = CultivationRecognition()
        old.enterpriseID = try #require(enterprise.id)
        old.regionCode = enterprise.regionCode
        old.kind = .innovativeSME
        old.certificateNo = "CX21202000009"
        old.issuedOn = "2020-05-01"
        old.validUntil = "2023-04-30"
        old.source = "import"
        old.status = .valid
        old.createdAt = app.clock.now()
        old.updatedAt = app.clock.now()
        try await old.create(on: app.db)
        return granted.certificateNo
    }

    static func resultSection(_ html: String) -> String {
        guard let start = html.range(of: "query-result") else { return "" }
        return String(html[start.lowerBound...])
    }

    @Test("企业认定查询：名称与代码一致时只显示当前有效的认定；不一致或不存在时答复相同")
    func recognitionQuery() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let certificate = try await Self.recognitions(app, fixtures)
            let visitor = Browser(app)
            let name = try #require(Fixtures.enterpriseCodes["e1"]?.name)
            let code = Fixtures.uscc(region: "210211", serial: "e1")

            let found = try await visitor.post("/recognition-query", form: ["name": name, "uscc": code])
            #expect(found.status == .ok)
            let result = Self.resultSection(found.body.string)
            #expect(result.contains("专精特新中小企业") && result.contains(certificate))
            #expect(!result.contains("CX21202000009"), "an expired recognition is not shown")
            #expect(!result.contains("未查询到认定信息"))
            #expect(Browser.extractAll("(<tr)", from: result).count == 2, "one heading row and the one current recognition")

            // The code typed with spaces around it still matches.
            let spaced = try await visitor.post("/recognition-query", form: ["name": name, "uscc": " " + code + " "])
            #expect(Self.resultSection(spaced.body.string).contains(certificate))

            let e2Name = try #require(Fixtures.enterpriseCodes["e2"]?.name)
            let mismatch = try await visitor.post("/recognition-query", form: ["name": e2Name, "uscc": code])
            let unknown = try await visitor.post("/recognition-query",
                                                 form: ["name": "不存在的企业有限公司", "uscc": Fixtures.uscc(region: "210211", serial: "zz")])
            let garbage = try await visitor.post("/recognition-query", form: ["name": name, "uscc": "not-a-code"])
            for response in [mismatch, unknown, garbage] {
                #expect(response.status == .ok)
                let section = Self.resultSection(response.body.string)
                #expect(section.contains("未查询到认定信息"))
                #expect(!section.contains(certificate))
            }
            let emptyShape = { (html: String) in
                Self.resultSection(html).replacingOccurrences(of: #"value="[^"]*""#, with: "", options: .regularExpression)
            }
            #expect(emptyShape(mismatch.body.string) == emptyShape(unknown.body.string),
                    "a mismatching pair and an unknown code answer alike")

            let blank = try await visitor.post("/recognition-query", form: ["name": "", "uscc": code])
            #expect(blank.status == .unprocessableEntity)
            #expect(blank.body.string.contains("请填写企业名称和统一社会信用代码"))
        }
    }

    @Test("企业认定查询须填验证码：错误或缺少验证码不查询，正确验证码返回结果")
    func recognitionQueryNeedsCaptcha() async throws {
        try await withSeedbedApp({ $0.captchaEnabled = true }) { app in
            let fixtures = try await Fixtures.make(app)
            let certificate = try await Self.recognitions(app, fixtures)
            let visitor = Browser(app)
            let name = try #require(Fixtures.enterpriseCodes["e1"]?.name)
            let code = Fixtures.uscc(region: "210211", serial: "e1")
            func captcha() async throws -> (id: String, answer: String) {
                let page = try await visitor.get("/recognition-query")
                let id = try #require(Browser.extract(#"name="captchaID" value="([^"]+)""#, from: page.body.string))
                let challenge = try #require(try await CaptchaChallenge.find(id, on: app.db))
                return (id, challenge.answer)
            }
            let missing = try await visitor.post("/recognition-query", form: ["name": name, "uscc": code],
                                                 csrfFrom: "/recognition-query")
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.string.contains("验证码错误或已过期"))
            #expect(!missing.body.string.contains(certificate))

            let wrong = try await captcha()
            let refused = try await visitor.post("/recognition-query", form: [
                "name": name, "uscc": code, "captchaID": wrong.id, "captcha": "ZZZZ"], csrfFrom: "/recognition-query")
            #expect(refused.status == .unprocessableEntity && !refused.body.string.contains(certificate))

            let right = try await captcha()
            let answered = try await visitor.post("/recognition-query", form: [
                "name": name, "uscc": code, "captchaID": right.id, "captcha": right.answer], csrfFrom: "/login")
            #expect(answered.status == .ok)
            #expect(Self.resultSection(answered.body.string).contains(certificate))
            // Each captcha is good for one query.
            let replay = try await visitor.post("/recognition-query", form: [
                "name": name, "uscc": code, "captchaID": right.id, "captcha": right.answer], csrfFrom: "/login")
            #expect(replay.status == .unprocessableEntity)
        }
    }

    @Test("企业认定查询按来源地址限流")
    func recognitionQueryIsRateLimited() async throws {
        try await withSeedbedApp({ $0.anonymousFormsPerHour = 3 }) { app in
            _ = try await Fixtures.make(app)
            let visitor = Browser(app, ip: "10.9.9.9")
            let form = ["name": "某企业", "uscc": Fixtures.uscc(region: "210211", serial: "e1")]
            for _ in 0..<3 { #expect(try await visitor.post("/recognition-query", form: form).status == .ok) }
            let refused = try await visitor.post("/recognition-query", form: form)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.string.contains("操作过于频繁"))
            let other = Browser(app, ip: "10.9.9.10")
            #expect(try await other.post("/recognition-query", form: form).status == .ok)
        }
    }

    @Test("首页入口：数字化水平评测未登录转登录，创客大赛为站外链接且可配置，企业申报入口")
    func homeEntrances() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let home = try await ContentTests.publicGet(app, "/").body.string
            #expect(home.contains("href=\"/recognition-query\"") && home.contains("href=\"/my/digital\"")
                    && home.contains("href=\"/apply\""))
            #expect(home.contains("href=\"\(MakerContest.standard)\""))
            #expect(home.contains("rel=\"noopener noreferrer\"") && home.contains("target=\"_blank\""))
            #expect(home.contains("即将离开本平台"))
            let digital = try await Browser(app).get("/my/digital")
            #expect(digital.status == .seeOther && digital.location.hasPrefix("/login"))
            #expect(try await ContentTests.publicGet(app, "/apply").status == .ok)

            let admin = Browser(app)
            try await admin.login("admin")
            let form = ["concept": "概念", "significance": "意义"]
            let bad = try await admin.post("/admin/content/showcase", form: form.merging(["makerContest": "javascript:alert(1)"]) { a, _ in a },
                                           csrfFrom: "/admin/content/showcase")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("请填写以 https:// 或 http:// 开头的完整网址"))
            #expect(try await MakerContest.load(on: app.db) == MakerContest.standard)
            let saved = try await admin.post("/admin/content/showcase",
                                             form: form.merging(["makerContest": "https://maker.example.cn/2026"]) { a, _ in a },
                                             csrfFrom: "/admin/content/showcase")
            #expect(saved.status == .seeOther)
            let after = try await ContentTests.publicGet(app, "/").body.string
            #expect(after.contains("href=\"https://maker.example.cn/2026\"") && after.contains("maker.example.cn（新窗口打开）"))
        }
    }

    @Test("企业申报入口只列出申报时间内开放省份的城市，选择城市未登录时先登录")
    func applyEntryOffersOpenPlacesOnly() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let today = LocalDate(chinaTimeOf: app.clock.now())
            for (prefix, opens, closes) in [("21", today.adding(days: -1), today.adding(days: 10)),
                                            ("50", today.adding(days: -30), today.adding(days: -1))] {
                let window = ApplicationWindow()
                window.kind = .innovativeSMEApplication
                window.regionPrefix = prefix
                window.opensOn = opens.description
                window.closesOn = closes.description
                window.createdBy = try fixtures.user("admin")
                window.createdAt = app.clock.now()
                window.updatedAt = app.clock.now()
                try await window.create(on: app.db)
            }
            let page = try await ContentTests.publicGet(app, "/apply").body.string
            let link = ApplyEntryController.link(level: FilingKind.innovativeSMEApplication.rawValue, city: "210200")
            #expect(page.contains("辽宁省") && page.contains("大连市"))
            #expect(page.contains(link.replacingOccurrences(of: "&", with: "&amp;")) || page.contains(link))
            #expect(!page.contains("重庆市") && !page.contains("渝北区"), "a closed window offers no place")
            let visitor = try await Browser(app).get(link)
            #expect(visitor.status == .seeOther && visitor.location.hasPrefix("/login"))
        }
    }

    @Test("常见问题由内容管理维护：平台管理员发布后公众可见，火炬中心不能编辑该栏目")
    func faqIsContent() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let question = "数字化水平评测可以多次答题吗？"
            let id = try await Self.publish(admin, ContentTests.article("faq", title: question,
                                                                        body: "可以，以最近一次完成的评测为准。"))
            let faq = try await ContentTests.publicGet(app, "/faq").body.string
            #expect(faq.contains(question) && faq.contains("以最近一次完成的评测为准"))
            #expect(try await ContentTests.publicGet(app, "/faq/\(id)").status == .ok)
            #expect(try await ContentTests.publicGet(app, "/notices/\(id)").status == .notFound)

            let national = Browser(app)
            try await national.login("national")
            let refused = try await national.post("/admin/content", form: ContentTests.article("faq", title: "火炬中心的问题"),
                                                  csrfFrom: "/admin/content/new")
            #expect(refused.status == .unprocessableEntity)
            #expect(try await Article.query(on: app.db).filter(\.$title == "火炬中心的问题").count() == 0)
        }
    }
}
