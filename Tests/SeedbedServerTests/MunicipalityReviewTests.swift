import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// A municipality (重庆市, 北京市 …) has no bureau at the city level — only placeholder 市辖区 rows — so its own
/// bureau must finish a county → city review; before, 渝北's annual reports waited for a 500100 nobody held.
@Suite("直辖市的两级审核")
struct MunicipalityReviewTests {
    /// An account of `role` for the organisation of `kind` at `code`.
    static func account(_ app: Application, _ name: String, role: Role, kind: OrganizationKind, code: String,
                        enterprise: Int? = nil) async throws {
        let organization = enterprise == nil
            ? try #require(try await Organization.query(on: app.db).filter(\.$kind == kind)
                .filter(\.$regionCode == code).first()?.id)
            : nil
        let hash = try await app.password.async.hash(Fixtures.password)
        try await User(account: name, name: name, role: role, organizationID: organization, enterpriseID: enterprise,
                       phone: "13800138009", passwordHash: hash, mustChangePassword: false, now: app.clock.now())
            .create(on: app.db)
    }

    @Test("北碚区的年报：区县通过后由重庆市审核通过，重庆市的待审列表里看得到")
    func chongqingFinishesAnnualReport() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e4 = try fixtures.enterprise("e4")
            try await Self.account(app, "ent-e4", role: .enterprise, kind: .county, code: "500109", enterprise: e4)
            try await Self.account(app, "county-bb", role: .county, kind: .county, code: "500109")
            try await Self.account(app, "chongqing", role: .province, kind: .province, code: "500000")

            let enterprise = Browser(app, ip: "10.12.0.1")
            try await enterprise.login("ent-e4")
            let year = LocalDate(chinaTimeOf: app.clock.now()).year - 1
            _ = try await enterprise.post("/my/annual-reports", form: ["year": String(year)], csrfFrom: "/my/annual-reports")
            let submitted = try await FilingFlowTests.fileAll(enterprise, url: "/my/annual-reports/\(year)",
                                                              form: AnnualReportForm.form,
                                                              values: SampleValues.of(AnnualReportForm.form))
            #expect(submitted.status == .seeOther, "\(Browser.fieldErrors(submitted.body.string))")
            var record = try await FilingFlowTests.filing(app, enterprise: e4, slot: "annual_report:\(year)")
            #expect(record.pendingReviewer == "county:500109")

            let county = Browser(app, ip: "10.12.0.2")
            try await county.login("county-bb")
            _ = try await FilingFlowTests.decide(county, record, verdict: "approved")
            record = try await FilingFlowTests.filing(app, enterprise: e4, slot: "annual_report:\(year)")
            #expect(record.status == FilingStatus.inReview)
            #expect(record.pendingReviewer == "province:500000")

            let municipality = Browser(app, ip: "10.12.0.3")
            try await municipality.login("chongqing")
            let queue = try await municipality.get("/reviews?kind=annual_report")
            #expect(queue.body.string.contains("/reviews/\(record.id ?? 0)"), "the report is in 重庆市's queue")
            let detail = try await municipality.get("/reviews/\(record.id ?? 0)")
            #expect(detail.status == .ok)
            #expect(detail.body.string.contains("审核"))
            _ = try await FilingFlowTests.decide(municipality, record, verdict: "approved", opinion: "同意")
            record = try await FilingFlowTests.filing(app, enterprise: e4, slot: "annual_report:\(year)")
            #expect(record.status == FilingStatus.approved)
        }
    }
}
