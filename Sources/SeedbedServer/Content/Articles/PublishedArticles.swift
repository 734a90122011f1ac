import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// Public queries over published articles, in the public order: pinned first, newest first.
enum PublishedArticles {
    static func query(_ section: ArticleSection, search: String, on db: any Database) -> QueryBuilder<Article> {
        var query = Article.query(on: db).filter(\.$section == section)
            .filter(\.$status == .published)
        if !search.isEmpty { query = query.filter(\.$title ~~ search) }
        return query
    }

    static func page(_ section: ArticleSection, search: String, page: PageRequest, on db: any Database)
        async throws -> Paged<Article>
    {
        let total = try await query(section, search: search, on: db).count()
        let items = try await ordered(query(section, search: search, on: db))
            .range(page.offset..<(page.offset + page.per)).all()
        return Paged(items: items, info: PageInfo(page, total: total))
    }

    static func latest(_ section: ArticleSection, count: Int, on db: any Database) async throws -> [Article] {
        try await ordered(query(section, search: "", on: db)).limit(count).all()
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
