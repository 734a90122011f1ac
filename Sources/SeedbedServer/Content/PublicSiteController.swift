import Fluent
import Plot
import Vapor

/// The public site: home with its entrances (企业认定查询, 数字化水平评测, 创客大赛, 企业申报), the 部级 and 省级
/// announcements and the content sections (通知公告, 政策文件, 操作说明, 金融超市, 常见问题).
/// Only published articles are shown; a draft or withdrawn article is 404 here, attachment included.
struct PublicSiteController: RouteCollection {
    /// The columns of the home page: announcements by level, then the other sections.
    static let homeColumns: [(section: ArticleSection, level: ArticleLevel?)] = [
        (.notices, .ministry), (.notices, .province), (.policies, nil), (.guides, nil),
    ]
    static let homeColumnSize = 5

    func boot(routes: any RoutesBuilder) throws {
        // Home, lists and articles show published content only: an anonymous visitor gets them from the public
        // page cache until the content version moves (PublicPageCache).
        routes.cachedForVisitors(use: home)
        // 金融超市 is the banks' product list now (FinanceMarketController); the old finance section has no pages.
        for section in ArticleSection.allCases where section != .finance {
            let path = PathComponent(stringLiteral: section.rawValue)
            routes.cachedForVisitors(path) { req async throws -> HTMLPage in try await list(req, section) }
            routes.cachedForVisitors(path, ":id") { req async throws -> HTMLPage in try await detail(req, section) }
            routes.get(path, ":id", "attachment") { req async throws -> Response in try await attachment(req, section) }
        }
    }

    @Sendable func home(req: Request) async throws -> HTMLPage {
        var latest: [[Article]] = []
        for column in Self.homeColumns {
            latest.append(try await PublishedArticles.latest(column.section, count: Self.homeColumnSize,
                                                             level: column.level, on: req.db))
        }
        let maker = try await MakerContest.load(on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.publicPage("首页", context, .group(
            hero(), entrances(context), PortalViews.cultivationEntrances(makerContest: maker), columns(latest))))
    }

    /// The list's filter from the address: a search text, and for announcements a level and a province (a code
    /// that is not a province is ignored).
    static func filter(_ section: ArticleSection, query: [String: String]) -> PublishedArticles.Filter {
        var filter = PublishedArticles.Filter(search: queryText(query, "q", max: 100))
        guard section == .notices else { return filter }
        filter.level = query["level"].flatMap(ArticleLevel.init(rawValue:))
        if filter.level == .province, let code = query["province"], ArticleLevel.province(code) != nil {
            filter.province = code
        }
        return filter
    }

    private func list(_ req: Request, _ section: ArticleSection) async throws -> HTMLPage {
        let filter = Self.filter(section, query: req.queryDictionary)
        let page = try await PublishedArticles.page(section, filter: filter, page: PageRequest(req), on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.publicPage(ContentViews.listTitle(section, filter: filter), context,
                                          ContentViews.publicList(section, page: page, filter: filter)))
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
            .forEach(Array(zip(Self.homeColumns, latest))) { column, articles in
                ContentViews.homeColumn(column.section, level: column.level, articles: articles)
            }
        )
    }
}
