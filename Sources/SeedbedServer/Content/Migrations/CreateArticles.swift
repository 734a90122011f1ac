import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

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
