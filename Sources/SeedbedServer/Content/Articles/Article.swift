import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// A piece of public content (通知公告, 政策文件, 操作说明) or a financial product of the 金融超市. The body is plain
/// text; pages split it into paragraphs and escape it, so no stored HTML ever reaches a browser.
final class Article: Model, @unchecked Sendable {
    static let schema = "articles"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "section") var section: ArticleSection
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @OptionalField(key: "attachment_id") var attachmentID: Int?
    @Field(key: "publisher") var publisher: String
    @Field(key: "status") var status: ArticleStatus
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
    /// 部级 or 省级 (announcements); other sections keep 部级.
    @Field(key: "level") var level: ArticleLevel
    /// The province's 6-digit code for a 省级 article; empty for 部级.
    @Field(key: "region") var region: String

    init() {
        level = .ministry
        region = ""
    }

    var isPublished: Bool { status == .published }
}
