import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("内容管理与门户栏目")
struct ContentTests {
    static func article(_ section: String = "notices", title: String, body: String = "第一段。\n\n第二段。")
        -> [String: String]
    {
        ["section": section, "title": title, "body": body, "publisher": "平台运营单位"]
    }

    /// Creates a draft through the admin form and returns its id.
    static func createDraft(_ browser: Browser, _ form: [String: String]) async throws -> Int {
        let response = try await browser.post("/admin/content", form: form, csrfFrom: "/admin/content/new")
        #expect(response.status == .seeOther, "\(Browser.fieldErrors(response.body.string))")
        let id = try #require(Int(response.location.replacingOccurrences(of: "/admin/content/", with: "")))
        return id
    }

    static func publicGet(_ app: Application, _ path: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.GET, path)
    }

    @Test("草稿对公众不可见；发布后出现在栏目列表、详情和首页；撤回后消失")
    func draftPublishWithdraw() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let title = "关于开展年度积分填报的通知"
            let id = try await Self.createDraft(admin, Self.article(title: title))
            #expect(try await Article.find(id, on: app.db)?.status == .draft)

            #expect(try await Self.publicGet(app, "/notices").body.string.contains(title) == false)
            #expect(try await Self.publicGet(app, "/notices/\(id)").status == .notFound)
            #expect(try await Self.publicGet(app, "/").body.string.contains(title) == false)

            let published = try await admin.post("/admin/content/\(id)/publish", form: [:], csrfFrom: "/admin/content/\(id)")
            #expect(published.status == .seeOther)
            let list = try await Self.publicGet(app, "/notices")
            #expect(list.body.string.contains(title))
            let detail = try await Self.publicGet(app, "/notices/\(id)")
            #expect(detail.status == .ok)
            #expect(detail.body.string.contains("<p>第一段。</p>") && detail.body.string.contains("<p>第二段。</p>"))
            #expect(detail.body.string.contains("平台运营单位"))
            #expect(try await Self.publicGet(app, "/").body.string.contains(title))
            #expect(try await Self.publicGet(app, "/policies/\(id)").status == .notFound, "only under its own section")
            #expect(try await Self.publicGet(app, "/notices?q=年度积分").body.string.contains(title))
            #expect(try await Self.publicGet(app, "/notices?q=不存在的标题").body.string.contains(title) == false)

            let ask = try await admin.post("/admin/content/\(id)/withdraw", form: [:], csrfFrom: "/admin/content/\(id)")
            #expect(ask.status == .ok)
            #expect(ask.body.string.contains("确定撤回"))
            #expect(try await Article.find(id, on: app.db)?.status == .published, "nothing happens before confirmation")
            let withdrawn = try await admin.post("/admin/content/\(id)/withdraw", form: ["confirmed": "1"],
                                                 csrfFrom: "/admin/content/\(id)")
            #expect(withdrawn.status == .seeOther)
            #expect(try await Self.publicGet(app, "/notices").body.string.contains(title) == false)
            #expect(try await Self.publicGet(app, "/notices/\(id)").status == .notFound)
            #expect(try await Self.publicGet(app, "/").body.string.contains(title) == false)
            let audited = try await AuditEntry.query(on: app.db).filter(\.$targetType == "article").all().compactMap(\.detail)
            #expect(audited.contains { $0.hasPrefix("发布") } && audited.contains { $0.hasPrefix("撤回") })
        }
    }

    @Test("必填项与长度校验在表单中就地提示，不保存任何内容")
    func validation() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let empty = try await admin.post("/admin/content", form: ["section": "notices", "title": "", "body": " ",
                                                                      "publisher": "平台运营单位"],
                                             csrfFrom: "/admin/content/new")
            #expect(empty.status == .unprocessableEntity)
            let errors = Browser.fieldErrors(empty.body.string)
            #expect(errors.contains("请填写标题") && errors.contains("请填写正文"))
            let long = try await admin.post("/admin/content", form: Self.article(title: String(repeating: "长", count: 101)),
                                            csrfFrom: "/admin/content/new")
            #expect(Browser.fieldErrors(long.body.string).contains("标题不能超过 100 字"))
            // Finance products are the banks' own (金融超市): the old finance section takes no new article.
            let finance = try await admin.post("/admin/content", form: Self.article("finance", title: "科创贷"),
                                               csrfFrom: "/admin/content/new")
            #expect(Browser.fieldErrors(finance.body.string).contains("请选择栏目"))
            #expect(try await Article.query(on: app.db).count() == 0)
        }
    }

    @Test("企业与区县用户不能进入内容管理；火炬中心只能管理通知公告和政策文件")
    func editorsOnly() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            for account in ["ent-e1", "county-gjz"] {
                let browser = Browser(app)
                try await browser.login(account)
                #expect(try await browser.get("/admin/content").status == .forbidden, "\(account)")
                #expect(!(try await browser.get("/workbench").body.string.contains(">内容管理<")))
            }
            let admin = Browser(app)
            try await admin.login("admin")
            #expect(try await admin.get("/workbench").body.string.contains(">内容管理<"))
            let guide = try await Self.createDraft(admin, Self.article("guides", title: "注册操作说明"))
            let national = Browser(app)
            try await national.login("national")
            let page = try await national.get("/admin/content")
            #expect(page.status == .ok)
            #expect(!page.body.string.contains("注册操作说明"))
            #expect(try await national.get("/admin/content/\(guide)").status == .notFound)
            let refused = try await national.post("/admin/content", form: Self.article("guides", title: "火炬中心写的说明"),
                                                  csrfFrom: "/admin/content/new")
            #expect(Browser.fieldErrors(refused.body.string).contains("请选择栏目"))
            let notice = try await Self.createDraft(national, Self.article(title: "火炬中心通知"))
            #expect(try await Article.find(notice, on: app.db)?.section == .notices)
            #expect(try await national.get("/admin/content/showcase").status == .forbidden)
        }
    }

    @Test("删除需先确认并写入审计；已发布的内容须先撤回才能删除")
    func deleteNeedsConfirmation() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let id = try await Self.createDraft(admin, Self.article("policies", title: "待删除的政策"))
            _ = try await admin.post("/admin/content/\(id)/publish", form: [:], csrfFrom: "/admin/content/\(id)")
            let refused = try await admin.post("/admin/content/\(id)/delete", form: ["confirmed": "1"],
                                               csrfFrom: "/admin/content/\(id)")
            #expect(refused.status == .seeOther)
            #expect(try await Article.find(id, on: app.db) != nil, "a published article is withdrawn first")
            _ = try await admin.post("/admin/content/\(id)/withdraw", form: ["confirmed": "1"], csrfFrom: "/admin/content/\(id)")
            let ask = try await admin.post("/admin/content/\(id)/delete", form: [:], csrfFrom: "/admin/content/\(id)")
            #expect(ask.status == .ok)
            #expect(ask.body.string.contains("确定删除"))
            #expect(try await Article.find(id, on: app.db) != nil, "nothing happens before confirmation")
            let deleted = try await admin.post("/admin/content/\(id)/delete", form: ["confirmed": "1"],
                                               csrfFrom: "/admin/content/\(id)")
            #expect(deleted.location == "/admin/content")
            #expect(try await Article.find(id, on: app.db) == nil)
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.delete.rawValue)
                .filter(\.$targetType == "article").first())
            #expect(entry.targetID == String(id))
            #expect(entry.detail?.contains("待删除的政策") == true)
        }
    }

    @Test("平台展示页默认显示平台说明，管理员修改后显示修改后的概念介绍与成效意义")
    func showcaseText() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let before = try await Self.publicGet(app, "/showcase")
            #expect(before.body.string.contains("企业创新积分制是以企业创新能力为核心"))
            let admin = Browser(app)
            try await admin.login("admin")
            let form = try await admin.get("/admin/content/showcase")
            #expect(form.body.string.contains("企业创新积分制是以企业创新能力为核心"), "pre-filled with the current text")
            let empty = try await admin.post("/admin/content/showcase", form: ["concept": "", "significance": "意义"],
                                             csrfFrom: "/admin/content/showcase")
            #expect(Browser.fieldErrors(empty.body.string).contains("请填写概念介绍"))
            let saved = try await admin.post("/admin/content/showcase", form: [
                "concept": "创新积分是衡量企业创新能力的尺子。\n\n按阶段比较。", "significance": "让数据说话，<b>精准</b>培育。",
            ], csrfFrom: "/admin/content/showcase")
            #expect(saved.status == .seeOther)
            let after = try await Self.publicGet(app, "/showcase").body.string
            #expect(after.contains("<p>创新积分是衡量企业创新能力的尺子。</p>") && after.contains("<p>按阶段比较。</p>"))
            #expect(after.contains("&lt;b&gt;精准&lt;/b&gt;"))
            #expect(!after.contains("企业创新积分制是以企业创新能力为核心"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$targetType == "showcase").count() == 1)
        }
    }

    @Test("正文中的 <script> 按文字显示，不会被当作网页代码执行")
    func bodyIsEscaped() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let id = try await Self.createDraft(admin, Self.article(title: "\"><script>alert(1)</script>标题",
                                                                    body: "正文<script>alert('x')</script>\n第二行"))
            _ = try await admin.post("/admin/content/\(id)/publish", form: [:], csrfFrom: "/admin/content/\(id)")
            let detail = try await Self.publicGet(app, "/notices/\(id)").body.string
            #expect(!detail.contains("<script>alert"))
            #expect(detail.contains("正文&lt;script&gt;alert"))
            #expect(detail.contains("<br/>第二行") || detail.contains("<br>第二行"))
            #expect(!(try await Self.publicGet(app, "/notices").body.string.contains("<script>alert")))
            #expect(!(try await admin.get("/admin/content").body.string.contains("<script>alert")))
            let form = try await admin.get("/admin/content/\(id)").body.string
            #expect(!form.contains("<script>alert"), "the title in the input value and the confirm text stays inside its attribute")
            #expect(form.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;标题\""))
            let reflected = try await Self.publicGet(app, "/notices?q=%22%3E%3Cscript%3Ealert(2)%3C/script%3E").body.string
            #expect(!reflected.contains("<script>alert(2)"), "a search term is shown, never run")
        }
    }

    @Test("附件随内容发布才能下载，草稿的附件对公众 404；不支持的文件类型就地提示")
    func attachment() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let wrong = try await admin.upload("/admin/content", form: Self.article("policies", title: "带附件的政策"),
                                               file: ("attachment", "附件.exe", Data("MZ not a document".utf8)),
                                               csrfFrom: "/admin/content/new")
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("无法识别的文件类型"))
            #expect(try await Article.query(on: app.db).count() == 0)
            let created = try await admin.upload("/admin/content", form: Self.article("policies", title: "带附件的政策"),
                                                 file: ("attachment", "政策原文.pdf", Data("%PDF-1.4 policy".utf8)),
                                                 csrfFrom: "/admin/content/new")
            #expect(created.status == .seeOther, "\(Browser.fieldErrors(created.body.string))")
            let article = try #require(try await Article.query(on: app.db).first())
            let id = try #require(article.id)
            #expect(article.attachmentID != nil)
            #expect(try await Self.publicGet(app, "/policies/\(id)/attachment").status == .notFound)
            _ = try await admin.post("/admin/content/\(id)/publish", form: [:], csrfFrom: "/admin/content/\(id)")
            let detail = try await Self.publicGet(app, "/policies/\(id)").body.string
            #expect(detail.contains("/policies/\(id)/attachment") && detail.contains("政策原文.pdf"))
            let download = try await Self.publicGet(app, "/policies/\(id)/attachment")
            #expect(download.status == .ok)
            #expect(download.body.string.hasPrefix("%PDF-1.4"))
            #expect(try await Self.publicGet(app, "/notices/\(id)/attachment").status == .notFound)
        }
    }

    @Test("管理列表按标题、栏目、状态筛选并分页，导出 Excel 与列表同一定义且记审计")
    func adminListAndExport() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            try await ContentDemo.ensure(on: app.db, now: app.clock.now())
            let admin = Browser(app)
            try await admin.login("admin")
            let guides = try await admin.get("/admin/content?section=guides").body.string
            #expect(guides.contains("积分数据填报操作说明") && !guides.contains("平台系统升级维护公告"))
            let search = try await admin.get("/admin/content?q=维护").body.string
            #expect(search.contains("平台系统升级维护公告") && !search.contains("积分数据填报操作说明"))
            #expect(!(try await admin.get("/admin/content?status=draft").body.string.contains("积分数据填报操作说明")))
            let paged = try await admin.get("/admin/content?per=5&page=2").body.string
            #expect(paged.contains("第 2/\((ContentDemo.items.count + 4) / 5) 页"))
            let export = try await admin.post("/exports/articles?section=guides", form: [:])
            #expect(export.status == .ok)
            #expect(export.headers.contentType == .xlsx)
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.export.rawValue)
                .filter(\.$targetType == "articles").first())
            #expect(entry.detail?.contains("section=guides") == true)
        }
    }

    @Test("演示内容：各栏目都有已发布文章，置顶在前，首页栏目最多 5 条；金融超市不再是文章栏目")
    func demoContent() async throws {
        try await withSeedbedApp { app in
            try await ContentDemo.ensure(on: app.db, now: app.clock.now())
            try await ContentDemo.ensure(on: app.db, now: app.clock.now())
            #expect(try await Article.query(on: app.db).count() == ContentDemo.items.count, "loaded once")
            for section in ArticleSection.allCases where section != .finance {
                let page = try await Self.publicGet(app, "/\(section.rawValue)")
                #expect(page.status == .ok)
                #expect(!page.body.string.contains(section.emptyText), "\(section)")
            }
            let notices = try await Self.publicGet(app, "/notices").body.string
            let pinned = try #require(notices.range(of: "关于开展2025年度企业创新积分数据填报工作的通知"))
            let older = try #require(notices.range(of: "平台系统升级维护公告"))
            #expect(pinned.lowerBound < older.lowerBound)
            #expect(try await Article.query(on: app.db).filter(\.$section == .finance).count() == 0)
            for index in 0..<4 {
                let extra = Article()
                extra.section = .notices
                extra.title = "补充通知\(index)"
                extra.body = "正文"
                extra.publisher = "平台运营单位"
                extra.status = .published
                extra.publishedAt = app.clock.now()
                extra.pinned = false
                extra.createdAt = app.clock.now()
                extra.updatedAt = app.clock.now()
                try await extra.create(on: app.db)
            }
            let home = try await Self.publicGet(app, "/").body.string
            #expect(home.contains("补充通知3") && home.contains("关于开展2025年度企业创新积分数据填报工作的通知"))
            #expect(!home.contains("关于发布2024年度创新积分优秀企业榜单的公告"), "only the latest 5 per column")
            #expect(home.contains(#"href="/notices""#) && home.contains("更多"))
        }
    }
}
