import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// Where an article is: drafts and withdrawn articles are seen only by editors; published ones by everybody.
/// Stored as its raw value in `articles.status`.
enum ArticleStatus: String, Codable, Sendable, CaseIterable {
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
