import Foundation
@testable import SeedbedBench
@testable import SeedbedServer
import Testing

/// What `seedbed-bench http` prints is read by people comparing runs and by scripts: the percentiles must be the
/// nearest-rank ones, the lines must be the JSON the issue names, and the mix must open every library page.
@Suite("页面基准")
struct HTTPBenchReportTests {
    @Test("percentiles are nearest-rank: of 1…100 ms, p50 is 50, p95 is 95, p99 is 99")
    func percentiles() {
        let sorted = (1...100).map(Double.init)
        #expect(HTTPBenchReport.percentile(sorted, 50) == 50)
        #expect(HTTPBenchReport.percentile(sorted, 95) == 95)
        #expect(HTTPBenchReport.percentile(sorted, 99) == 99)
        #expect(HTTPBenchReport.percentile(sorted, 100) == 100)
        #expect(HTTPBenchReport.percentile(sorted, 0) == 1)
        // Few samples: the slowest of three is the p95 and the p99, the middle one the p50.
        #expect(HTTPBenchReport.percentile([10, 20, 30], 50) == 20)
        #expect(HTTPBenchReport.percentile([10, 20, 30], 95) == 30)
        #expect(HTTPBenchReport.percentile([7], 99) == 7)
        #expect(HTTPBenchReport.percentile([], 50).isNaN)
    }

    @Test("a page line is one JSON object with page, role, p50_ms, p95_ms, p99_ms, rps and errors")
    func pageLine() throws {
        let line = HTTPBenchReport.PageLine(page: "企业总览", path: "/overview", role: "city", account: "dalian",
                                            latencies: [30, 10, 20, 40], errors: 1, seconds: 2)
        #expect(line.jsonLine == #"{"page":"企业总览","role":"city","p50_ms":20.0,"p95_ms":40.0,"p99_ms":40.0,"#
            + #""rps":2.0,"errors":1,"requests":5,"path":"/overview","account":"dalian"}"#)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.jsonLine.utf8)) as? [String: Any])
        for key in ["page", "role", "p50_ms", "p95_ms", "p99_ms", "rps", "errors"] { #expect(object[key] != nil) }
        // A page that never answered 200 has no percentiles: null, not a made-up number.
        let failed = HTTPBenchReport.PageLine(page: "积分结果查询", path: "/points/results", role: "zone", account: "dlgxq",
                                              latencies: [], errors: 3, seconds: 2)
        #expect(failed.jsonLine.contains(#""p50_ms":null,"p95_ms":null,"p99_ms":null,"rps":0.0,"errors":3"#))
    }

    @Test("the summary line gives the home page beside nginx, and null where nginx is not installed")
    func summaryLine() throws {
        var summary = HTTPBenchReport.Summary(rssMB: 180.26, peakRSSMB: 200, coldStartSeconds: 3.456, homeRPS: 3_000,
                                              nginxRPS: 10_000, enterprises: 2_000, connections: 8, seconds: 5)
        #expect(summary.jsonLine.hasPrefix(#"{"rss_mb":180.3,"cold_start_seconds":3.46,"home_rps":3000.0,"#
            + #""nginx_rps":10000.0,"home_vs_nginx":0.300,"#))
        summary.nginxRPS = nil
        summary.firstStartSeconds = 25.5
        let object = try #require(try JSONSerialization.jsonObject(with: Data(summary.jsonLine.utf8)) as? [String: Any])
        #expect(object["nginx_rps"] is NSNull)
        #expect(object["home_vs_nginx"] is NSNull)
        #expect((object["home_rps"] as? NSNumber)?.doubleValue == 3_000)
        #expect((object["first_start_seconds"] as? NSNumber)?.doubleValue == 25.5, "the start without a snapshot file")
        #expect(object["full_service_seconds"] is NSNull, "not measured: null, not 0")
    }

    @Test("text in a line is escaped as JSON")
    func escaping() {
        #expect(JSONLine.quoted("a\"b\\c\n") == #""a\"b\\c\n""#)
    }

    @Test("the mix opens every library page the route table has, and each government account opens each")
    func everyLibrary() {
        #expect(PageMix.libraryIDs == LibraryPageSpec.all.map(\.id))
        for spec in LibraryPageSpec.all {
            for account in PageMix.government {
                #expect(PageMix.entries.contains { $0.path == "/libraries/" + spec.id.rawValue && $0.account == account })
            }
        }
        #expect(PageMix.entries.contains { $0.path == "/" && $0.account == PageMix.visitor })
        #expect(PageMix.entries.contains { $0.path == "/my/enterprise" && $0.account == PageMix.enterprise })
    }

    @Test("the login form's CSRF token is read from its hidden field")
    func csrfToken() {
        let html = #"<form method="post" action="/login"><input type="hidden" name="_csrf" value="AbC-12_x">"#
            + #"<input name="account" value=""></form>"#
        #expect(LoginForm.csrfToken(in: html) == "AbC-12_x")
        #expect(LoginForm.csrfToken(in: "<form></form>") == nil)
        #expect(LoginForm.body(account: "dalian", password: "Demo@2026", csrf: "a+b")
            == "account=dalian&password=Demo%402026&_csrf=a%2Bb")
    }

    @Test("a peer's line gets the comparison appended, and checksums agree to 1e-6")
    func peerLine() {
        #expect(PythonPeer.extend(#"{"peer": "polars 1.0", "seconds": 0.5}"#, with: [("checksums_match", .bool(true))])
            == #"{"peer": "polars 1.0", "seconds": 0.5,"checksums_match":true}"#)
        #expect(checksumsAgree(12_345_678.123456, 12_345_678.123457))
        #expect(!checksumsAgree(100.0, 100.01))
        #expect(PeerScripts.polars.skippedLine.contains("pip install polars"))
    }
}
