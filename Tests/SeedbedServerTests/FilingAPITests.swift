import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("填报接口与企业查询")
struct FilingAPITests {
    @Test("事实数据与填报接口只返回令牌数据范围内的企业，范围外 404")
    func scopedAPI() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            for key in ["e2", "e3"] {
                guard let enterprise = try await Enterprise.find(try fixtures.enterprise(key), on: app.db) else { continue }
                try await EnterpriseFacts.upsert(enterprise: enterprise, year: 2024, facts: [.revenue: 1234.5, .employees: 88],
                                                 source: "test", on: app.db, now: app.clock.now())
            }
            let owner = Browser(app, ip: "10.9.0.1")
            try await owner.login("ent-e2")
            _ = try await FilingFlowTests.fileAll(owner, url: "/my/basic-info", form: BasicInfoForm.form,
                                                  values: SampleValues.of(BasicInfoForm.form))
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: try await Fixtures.token(for: "county-ls", on: app))
            let e2 = try fixtures.enterprise("e2")
            let facts = try await app.testing().sendRequest(.GET, "/api/v1/enterprises/\(e2)/facts?year=2024", headers: headers)
            #expect(facts.status == .ok)
            #expect(facts.body.string.contains("\"revenue\":1234.5"))
            #expect(facts.body.string.contains("\"employees\":88"))
            let latest = try await app.testing().sendRequest(.GET, "/api/v1/enterprises/\(e2)/facts", headers: headers)
            #expect(latest.body.string.contains("\"year\":2024"))
            let missingYear = try await app.testing().sendRequest(.GET, "/api/v1/enterprises/\(e2)/facts?year=2019",
                                                                  headers: headers)
            #expect(missingYear.status == .notFound)
            let outside = try await app.testing().sendRequest(.GET, "/api/v1/enterprises/\(try fixtures.enterprise("e3"))/facts",
                                                              headers: headers)
            #expect(outside.status == .notFound)
            #expect(outside.body.string.contains("\"code\":\"not_found\""))

            let filings = try await app.testing().sendRequest(.GET, "/api/v1/filings?kind=basic_info", headers: headers)
            #expect(filings.body.string.contains("\"total\":1"))
            #expect(filings.body.string.contains("\"status\":\"submitted\""))
            var other = HTTPHeaders()
            other.bearerAuthorization = BearerAuthorization(token: try await Fixtures.token(for: "county-yb", on: app))
            let none = try await app.testing().sendRequest(.GET, "/api/v1/filings?kind=basic_info", headers: other)
            #expect(none.body.string.contains("\"total\":0"))
            let bad = try await app.testing().sendRequest(.GET, "/api/v1/filings?kind=secret", headers: headers)
            #expect(bad.status == .badRequest)
        }
    }

    @Test("企业信息查询按基本信息审核状态与入库状态筛选")
    func enterpriseQueryFilters() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let owner = Browser(app, ip: "10.9.1.1")
            try await owner.login("ent-e2")
            _ = try await FilingFlowTests.fileAll(owner, url: "/my/basic-info", form: BasicInfoForm.form,
                                                  values: SampleValues.of(BasicInfoForm.form))
            let city = Browser(app, ip: "10.9.1.2")
            try await city.login("city-dl")
            let submitted = try await city.get("/enterprises?review=submitted")
            #expect(submitted.body.string.contains("大连旅顺二号科技有限公司"))
            #expect(!submitted.body.string.contains("大连甘井子一号科技有限公司"))
            let never = try await city.get("/enterprises?review=none")
            #expect(never.body.string.contains("大连甘井子一号科技有限公司"))
            #expect(!never.body.string.contains("大连旅顺二号科技有限公司"))
            #expect(!(try await city.get("/enterprises?admitted=1").body.string.contains("旅顺二号")))

            let record = try await FilingFlowTests.filing(app, enterprise: try fixtures.enterprise("e2"), slot: "basic_info")
            let county = Browser(app, ip: "10.9.1.3")
            try await county.login("county-ls")
            _ = try await FilingFlowTests.decide(county, record, verdict: "approved")
            let admitted = try await city.get("/enterprises?admitted=1")
            #expect(admitted.body.string.contains("大连旅顺二号科技有限公司"))
            #expect(admitted.body.string.contains("已入库"))
        }
    }
}
