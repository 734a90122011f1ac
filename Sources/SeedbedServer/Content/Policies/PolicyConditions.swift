import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// The 适用条件 of one policy article (定向政策推送, D13): its ordered conditions as JSON, one row per article.
final class PolicyConditionSet: Model, @unchecked Sendable {
    static let schema = "policy_conditions"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "article_id") var articleID: Int
    /// `[PolicyCondition]` as JSON, in the order the editor added them.
    @Field(key: "conditions") var conditionsJSON: String
    @OptionalField(key: "updated_by") var updatedBy: Int?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(articleID: Int) {
        self.articleID = articleID
        conditionsJSON = "[]"
        updatedAt = Date()
    }

    /// The conditions; a row that no longer decodes reads as none (and is rewritten on the next save).
    var conditions: [PolicyCondition] {
        get { (try? JSONDecoder().decode([PolicyCondition].self, from: Data(conditionsJSON.utf8))) ?? [] }
        set {
            conditionsJSON = (try? JSONEncoder().encode(newValue)).flatMap { String(data: $0, encoding: .utf8) } ?? "[]"
        }
    }
}

/// Every policy article and its conditions, read together.
enum PolicyConditions {
    /// The conditions of one article (empty when none were set).
    static func of(article id: Int, on db: any Database) async throws -> [PolicyCondition] {
        try await PolicyConditionSet.query(on: db).filter(\.$articleID == id).first()?.conditions ?? []
    }

    /// Published policy articles that carry at least one condition, newest first, with their conditions.
    static func published(on db: any Database) async throws -> [(article: Article, conditions: [PolicyCondition])] {
        let sets = try await PolicyConditionSet.query(on: db).all()
        let byArticle = Dictionary(sets.map { ($0.articleID, $0.conditions) }, uniquingKeysWith: { first, _ in first })
        guard !byArticle.isEmpty else { return [] }
        let articles = try await Article.query(on: db)
            .filter(\.$section == .policies).filter(\.$status == .published)
            .filter(\.$id ~~ Array(byArticle.keys))
            .sort(\.$publishedAt, .descending).sort(\.$id, .descending).all()
        return articles.compactMap { article in
            guard let id = article.id, let conditions = byArticle[id], !conditions.isEmpty else { return nil }
            return (article, conditions)
        }
    }

    /// One published policy article with conditions; 404 otherwise.
    static func publishedPolicy(_ id: Int, on db: any Database) async throws -> (Article, [PolicyCondition]) {
        guard let article = try await Article.find(id, on: db), article.section == .policies, article.isPublished
        else { throw AppError.notFound("没有这项政策") }
        let conditions = try await of(article: id, on: db)
        guard !conditions.isEmpty else { throw AppError.notFound("该政策尚未设置适用条件") }
        return (article, conditions)
    }
}

/// `policy_conditions` (one row per article) and `policy_pushes` (one row per policy and enterprise pushed: the
/// unique index makes a second push, or a parallel one, skip an enterprise already told).
struct CreatePolicyMatching: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PolicyConditionSet.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("article_id", .int, .required)
            .field("conditions", .string, .required)
            .field("updated_by", .int)
            .field("updated_at", .datetime, .required)
            .unique(on: "article_id")
            .create()
        try await database.schema(PolicyPushes.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("article_id", .int, .required)
            .field("enterprise_id", .int, .required)
            .field("pushed_at", .datetime, .required)
            .field("pushed_by", .int)
            .unique(on: "article_id", "enterprise_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PolicyPushes.schema).delete()
        try await database.schema(PolicyConditionSet.schema).delete()
    }
}
