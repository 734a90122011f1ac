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

    var values: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(content.utf8))) ?? [:]
    }
}
