import Foundation
import SeedbedDomain
@testable import SeedbedServer
import TestSupport
import Testing
import Vapor
import VaporTesting

/// The main pages as HTML, compared with the stored snapshots under `__Snapshots__/`: a change of layout, menu,
/// labels or columns shows in review as a diff of these files. Re-record with `SNAPSHOT_RECORD=1` after a
/// deliberate change and read the diff before committing it.
@Suite("页面快照")
struct PageSnapshotTests {
    struct Sample: Sendable, CustomTestStringConvertible {
        let name: String
        /// Who opens the page; nil for a visitor.
        let account: String?
        let path: String
        var testDescription: String { name }
    }

    static let samples: [Sample] = [
        Sample(name: "public-home", account: nil, path: "/"),
        Sample(name: "login", account: nil, path: "/login"),
        Sample(name: "workbench-county", account: "county-gjz", path: "/workbench"),
        Sample(name: "enterprises-city", account: "city-dl", path: "/enterprises"),
        Sample(name: "reviews-basic-info-county", account: "county-gjz", path: "/reviews?kind=basic_info"),
        Sample(name: "library-hightech-reserve-national", account: "national", path: "/libraries/hightech_reserve"),
        Sample(name: "statistics-progress-province", account: "prov-ln", path: "/statistics/progress"),
        Sample(name: "workbench-enterprise", account: "ent-e1", path: "/workbench"),
        Sample(name: "my-basic-info", account: "ent-e1", path: "/my/basic-info"),
        Sample(name: "admin-users", account: "admin", path: "/admin/users"),
    ]

    @Test("主要页面的 HTML 与录制的快照一致", arguments: samples)
    func matchesSnapshot(_ sample: Sample) async throws {
        // SQLite only: the pages are the same on PostgreSQL, and ids and defaults must not differ between runs.
        guard TestDatabase.postgresURL == nil else { return }
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app, ip: "10.50.0.1")
            if let account = sample.account { try await browser.login(account) }
            let response = try await browser.get(sample.path)
            #expect(response.status == .ok)
            let html = Self.stable(response.body.string)
            if let problem = try SnapshotFile(besides: #filePath, name: sample.name, fileExtension: "html").check(html) {
                Issue.record(Comment(rawValue: problem))
            }
        }
    }

    /// The page with what differs between runs replaced (the form token, clock times and dates of today), one tag
    /// per line so that a change reads as a small diff.
    static func stable(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "><", with: ">\n<")
        let replacements: [(String, String)] = [
            (#"name="_csrf" value="[^"]*""#, #"name="_csrf" value="TOKEN""#),
            (#"_csrf=[^"&]*"#, "_csrf=TOKEN"),
            (#"name="csrf-token" content="[^"]*""#, #"name="csrf-token" content="TOKEN""#),
            (#"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?"#, "YYYY-MM-DD hh:mm"),
            (#"\d{4}年\d{1,2}月\d{1,2}日"#, "YYYY年M月D日"),
            (#"\d{4}-\d{2}-\d{2}"#, "YYYY-MM-DD"),
            (#"(captcha|static)/[A-Za-z0-9._-]+\?v=[0-9a-f]+"#, "$1/ASSET"),
        ]
        for (pattern, template) in replacements {
            text = text.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
        }
        return text
    }
}
