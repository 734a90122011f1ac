import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// The public content sections (常见问题 included). The raw value is stored and is the public path.
enum ArticleSection: String, Codable, Sendable, CaseIterable {
    case notices, policies, guides, finance, faq

    var label: String {
        switch self {
        case .notices: "通知公告"
        case .policies: "政策文件"
        case .guides: "操作说明"
        case .finance: "金融超市"
        case .faq: "常见问题"
        }
    }

    var emptyText: String {
        switch self {
        case .notices: "暂无通知公告"
        case .policies: "暂无政策文件"
        case .guides: "暂无操作说明"
        case .finance: "暂无金融产品"
        case .faq: "暂无常见问题"
        }
    }

    /// Who may write in the section: the platform administrator everywhere; the national centre publishes its own
    /// notices and policy documents.
    var editors: Set<Role> {
        switch self {
        case .notices, .policies: [.platformAdmin, .national]
        case .guides, .faq: [.platformAdmin]
        // Finance products are the banks' own now (金融超市, Finance/): nobody writes finance articles any more.
        case .finance: []
        }
    }

    static func editable(by role: Role) -> [ArticleSection] {
        allCases.filter { $0.editors.contains(role) }
    }
}
