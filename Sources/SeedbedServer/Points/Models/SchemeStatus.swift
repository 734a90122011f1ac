import Fluent
import SeedbedDomain
import SQLKit
import Vapor

enum SchemeStatus: String, Sendable {
    case draft, published, archived

    var label: String {
        switch self {
        case .draft: "草稿"
        case .published: "已发布"
        case .archived: "已停用"
        }
    }
}
