import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("按快照缓存的页面片段")
struct RenderedFragmentsTests {
    @Test("同一键只渲染一次；超出预算时清空后再存，超过预算的片段不缓存")
    func keepsWithinBudget() {
        let fragments = RenderedFragments(budget: 10)
        var renders = 0
        func html(_ key: String, _ text: String) -> String {
            fragments.html(key) {
                renders += 1
                return text
            }
        }
        #expect(html("a", "12345") == "12345")
        #expect(html("a", "ignored") == "12345", "kept under its key")
        #expect(renders == 1)
        #expect(fragments.hits == 1)
        #expect(html("b", "6789") == "6789")
        #expect(html("c", "abc") == "abc", "10 bytes would be passed: everything kept is dropped first")
        #expect(html("a", "fresh") == "fresh", "a was dropped with the rest")
        #expect(html("big", "0123456789X") == "0123456789X")
        #expect(html("big", "again") == "again", "larger than the budget: never kept")
    }

    @Test("统计表与总览图表按快照缓存：第二次打开内容相同且不再渲染；数据变化（版本提高）后显示新数字")
    func statisticsFollowTheSnapshot() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            func file(_ revenue: Double) async throws {
                for key in ["e1", "e2", "e5"] {
                    let enterprise = try #require(try await Enterprise.find(try fixtures.enterprise(key), on: app.db))
                    try await EnterpriseFacts.upsert(enterprise: enterprise, year: 2024,
                                                     facts: [.revenue: revenue, .mainRevenue: 2500, .employees: 350],
                                                     source: "annual_report", on: app.db, now: Date())
                }
                try await DashboardVersion.bump(on: app.db)
            }
            try await file(3000)
            let county = Browser(app)
            try await county.login("county-gjz")
            let first = try await county.get("/statistics/annual?year=2024").body.string
            #expect(first.contains("6,000.00") || first.contains("6000.00"), "two reports of 3000 万元 in 甘井子区")
            let hits = app.fragments.hits
            let second = try await county.get("/statistics/annual?year=2024").body.string
            #expect(app.fragments.hits == hits + 1, "the table came from the kept text")
            #expect(Self.main(second) == Self.main(first))

            // Another reader of another scope gets its own table, not the county's.
            let national = Browser(app)
            try await national.login("national")
            let all = try await national.get("/statistics/annual?year=2024").body.string
            #expect(Self.main(all) != Self.main(first))

            try await file(5000)
            let after = try await county.get("/statistics/annual?year=2024").body.string
            #expect(after.contains("10,000.00") || after.contains("10000.00"), "a new snapshot, a new table")
            #expect(!(after.contains("6,000.00") || after.contains("6000.00")))

            let overview = try await county.get("/overview").body.string
            let again = try await county.get("/overview").body.string
            #expect(Self.main(overview) == Self.main(again))
            #expect(overview.contains("overview-total"))
        }
    }

    /// The page's main content, without the shell (whose CSRF token differs per request).
    static func main(_ html: String) -> String {
        guard let start = html.range(of: "<main"), let end = html.range(of: "</main>") else { return html }
        return String(html[start.lowerBound..<end.upperBound])
    }
}
