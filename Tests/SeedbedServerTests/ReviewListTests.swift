import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("审核列表、查询与导出")
struct ReviewListTests {
    @Test("年报查询的年度选项按平台时钟计算，而非服务器系统时间")
    func yearOptionsFollowTheRequestClock() async throws {
        try await withSeedbedApp { app in
            let before = LocalDate(chinaTimeOf: app.clock.now()).year
            app.clock.advance(by: 10 * 366 * 86_400)
            _ = try await Fixtures.make(app)
            let year = LocalDate(chinaTimeOf: app.clock.now()).year
            #expect(year >= before + 10)
            let county = Browser(app, ip: "10.9.0.1")
            try await county.login("county-gjz")
            let page = try await county.get("/reviews?kind=annual_report&tab=all")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("value=\"\(year - 1)\""), "last year by the platform clock is offered")
            #expect(!page.body.string.contains("value=\"\(before - 1)\""), "years by the system clock are not")
        }
    }
}
