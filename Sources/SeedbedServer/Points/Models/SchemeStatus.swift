import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// Where a scheme version is; stored as its raw value in `schemes.status`.
enum SchemeStatus: String, Codable, Sendable, CaseIterable {
    case draft, published, archived

    var label: String {
        switch self {
        case .draft: "草稿"
        case .published: "已发布"
        case .archived: "已停用"
        }
    }
}
