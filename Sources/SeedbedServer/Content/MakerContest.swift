import Fluent
import Foundation

/// The address of the 创客大赛 platform the public home links to: another site, kept in `settings` (one value for
/// every node) and edited by the platform administrator beside the showcase text. Until it is edited, the national
/// 创客中国 site is linked.
enum MakerContest {
    static let key = "portal.maker_contest_url"
    static let standard = "https://www.cnmaker.org.cn/"
    static let maxLength = 300

    static func load(on db: any Database) async throws -> String {
        try await Setting.find(key, on: db)?.value ?? standard
    }

    static func save(_ url: String, on db: any Database) async throws {
        try await Setting.upsert(key, value: url, on: db)
    }

    /// The address as typed, or the reason it is refused: an absolute http(s) address with a host, no spaces, no
    /// quotes or angle brackets (it is written into a link), at most `maxLength` characters.
    static func validate(_ text: String) -> Result<String, MakerContestError> {
        let url = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !url.isEmpty else { return .failure(.missing) }
        guard url.count <= maxLength else { return .failure(.tooLong) }
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && !"\"'<>\\`".unicodeScalars.contains($0) }),
              let components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = components.host, !host.isEmpty, components.user == nil, components.password == nil
        else { return .failure(.invalid) }
        return .success(url)
    }

    /// The host a visitor is sent to, for the "即将离开本平台" note.
    static func host(of url: String) -> String {
        URLComponents(string: url)?.host ?? url
    }
}

enum MakerContestError: Error, Equatable {
    case missing, tooLong, invalid

    var message: String {
        switch self {
        case .missing: "请填写创客大赛平台地址"
        case .tooLong: "地址不能超过 \(MakerContest.maxLength) 个字符"
        case .invalid: "请填写以 https:// 或 http:// 开头的完整网址"
        }
    }
}
