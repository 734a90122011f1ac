import Foundation
import SeedbedDomain

/// Who an announcement speaks for (公告级别): the ministry (部级, the whole country) or one province (省级, with the
/// province's code in `articles.region`). Stored as its raw value in `articles.level`; articles written before
/// levels existed read as 部级.
enum ArticleLevel: String, Codable, Sendable, CaseIterable {
    case ministry, province

    var label: String {
        switch self {
        case .ministry: "部级"
        case .province: "省级"
        }
    }

    /// The title of the announcements of this level on the public site.
    var announcementsTitle: String {
        switch self {
        case .ministry: "部级公告"
        case .province: "省级公告"
        }
    }

    /// The province an article of this level names: none for 部级; for 省级 a province of the region table
    /// (its 6-digit code), or nil when the code is not one.
    static func province(_ code: String) -> Region? {
        guard let region = RegionTable.shipped[code], region.level == .province else { return nil }
        return region
    }
}
