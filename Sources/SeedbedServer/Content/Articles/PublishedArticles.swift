import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// Public queries over published articles, in the public order: pinned first, newest first.
enum PublishedArticles {
    /// Which published articles a list shows: a search over title and body, and for announcements a level and,
    /// for 省级, a province.
    struct Filter: Sendable, Equatable {
        var search = ""
        var level: ArticleLevel?
        /// A province's 6-digit code (only with level 省级); empty for every province.
        var province = ""
    }

    static func query(_ section: ArticleSection, filter: Filter, on db: any Database) -> QueryBuilder<Article> {
        var query = Article.query(on: db).filter(\.$section == section)
            .filter(\.$status == .published)
        if !filter.search.isEmpty {
            query = query.group(.or) { group in
                group.filter(\.$title ~~ filter.search)
                group.filter(\.$body ~~ filter.search)
            }
        }
        if let level = filter.level { query = query.filter(\.$level == level) }
        if filter.level == .province, !filter.province.isEmpty { query = query.filter(\.$region == filter.province) }
        return query
    }

    static func page(_ section: ArticleSection, filter: Filter, page: PageRequest, on db: any Database)
        async throws -> Paged<Article>
    {
        let total = try await query(section, filter: filter, on: db).count()
        let items = try await ordered(query(section, filter: filter, on: db))
            .range(page.offset..<(page.offset + page.per)).all()
        return Paged(items: items, info: PageInfo(page, total: total))
    }

    static func latest(_ section: ArticleSection, count: Int, level: ArticleLevel? = nil, on db: any Database)
        async throws -> [Article]
    {
        try await ordered(query(section, filter: Filter(level: level), on: db)).limit(count).all()
    }

    /// A published article of the section; drafts, withdrawn articles and other sections are 404 to the public.
    static func find(_ section: ArticleSection, id: Int, on db: any Database) async throws -> Article {
        guard let article = try await Article.find(id, on: db), article.section == section,
              article.isPublished
        else { throw AppError.notFound() }
        return article
    }

    private static func ordered(_ query: QueryBuilder<Article>) -> QueryBuilder<Article> {
        query.sort(\.$pinned, .descending).sort(\.$publishedAt, .descending).sort(\.$id, .descending)
    }
}
