import Fluent
import SeedbedDomain
import Vapor

/// 内容管理 as a list: the page and its 导出 Excel. The national centre sees only the sections it edits.
struct ArticleList: ModelListDefinition {
    struct Filter: Sendable {
        let q: String
        let section: ArticleSection?
        let status: ArticleStatus?
    }

    static let id = "articles"
    let title = "内容管理"
    let roles = Access.contentEditors.roles
    var sections: [ArticleSection] = ArticleSection.allCases

    var columns: [ListColumn<Article>] {
        [
            ListColumn("标题", width: 40) { row, _ in .link(row.title, href: "/admin/content/\(row.id ?? 0)") },
            ListColumn("栏目", width: 10) { row, _ in .text(row.section.label) },
            ListColumn("状态", width: 8) { row, _ in .badge(row.status.label, tone: row.status.tone) },
            ListColumn("置顶", width: 6) { row, _ in .text(row.pinned ? "是" : "否") },
            ListColumn("发布单位", width: 20) { row, _ in .text(row.publisher) },
            ListColumn("发布时间", width: 20) { row, _ in row.publishedAt.map { .dateTime($0) } ?? .empty },
            ListColumn("更新时间", width: 20) { row, _ in .dateTime(row.updatedAt) },
        ]
    }

    func configured(for user: CurrentUser) -> ArticleList {
        var list = self
        list.sections = ArticleSection.editable(by: user.role)
        return list
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(q: queryText(query, "q", max: 100), section: query["section"].flatMap(ArticleSection.init(rawValue:)),
               status: query["status"].flatMap(ArticleStatus.init(rawValue:)))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("q", filter.q), ("section", filter.section?.rawValue ?? ""), ("status", filter.status?.rawValue ?? "")]
            .filter { !$0.1.isEmpty }
    }

    var newest: KeyPath<Article, FieldProperty<Article, Date>> { \.$updatedAt }

    func query(_ filter: Filter, on db: any Database) -> QueryBuilder<Article> {
        var query = Article.query(on: db).filter(\.$section ~~ sections)
        if !filter.q.isEmpty { query = query.filter(\.$title ~~ filter.q) }
        if let section = filter.section { query = query.filter(\.$section == section) }
        if let status = filter.status { query = query.filter(\.$status == status) }
        return query
    }
}
