import Fluent
import Foundation
import SQLKit

/// Announcements gain a level (部级 / 省级) and, for 省级, the province's code. Every article written before reads
/// as 部级 with no province.
struct AddArticleLevels: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Article.schema)
            .field("level", .string, .required, .sql(.default(ArticleLevel.ministry.rawValue)))
            .update()
        try await database.schema(Article.schema)
            .field("region", .string, .required, .sql(.default("")))
            .update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "articles_level").on(Article.schema)
            .column("section").column("level").column("region").run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.drop(index: "articles_level").run() }
        try await database.schema(Article.schema).deleteField("region").update()
        try await database.schema(Article.schema).deleteField("level").update()
    }
}
