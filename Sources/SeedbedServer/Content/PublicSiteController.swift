import Fluent
import Plot
import Vapor

/// The public site: home with its entrances and the content sections (通知公告, 政策文件, 操作说明, 金融超市).
/// Only published articles are shown; a draft or withdrawn article is 404 here, attachment included.
struct PublicSiteController: RouteCollection {
    /// The sections with a column on the home page.
    static let homeSections: [ArticleSection] = [.notices, .policies, .guides]
    static let homeColumnSize = 5

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
        for section in ArticleSection.allCases {
            let path = PathComponent(stringLiteral: section.rawValue)
            routes.get(path) { req async throws -> HTMLPage in try await list(req, section) }
            routes.get(path, ":id") { req async throws -> HTMLPage in try await detail(req, section) }
            routes.get(path, ":id", "attachment") { req async throws -> Response in try await attachment(req, section) }
        }
    }

    @Sendable func home(req: Request) async throws -> HTMLPage {
        var latest: [[Article]] = []
        for section in Self.homeSections {
            latest.append(try await PublishedArticles.latest(section, count: Self.homeColumnSize, on: req.db))
        }
        let context = try await req.pageContext()
        return HTMLPage(Layout.publicPage("首页", context, .group(hero(), entrances(context), columns(latest))))
    }

    private func list(_ req: Request, _ section: ArticleSection) async throws -> HTMLPage {
        let search = queryText(req.queryDictionary, "q", max: 100)
        let page = try await PublishedArticles.page(section, search: search, page: PageRequest(req), on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.publicPage(section.label, context, ContentViews.publicList(section, page: page,
                                                                                           search: search)))
    }

    private func detail(_ req: Request, _ section: ArticleSection) async throws -> HTMLPage {
        let article = try await PublishedArticles.find(section, id: try req.requireID(), on: req.db)
        var file: StoredFile?
        if let id = article.attachmentID { file = try await StoredFile.find(id, on: req.db) }
        let context = try await req.pageContext()
        return HTMLPage(Layout.publicPage(article.title, context,
                                          ContentViews.publicDetail(article, section: section, attachment: file)))
    }

    private func attachment(_ req: Request, _ section: ArticleSection) async throws -> Response {
        let article = try await PublishedArticles.find(section, id: try req.requireID(), on: req.db)
        guard let id = article.attachmentID, let file = try await StoredFile.find(id, on: req.db) else {
            throw AppError.notFound()
        }
        return try await req.files.download(file, for: req)
    }

    private func hero() -> Node<HTML.BodyContext> {
        .section(
            .class("hero"),
            .h1(.text(Layout.platformName)),
            .p(.text("服务科技管理部门、高新区与孵化器发现、评价、审核和培育科技型企业；服务企业注册、填报数据、查看积分与培育结果。"))
        )
    }

    private func entrances(_ context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("entrances"),
            .a(.class("entrance"), .href(context.user == nil ? "/login" : Page.workbench.path),
               .h2(.text("企业业务")),
               .p(.text("企业注册与登录、基本信息填报、积分数据填报、积分结果查询、创新积分应用"))),
            .a(.class("entrance"), .href(context.user == nil ? "/login" : Page.workbench.path),
               .h2(.text("管理部门业务")),
               .p(.text("科技管理部门、高新区、孵化器：企业总览、审核、查询统计、培育库、待办事项")))
        )
    }

    private func columns(_ latest: [[Article]]) -> Node<HTML.BodyContext> {
        .section(
            .class("columns"),
            .forEach(Array(zip(Self.homeSections, latest))) { section, articles in
                ContentViews.homeColumn(section, articles: articles)
            }
        )
    }
}
