import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// One saved version of a filing's content (every 暂存 and 提交 keeps one).
final class FilingDocument: Model, @unchecked Sendable {
    static let schema = "filing_documents"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "filing_id") var filingID: Int
    @Field(key: "number") var number: Int
    /// The values as JSON: `{field id: raw text}` as the enterprise typed it.
    @Field(key: "content") var content: String
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var values: [String: String] { .init(storedJSON: content) }

    /// The filings of `kind` in `scope` (aliased `f`) with the document each points at (`d`, absent for none), for a
    /// list to pick its columns and order from.
    static func filings(of kind: FilingKind, scope: DataScope, on sql: any SQLDatabase) -> SQLSelectBuilder {
        sql.select()
            .from(SQLAlias(SQLIdentifier(FilingRecord.schema), as: SQLIdentifier("f")))
            .join(SQLAlias(SQLIdentifier(schema), as: SQLIdentifier("d")), method: SQLJoinMethod.left,
                  on: SQLColumn("document_id", table: "f"), .equal, SQLColumn("id", table: "d"))
            .where(ScopeFilter(scope, table: "f"))
            .where(SQLColumn("kind", table: "f"), .equal, SQLBind(kind))
    }
}

extension [String: String] {
    /// Field values stored as JSON (`{field id: raw text}`, as documents, products and registry rows keep them);
    /// empty when the text is not such an object.
    init(storedJSON text: String) {
        self = (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}
