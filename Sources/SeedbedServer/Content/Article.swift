import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// The four public content sections. The raw value is stored and is the public path.
enum ArticleSection: String, Sendable, CaseIterable {
    case notices, policies, guides, finance

    var label: String {
        switch self {
        case .notices: "通知公告"
        case .policies: "政策文件"
        case .guides: "操作说明"
        case .finance: "金融超市"
        }
    }

    var emptyText: String {
        switch self {
        case .notices: "暂无通知公告"
        case .policies: "暂无政策文件"
        case .guides: "暂无操作说明"
        case .finance: "暂无金融产品"
        }
    }

    /// Who may write in the section: the platform administrator everywhere; the national centre publishes its own
    /// notices and policy documents.
    var editors: Set<Role> {
        switch self {
        case .notices, .policies: [.platformAdmin, .national]
        case .guides, .finance: [.platformAdmin]
        }
    }

    static func editable(by role: Role) -> [ArticleSection] {
        allCases.filter { $0.editors.contains(role) }
    }
}

/// Where an article is: drafts and withdrawn articles are seen only by editors; published ones by everybody.
enum ArticleStatus: String, Sendable, CaseIterable {
    case draft, published, withdrawn

    var label: String {
        switch self {
        case .draft: "草稿"
        case .published: "已发布"
        case .withdrawn: "已撤回"
        }
    }

    var tone: String {
        switch self {
        case .draft: "muted"
        case .published: "success"
        case .withdrawn: "warning"
        }
    }
}

/// A piece of public content (通知公告, 政策文件, 操作说明) or a financial product of the 金融超市. The body is plain
/// text; pages split it into paragraphs and escape it, so no stored HTML ever reaches a browser.
final class Article: Model, @unchecked Sendable {
    static let schema = "articles"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "section") var sectionRaw: String
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @OptionalField(key: "attachment_id") var attachmentID: Int?
    @Field(key: "publisher") var publisher: String
    @Field(key: "status") var statusRaw: String
    @OptionalField(key: "published_at") var publishedAt: Date?
    @Field(key: "pinned") var pinned: Bool
    @OptionalField(key: "bank") var bank: String?
    @OptionalField(key: "product_type") var productType: String?
    @OptionalField(key: "amount_range") var amountRange: String?
    @OptionalField(key: "term") var term: String?
    @OptionalField(key: "rate") var rate: String?
    @OptionalField(key: "contact") var contact: String?
    @OptionalField(key: "created_by") var createdBy: Int?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "updated_by") var updatedBy: Int?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var section: ArticleSection? { ArticleSection(rawValue: sectionRaw) }
    var status: ArticleStatus { ArticleStatus(rawValue: statusRaw) ?? .draft }
    var isPublished: Bool { status == .published }
}

struct CreateArticles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Article.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("section", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("attachment_id", .int)
            .field("publisher", .string, .required)
            .field("status", .string, .required)
            .field("published_at", .datetime)
            .field("pinned", .bool, .required)
            .field("bank", .string)
            .field("product_type", .string)
            .field("amount_range", .string)
            .field("term", .string)
            .field("rate", .string)
            .field("contact", .string)
            .field("created_by", .int)
            .field("created_at", .datetime, .required)
            .field("updated_by", .int)
            .field("updated_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "articles_public").on(Article.schema)
            .column("section").column("status").column("published_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Article.schema).delete()
    }
}

/// Plain text as paragraphs: blank lines separate paragraphs, single line breaks stay lines within one.
enum ArticleText {
    static func paragraphs(_ text: String) -> [[String]] {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var result: [[String]] = []
        var current: [String] = []
        for line in lines {
            if line.isEmpty {
                if !current.isEmpty { result.append(current) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}

/// Public queries over published articles, in the public order: pinned first, newest first.
enum PublishedArticles {
    static func query(_ section: ArticleSection, search: String, on db: any Database) -> QueryBuilder<Article> {
        var query = Article.query(on: db).filter(\.$sectionRaw == section.rawValue)
            .filter(\.$statusRaw == ArticleStatus.published.rawValue)
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
        guard let article = try await Article.find(id, on: db), article.sectionRaw == section.rawValue,
              article.isPublished
        else { throw AppError.notFound() }
        return article
    }

    private static func ordered(_ query: QueryBuilder<Article>) -> QueryBuilder<Article> {
        query.sort(\.$pinned, .descending).sort(\.$publishedAt, .descending).sort(\.$id, .descending)
    }
}
