import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor

/// Facts for scoring tests on top of `Fixtures`: two years of facts for e1–e5, and 18 more enterprises in the
/// Dalian zone so its 成长期 cohort has 20 members (one seat on 领跑榜, two on 竞跑榜, four on 进取榜).
/// e1 has the strongest facts of its cohort.
enum PointsWorld {
    /// A valid, distinct credit code per number (Fixtures.uscc folds some serials onto the same code).
    static func uscc(_ number: Int, region: String = "210211") -> String {
        let first17 = "91" + region + String(format: "%08d", 70_000_000 + number) + "0"
        return USCC.completing(first17)?.value ?? first17
    }

    static func year(_ app: Application) -> Int { LocalDate(chinaTimeOf: app.clock.now()).year - 1 }

    /// Facts of a 成长期 enterprise (revenue 1,000–2,000 万元) scaled by `strength` (0…1).
    static func facts(_ strength: Double) -> [FactID: Double] {
        let revenue = 1000 + 1000 * strength
        return [
            .revenue: revenue, .mainRevenue: revenue * 0.9, .netProfit: 50 + 200 * strength, .totalAssets: 2000,
            .totalLiabilities: 800, .taxPaid: 30 + 60 * strength, .totalCost: revenue * 0.8, .rdExpense: 40 + 200 * strength,
            .rdExpenseDomestic: 40, .hightechProductIncome: 500, .techContractTurnover: 100 * strength,
            .equityFinancing: 500 * strength, .employees: 100, .stStaff: 20 + 30 * strength, .rdStaff: 10 + 30 * strength,
            .ipInvention: (5 * strength).rounded(.down), .ipPlantVariety: 0, .ipCropVariety: 0, .ipNewDrug: 0,
            .ipTCMProtection: 0, .ipICLayout: 0, .ipUtilityModel: (8 * strength).rounded(.down), .ipDesign: 0,
            .ipSoftware: 2, .trademarks: 1, .achievementConversions: 1, .standardsLed: strength > 0.9 ? 1 : 0,
            .standardsJoined: 0, .stAwardsNational: 0, .stAwardsProvincial: 0, .rdInstitutionsNational: 0,
            .rdInstitutionsProvincial: strength > 0.8 ? 1 : 0, .rdInstitutionsMunicipal: 1,
            .hightechCertified: strength > 0.5 ? 1 : 0, .techSMECertified: 1, .specializedSMECertified: 0,
            .listingStatus: 0, .negativeRecords: 0,
        ]
    }

    /// Seeds the enterprises and facts; returns the ids of the extra enterprises.
    @discardableResult
    static func seed(_ app: Application, _ fixtures: Fixtures) async throws -> [Int] {
        let zone = fixtures.organizations["zone-dl"]
        var extras: [Int] = []
        for index in 0..<18 {
            let enterprise = Enterprise()
            enterprise.uscc = uscc(index)
            enterprise.name = "大连积分测试\(index + 1)号有限公司"
            enterprise.regionCode = "210211"
            enterprise.zoneID = zone
            enterprise.registeredOn = "2016-03-01"
            enterprise.status = .active
            try await enterprise.create(on: app.db)
            if let id = enterprise.id { extras.append(id) }
        }
        let strengths: [(Int, Double)] = try [
            (fixtures.enterprise("e1"), 1.0), (fixtures.enterprise("e2"), 0.5), (fixtures.enterprise("e3"), 0.5),
            (fixtures.enterprise("e4"), 0.5), (fixtures.enterprise("e5"), 0.3),
        ] + extras.enumerated().map { ($0.element, 0.05 * Double($0.offset)) }
        let year = year(app)
        var rows: [SeedbedServer.EnterpriseFacts.Row] = []
        for (id, strength) in strengths {
            guard let enterprise = try await Enterprise.find(id, on: app.db) else { continue }
            for (offset, y) in [year - 1, year].enumerated() {
                var facts = facts(strength)
                facts[.revenue] = (facts[.revenue] ?? 0) * (offset == 0 ? 0.8 : 1)
                rows.append(SeedbedServer.EnterpriseFacts.Row(enterpriseID: id, regionCode: enterprise.regionCode, zoneID: enterprise.zoneID,
                                                incubatorID: enterprise.incubatorID, year: y, facts: facts))
            }
        }
        guard let sql = app.db as? any SQLDatabase else { throw TestSetupError.missing("SQL database") }
        try await SeedbedServer.EnterpriseFacts.insert(rows: rows, source: "test", on: sql, now: app.clock.now())
        return extras
    }

    /// The national default scheme's record.
    static func nationalScheme(_ app: Application) async throws -> SchemeRecord {
        guard let record = try await SchemeRecord.query(on: app.db).filter(\.$ownerOrgID == nil)
            .filter(\.$status == SchemeStatus.published).first()
        else { throw TestSetupError.missing("national scheme") }
        return record
    }

    /// Starts a run through the page as `browser`, runs the job, returns the run id.
    static func run(_ app: Application, _ browser: Browser, scheme: Int) async throws -> Int {
        let response = try await browser.post("/points/runs", form: ["year": String(year(app)), "scheme": String(scheme)],
                                              csrfFrom: "/points/runs")
        #expect(response.location.hasPrefix("/jobs/"), "start run: \(response.status.code) \(response.location)")
        try await app.jobs.drain(app)
        guard let run = try await ScoringRun.query(on: app.db).sort(\.$id, .descending).first(), let id = run.id else {
            throw TestSetupError.missing("run")
        }
        return id
    }

    /// A national run, computed and published.
    static func publishedNationalRun(_ app: Application) async throws -> Int {
        let national = Browser(app, ip: "10.9.0.1")
        try await national.login("national")
        let id = try await run(app, national, scheme: try await nationalScheme(app).id ?? 0)
        let published = try await national.post("/points/runs/\(id)/publish", form: ["confirmed": "1"], csrfFrom: "/workbench")
        #expect(published.status == .seeOther)
        return id
    }

    static func result(_ app: Application, run: Int, enterprise: Int) async throws -> ScoreResult {
        guard let result = try await ScoreResult.query(on: app.db).filter(\.$runID == run)
            .filter(\.$enterpriseID == enterprise).first()
        else { throw TestSetupError.missing("result of \(enterprise)") }
        return result
    }
}
