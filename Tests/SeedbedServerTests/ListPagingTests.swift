import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor

/// 企业信息查询 as a city and a county official page through it and export it: 下一页/上一页 follow the list by
/// keyset (the link carries the last or first row's id), the last page is read from the end, and the export reads
/// batches by keyset — so every enterprise of the scope shows exactly once, in the list's order, whichever way
/// one pages, and the export holds exactly the scope.
@Suite("企业信息查询：键集翻页与导出")
struct ListPagingTests {
    /// `count` enterprises in each county, inserted in one statement per thousand.
    static func seed(_ app: Application, _ counties: [(code: String, count: Int)], serials from: Int = 0) async throws {
        let sql = try #require(app.db as? any SQLDatabase)
        let now = app.clock.now()
        var serial = from
        var rows: [[any SQLExpression]] = []
        for (code, count) in counties {
            for _ in 0..<count {
                serial += 1
                let first17 = "91" + code + String(format: "%09d", 500_000_000 + serial)
                let uscc = USCC.completing(first17)?.value ?? first17
                rows.append([SQLBind(uscc), SQLBind("翻页测试\(serial)科技有限公司"), SQLBind(code),
                             SQLBind(EnterpriseStatus.active), SQLBind(now), SQLBind(now)])
            }
        }
        for start in stride(from: 0, to: rows.count, by: 1000) {
            let chunk = rows[start..<min(start + 1000, rows.count)]
            guard let first = chunk.first else { continue }
            try await sql.insert(into: Enterprise.schema)
                .columns("uscc", "name", "region_code", "status", "created_at", "updated_at")
                .values(first).rows(Array(chunk.dropFirst())).run()
        }
    }

    /// The enterprises of a region prefix as the list orders them (newest first).
    static func expected(_ app: Application, prefix: String) async throws -> [(id: Int, uscc: String)] {
        try await Enterprise.query(on: app.db).filter(\.$regionCode >= prefix).filter(\.$regionCode < prefix + ":")
            .sort(\.$id, .descending).all().compactMap { enterprise in enterprise.id.map { ($0, enterprise.uscc) } }
    }

    /// The enterprise ids of a list page, in its order.
    static func ids(_ html: String) -> [Int] {
        html.matches(of: #/href="/enterprises/(\d+)/#).compactMap { Int($0.output.1) }
    }

    /// The target of the pagination link with this label (上一页 / 下一页), unescaped.
    static func link(_ label: String, in html: String) -> String? {
        guard let nav = html.firstRange(of: "class=\"pagination\"") else { return nil }
        let tail = html[nav.lowerBound...]
        let pattern = try? Regex<(Substring, Substring)>("<a href=\"([^\"]*)\">" + label + "</a>")
        guard let pattern, let match = tail.firstMatch(of: pattern) else { return nil }
        return String(match.output.1).replacingOccurrences(of: "&amp;", with: "&")
    }

    static func total(_ html: String) -> Int? {
        html.firstMatch(of: #/共 (\d+) 条/#).flatMap { Int($0.output.1) }
    }

    @Test("市、区县账号用下一页走完整个列表再用上一页走回：每家企业恰好一次、顺序一致，总数即实际数量，末页按页码直达",
          arguments: [("city-dl", "2102"), ("county-gjz", "210211")])
    func pagingForwardAndBack(account: String, prefix: String) async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            try await Self.seed(app, [("210211", 47), ("210212", 38), ("500112", 30)])
            let expected = try await Self.expected(app, prefix: prefix).map(\.id)
            let official = Browser(app)
            try await official.login(account)

            var pages: [[Int]] = []
            var path: String? = "/enterprises"
            var sawCursor = false
            var added: Int?
            while let next = path {
                let html = try await official.get(next).body.string
                #expect(Self.total(html) == expected.count + (added == nil ? 0 : 1), "共 N 条 is the real count")
                pages.append(Self.ids(html))
                path = Self.link("下一页", in: html)
                sawCursor = sawCursor || path?.contains("after=") == true
                if added == nil {
                    // An enterprise registered while the official pages does not push a row onto the next page.
                    let enterprise = Enterprise()
                    enterprise.uscc = USCC.completing("91" + "210211" + "599999999")?.value ?? "91210211599999999X"
                    enterprise.name = "翻页中新注册科技有限公司"
                    enterprise.regionCode = "210211"
                    enterprise.status = .active
                    try await enterprise.save(on: app.db)
                    added = enterprise.id
                }
                #expect(pages.count <= 20, "the walk ends")
                if pages.count > 20 { break }
            }
            #expect(sawCursor, "下一页 continues after the last row's key")
            #expect(pages.flatMap { $0 } == expected, "forward: every enterprise once, newest first")
            #expect(pages.dropLast().allSatisfy { $0.count == PageRequest.defaultPer })

            // Back from the last page by 上一页: every enterprise again, now with the new one first.
            let withNew = (added.map { [$0] } ?? []) + expected
            let per = PageRequest.defaultPer
            let lastPage = (withNew.count + per - 1) / per
            var html = try await official.get("/enterprises?page=\(lastPage)").body.string
            #expect(Self.ids(html) == Array(withNew.dropFirst((lastPage - 1) * per)), "the last page by number, read from the end")
            var backward: [[Int]] = [Self.ids(html)]
            while let previous = Self.link("上一页", in: html) {
                html = try await official.get(previous).body.string
                backward.insert(Self.ids(html), at: 0)
                if backward.count > 20 { break }
            }
            #expect(backward.flatMap { $0 } == withNew, "backward: every enterprise once, the new one first")

            // A hand-edited cursor that is no id falls back to the page number.
            let odd = try await official.get("/enterprises?page=2&after=abc%3Cscript%3E")
            #expect(odd.status == .ok)
            #expect(Self.ids(odd.body.string) == Array(withNew.dropFirst(PageRequest.defaultPer).prefix(PageRequest.defaultPer)))
        }
    }

    @Test("同一范围的总数在检查间隔内共用一次计数；间隔过后先显示原总数、后台重新计数，随即显示新增的企业")
    func totalsAreSharedForTheCheckInterval() async throws {
        try await withSeedbedApp({ $0.overview.checkInterval = 60 }) { app in
            _ = try await Fixtures.make(app)
            try await Self.seed(app, [("210211", 30)])
            let expected = try await Self.expected(app, prefix: "2102").count
            let city = Browser(app)
            try await city.login("city-dl")
            let county = Browser(app)
            try await county.login("county-gjz")
            #expect(Self.total(try await city.get("/enterprises").body.string) == expected)
            try await Self.seed(app, [("210211", 1)], serials: 1_000)
            #expect(Self.total(try await city.get("/enterprises").body.string) == expected,
                    "within the interval the city's total is the one already counted")
            #expect(Self.total(try await county.get("/enterprises").body.string)
                        == (try await Self.expected(app, prefix: "210211").count), "another scope counts for itself")
            #expect(Self.total(try await city.get("/enterprises?q=翻页测试").body.string) == 31,
                    "another filter counts for itself")
            app.clock.advance(by: 61)
            // The reader who finds the total expired does not wait for the recount: it gets the total it replaces,
            // and the new one shows as soon as it is counted.
            #expect(Self.total(try await city.get("/enterprises").body.string) == expected)
            var latest = expected
            for _ in 0..<500 where latest == expected {
                latest = Self.total(try await city.get("/enterprises").body.string) ?? expected
                if latest == expected { try await Task.sleep(nanoseconds: 2_000_000) }
            }
            #expect(latest == expected + 1)
            // A total older than ten intervals is not shown at all: the reader waits for the count.
            try await Self.seed(app, [("210211", 1)], serials: 2_000)
            app.clock.advance(by: 60 * ListCounts.staleFactor + 1)
            #expect(Self.total(try await city.get("/enterprises").body.string) == expected + 2)
        }
    }

    @Test("导出整个区县、整个市：按键集分批读出，文件恰好是本范围的企业，与列表同序、无重复")
    func exportHoldsExactlyTheScope() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            // More than two export batches (1,000 rows each) in the county, more outside it.
            try await Self.seed(app, [("210211", 2_150), ("210212", 400), ("500112", 300)])
            for (account, prefix) in [("county-gjz", "210211"), ("city-dl", "2102")] {
                let official = Browser(app)
                try await official.login(account)
                let export = try await official.post("/exports/enterprises", form: [:], csrfFrom: "/enterprises")
                try expectDownload(export, named: "企业信息查询-")
                let rows = try #require(try ImportExportTests.Workbook.read(Data(buffer: export.body)).values.first)
                let header = try #require(rows.first)
                let column = try #require(header.firstIndex { $0.contains("统一社会信用代码") })
                let exported = rows.dropFirst().map { $0[column] }
                let expected = try await Self.expected(app, prefix: prefix).map(\.uscc)
                #expect(exported.count == expected.count, "\(account): one row per enterprise of the scope")
                #expect(exported == expected, "\(account): the list's order, no enterprise twice or missing")
                #expect(rows.dropFirst().map { $0[0] } == (1...expected.count).map(String.init), "序号 runs on")
            }
        }
    }
}
