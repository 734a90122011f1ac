import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor

/// Status and kind columns are typed enums in the models but stay plain strings in the database: a column holds the
/// raw value (never the Swift case name), and rows written by earlier versions read back as the enum.
@Suite("状态与类型按原值字符串存储")
struct StoredEnumTests {
    /// The strings in `table.column` of the row `id`.
    static func stored(_ sql: any SQLDatabase, _ table: String, _ columns: [String], id: Int) async throws -> [String] {
        let row = try #require(try await sql.select().columns(columns).from(table)
            .where("id", .equal, id).first())
        return try columns.map { try row.decode(column: $0, as: String.self) }
    }

    @Test("模型写入的状态与类型是原值字符串，旧数据中的字符串读回为枚举")
    func enumColumnsHoldRawValues() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let sql = try #require(app.db as? any SQLDatabase)
            let now = app.clock.now()
            let e1 = try fixtures.enterprise("e1")

            let filing = FilingRecord()
            filing.enterpriseID = e1
            filing.regionCode = "210211"
            filing.kind = .pointsData
            filing.slot = "points_data:#1"
            filing.status = .inReview
            filing.version = 1
            filing.round = 1
            filing.route = "[]"
            filing.createdAt = now
            filing.updatedAt = now
            try await FilingService.insert(filing, on: app.db)
            let filingID = try #require(filing.id)
            #expect(try await Self.stored(sql, "filings", ["kind", "status"], id: filingID) == ["points_data", "in_review"])
            try await sql.raw("UPDATE filings SET kind = 'express_report', status = 'returned' WHERE id = \(bind: filingID)").run()
            let reread = try #require(try await FilingRecord.find(filingID, on: app.db))
            #expect(reread.kind == .expressReport && reread.status == .returned)
            #expect(try await FilingRecord.query(on: app.db).filter(\.$status ~~ [.returned, .rejected]).count() == 1)

            let period = PointsPeriod()
            period.name = "原值测试项目"
            period.year = 2025
            period.kind = .expressReport
            period.startsOn = "2026-01-01"
            period.endsOn = "2026-12-31"
            period.closed = false
            period.createdBy = 1
            period.createdAt = now
            period.updatedAt = now
            try await period.save(on: app.db)
            #expect(try await Self.stored(sql, "points_periods", ["kind"], id: try #require(period.id)) == ["express_report"])

            let product = EnterpriseProduct()
            product.enterpriseID = e1
            product.regionCode = "210211"
            product.kind = .service
            product.name = "原值测试服务"
            product.content = "{}"
            product.createdAt = now
            try await product.save(on: app.db)
            #expect(try await Self.stored(sql, "products", ["kind"], id: try #require(product.id)) == ["service"])

            let job = Job(kind: "export", title: "原值测试", ownerID: 1, payload: "{}", now: now)
            try await job.save(on: app.db)
            #expect(try await Self.stored(sql, "jobs", ["status"], id: try #require(job.id)) == ["queued"])

            let county = try #require(try await User.query(on: app.db).filter(\.$account == "county-gjz").first())
            #expect(try await Self.stored(sql, "users", ["role"], id: try #require(county.id)) == ["county"])
            let zone = try #require(try await Organization.query(on: app.db).filter(\.$kind == .zone).first())
            #expect(try await Self.stored(sql, "organizations", ["kind"], id: try #require(zone.id)) == ["zone"])
            let enterprise = try #require(try await Enterprise.find(e1, on: app.db))
            #expect(enterprise.status == .active)
            #expect(try await Self.stored(sql, "enterprises", ["status"], id: e1) == ["active"])
        }
    }
}
