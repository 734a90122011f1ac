import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("企业迁移（变更所属区县、高新区）")
struct EnterpriseMoveTests {
    /// The placement columns of one enterprise's rows in one table.
    struct ScopeRow: Decodable, Equatable {
        let region_code: String?
        let zone_id: Int?
        let incubator_id: Int?
    }

    static func scopeRows(_ app: Application, table: String, enterprise: Int) async throws -> [ScopeRow] {
        let sql = try #require(app.db as? any SQLDatabase)
        return try await sql.select().columns("region_code", "zone_id", "incubator_id").from(table)
            .where("enterprise_id", .equal, SQLBind(enterprise)).all(decoding: ScopeRow.self)
    }

    /// Every listed table holds rows of the enterprise, and all of them carry the placement.
    static func expectEveryTable(_ app: Application, enterprise: Int, region: String, zone: Int?, incubator: Int? = nil,
                                 tables: [String] = EnterpriseBoundTables.all) async throws {
        let expected = ScopeRow(region_code: region, zone_id: zone, incubator_id: incubator)
        for table in tables {
            let rows = try await scopeRows(app, table: table, enterprise: enterprise)
            #expect(!rows.isEmpty, "the test wrote no row to \(table)")
            #expect(rows.allSatisfy { $0 == expected }, "\(table): \(rows)")
        }
    }

    /// One row of the enterprise, at its current place, in each table the filing flow does not fill; returns
    /// the id of the kept file.
    static func seedRecords(_ app: Application, enterprise id: Int) async throws -> Int {
        let db = app.db
        let sql = try #require(db as? any SQLDatabase)
        let enterprise = try #require(try await Enterprise.find(id, on: db))
        let now = app.clock.now()
        let year = LocalDate(chinaTimeOf: now).year - 2
        try await EnterpriseFacts.upsert(enterprise: enterprise, year: year, facts: [.revenue: 1200], source: "torch",
                                         on: db, now: now)
        _ = try await CreditRatings.compute(year: year, scope: .enterprise(id: id), on: db, now: now)
        let product = EnterpriseProduct()
        product.enterpriseID = id
        product.regionCode = enterprise.regionCode
        product.zoneID = enterprise.zoneID
        product.incubatorID = enterprise.incubatorID
        product.kind = .product
        product.name = "工业传感器"
        product.content = "{}"
        product.createdAt = now
        try await product.create(on: db)
        let registry = RegistryData()
        registry.enterpriseID = id
        registry.regionCode = enterprise.regionCode
        registry.zoneID = enterprise.zoneID
        registry.incubatorID = enterprise.incubatorID
        registry.content = "{}"
        registry.importedAt = now
        try await registry.create(on: db)
        try await Recognitions.upsert([Recognitions.Row(
            enterpriseID: id, regionCode: enterprise.regionCode, zoneID: enterprise.zoneID,
            incubatorID: enterprise.incubatorID, kind: .hightech, certificateNo: "GR2024210000\(id)", issuedOn: "2024-01-01",
            validUntil: "2026-12-31")], source: "import", on: sql, now: now)
        try await IPRecords.upsert([IPRecords.Row(
            enterpriseID: id, regionCode: enterprise.regionCode, zoneID: enterprise.zoneID,
            incubatorID: enterprise.incubatorID, kind: .software, number: "2024SR\(String(format: "%07d", id))",
            title: "工业传感器数据采集软件 V1.0", datedOn: "2024-02-01", status: .valid)], source: "import", on: sql, now: now)
        try await VoucherTests.seed(app, [(id, "MOVE-\(id)", .testing, 100_000, 0, year)])
        let score = ScoreResult()
        score.runID = 1
        score.enterpriseID = id
        score.regionCode = enterprise.regionCode
        score.zoneID = enterprise.zoneID
        score.incubatorID = enterprise.incubatorID
        score.year = year
        score.cohort = 0
        score.total = 61.5
        score.rank = 1
        score.cohortSize = 1
        score.listIndex = 0
        score.meetsLine = true
        score.breakdown = Data()
        try await score.create(on: db)
        let listed = ExpressListEntry()
        listed.enterpriseID = id
        listed.regionCode = enterprise.regionCode
        listed.zoneID = enterprise.zoneID
        listed.incubatorID = enterprise.incubatorID
        listed.addedBy = 1
        listed.createdAt = now
        try await listed.create(on: db)
        let patent = QualificationRecord()
        patent.enterpriseID = id
        patent.regionCode = enterprise.regionCode
        patent.zoneID = enterprise.zoneID
        patent.incubatorID = enterprise.incubatorID
        patent.slot = "points_data:#1"
        patent.indicator = PointsDataForm.ipInvention.id.rawValue
        patent.number = "ZL202410000001.1"
        patent.numberKey = QualificationEntries.key(patent.number)
        patent.title = "一种工业传感器"
        patent.datedOn = "2024-03-15"
        patent.createdBy = 1
        patent.createdAt = now
        try await patent.create(on: db)
        try await DigitalAssessmentDemo.attempt(enterprise, share: 0.5, completed: true, at: now, on: db)
        let change = AccountChangeRequest()
        change.enterpriseID = id
        change.regionCode = enterprise.regionCode
        change.zoneID = enterprise.zoneID
        change.incubatorID = enterprise.incubatorID
        change.userID = try #require(try await User.query(on: db).filter(\.$enterpriseID == id).first()?.id)
        change.phoneSealed = try app.personalData.seal("13700001111")
        change.phoneMasked = Masking.phone("13700001111")
        change.fileID = 0
        change.status = .pending
        change.createdAt = now
        try await change.create(on: db)
        try await FinanceTests.seedApplication(app, enterprise: enterprise)
        let message = EnterpriseMessage()
        message.enterpriseID = id
        message.regionCode = enterprise.regionCode
        message.zoneID = enterprise.zoneID
        message.incubatorID = enterprise.incubatorID
        message.category = .notice
        message.title = "请按时填报年报"
        message.body = "请按时填报年报"
        message.createdAt = now
        try await message.create(on: db)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("move-\(UUID().uuidString).pdf")
        try Data("%PDF-1.4 研发费用证明".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try await Files(app: app, db: db).keep(
            url, name: "证明.pdf", purpose: "proof", owner: nil,
            subject: (id, enterprise.regionCode, enterprise.zoneID, enterprise.incubatorID), allowed: [.pdf])
        return try #require(file.id)
    }

    /// Basic info submitted a second time after a return (a decision and a message exist) and an annual report
    /// submitted, both waiting for the enterprise's county.
    static func filePending(_ app: Application, enterprise: Browser, county: Browser, enterpriseID: Int) async throws
        -> (basicInfo: FilingRecord, annualReport: FilingRecord)
    {
        let values = SampleValues.of(BasicInfoForm.form)
        _ = try await FilingFlowTests.fileAll(enterprise, url: "/my/basic-info", form: BasicInfoForm.form, values: values)
        let first = try await FilingFlowTests.filing(app, enterprise: enterpriseID, slot: "basic_info")
        let returned = try await FilingFlowTests.decide(county, first, verdict: "returned", opinion: "请补充研发负责人")
        #expect(returned.status == .seeOther)
        _ = try await FilingFlowTests.fileAll(enterprise, url: "/my/basic-info", form: BasicInfoForm.form, values: values)
        let year = LocalDate(chinaTimeOf: app.clock.now()).year - 1
        _ = try await enterprise.post("/my/annual-reports", form: ["year": String(year)], csrfFrom: "/my/annual-reports")
        let report = try await FilingFlowTests.fileAll(enterprise, url: "/my/annual-reports/\(year)",
                                                       form: AnnualReportForm.form, values: SampleValues.of(AnnualReportForm.form))
        #expect(report.status == .seeOther, "\(Browser.fieldErrors(report.body.string))")
        let basicInfo = try await FilingFlowTests.filing(app, enterprise: enterpriseID, slot: "basic_info")
        let annualReport = try await FilingFlowTests.filing(app, enterprise: enterpriseID, slot: "annual_report:\(year)")
        #expect(basicInfo.status == FilingStatus.submitted && basicInfo.round == 2)
        #expect(annualReport.status == FilingStatus.submitted)
        return (basicInfo, annualReport)
    }

    /// The edit form as posted, with the enterprise's values and a new place.
    static func moveForm(_ enterprise: Enterprise, region: String, zone: Int?) -> [String: String] {
        ["uscc": enterprise.uscc, "name": enterprise.name, "region_code": region, "zone": zone.map(String.init) ?? "",
         "industry_code": "C39", "tech_field": "1", "registered_on": "2018-05-01", "contact_name": "联系人",
         "contact_phone": "13912345678", "status": "active"]
    }

    static func moveAudits(_ app: Application, enterprise: Int) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.enterpriseMove.rawValue)
            .filter(\.$targetID == String(enterprise)).all()
    }

    @Test("市级用户把企业迁到本市另一区县：各表记录随迁，待审核的基本信息和年报转由新区县审核，原区县处处 404")
    func cityMovesWithinCity() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            let owner = Browser(app, ip: "10.9.0.1")
            try await owner.login("ent-e2")
            let old = Browser(app, ip: "10.9.0.2")
            try await old.login("county-ls")
            let pending = try await Self.filePending(app, enterprise: owner, county: old, enterpriseID: e2)
            #expect(pending.annualReport.pendingReviewer == "county:210212")
            let fileID = try await Self.seedRecords(app, enterprise: e2)
            #expect(try await old.get("/files/\(fileID)").status == .ok)

            let city = Browser(app, ip: "10.9.0.3")
            try await city.login("city-dl")
            let enterprise = try #require(try await Enterprise.find(e2, on: app.db))
            let moved = try await city.post("/enterprises/\(e2)", form: Self.moveForm(enterprise, region: "210211", zone: nil),
                                            csrfFrom: "/enterprises/\(e2)/edit")
            #expect(moved.status == .seeOther, "\(Browser.fieldErrors(moved.body.string))")
            #expect(try await Enterprise.find(e2, on: app.db)?.regionCode == "210211")
            try await Self.expectEveryTable(app, enterprise: e2, region: "210211", zone: nil)

            // Both pending filings wait for the new county, as new versions.
            let basicInfo = try await FilingFlowTests.filing(app, enterprise: e2, slot: "basic_info")
            let report = try await FilingFlowTests.filing(app, enterprise: e2, slot: pending.annualReport.slot)
            #expect(basicInfo.pendingReviewer == "county:210211")
            #expect(report.pendingReviewer == "county:210211")
            #expect(report.status == FilingStatus.submitted)
            #expect(report.version == pending.annualReport.version + 1)
            #expect(try report.filing().route.map(\.reviewer.key) == ["county:210211", "city:210200"])

            // The old county: every URL of the enterprise is 404, and its queue no longer lists it.
            for path in ["/enterprises/\(e2)", "/enterprises/\(e2)/edit", "/reviews/\(basicInfo.id ?? 0)",
                         "/reviews/\(report.id ?? 0)", "/files/\(fileID)"] {
                #expect(try await old.get(path).status == .notFound, "\(path)")
            }
            #expect(!(try await old.get("/reviews?kind=annual_report").body.string.contains(enterprise.name)))
            #expect(try await FilingFlowTests.decide(old, report, verdict: "approved").status == .notFound)
            #expect(try await FilingFlowTests.decide(old, pending.annualReport, verdict: "approved").status == .notFound,
                    "nor on the version it loaded before the move")
            #expect(try await FilingFlowTests.filing(app, enterprise: e2, slot: report.slot).version == report.version)

            // The new county opens and approves both.
            let new = Browser(app, ip: "10.9.0.4")
            try await new.login("county-gjz")
            #expect(try await new.get("/enterprises/\(e2)").status == .ok)
            #expect(try await new.get("/files/\(fileID)").status == .ok)
            #expect(try await new.get("/reviews/\(report.id ?? 0)").status == .ok)
            #expect(try await new.get("/reviews?kind=annual_report").body.string.contains(enterprise.name))
            _ = try await FilingFlowTests.decide(new, report, verdict: "approved", opinion: "同意")
            let approvedOnce = try await FilingFlowTests.filing(app, enterprise: e2, slot: report.slot)
            #expect(approvedOnce.status == FilingStatus.inReview)
            #expect(approvedOnce.pendingReviewer == "city:210200")
            _ = try await FilingFlowTests.decide(new, basicInfo, verdict: "approved")
            #expect(try await FilingFlowTests.filing(app, enterprise: e2, slot: "basic_info").status
                == FilingStatus.approved)
            let decisions = try await ReviewDecisionRecord.query(on: app.db).filter(\.$enterpriseID == e2).all()
            #expect(decisions.count == 3)
            #expect(decisions.allSatisfy { $0.regionCode == "210211" }, "the old county's opinion moved too")

            let audits = try await Self.moveAudits(app, enterprise: e2)
            #expect(audits.count == 1)
            let detail = audits.first?.detail ?? ""
            #expect(detail.contains("210212") && detail.contains("210211") && detail.contains("2 份待审核材料"), "\(detail)")
            #expect(audits.first?.account == "city-dl")
        }
    }

    @Test("管理员把企业迁到另一城市并划入高新区：市级审核中的年报转由新城市审核，基本信息转由高新区审核")
    func adminMovesAcrossCitiesIntoAZone() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            let zone = try #require(fixtures.organizations["zone-cq"])
            let owner = Browser(app, ip: "10.9.1.1")
            try await owner.login("ent-e2")
            let county = Browser(app, ip: "10.9.1.2")
            try await county.login("county-ls")
            let pending = try await Self.filePending(app, enterprise: owner, county: county, enterpriseID: e2)
            _ = try await FilingFlowTests.decide(county, pending.annualReport, verdict: "approved")
            let inReview = try await FilingFlowTests.filing(app, enterprise: e2, slot: pending.annualReport.slot)
            #expect(inReview.pendingReviewer == "city:210200")
            _ = try await Self.seedRecords(app, enterprise: e2)

            let admin = Browser(app, ip: "10.9.1.3")
            try await admin.login("admin")
            let enterprise = try #require(try await Enterprise.find(e2, on: app.db))
            let moved = try await admin.post("/enterprises/\(e2)", form: Self.moveForm(enterprise, region: "500112", zone: zone),
                                             csrfFrom: "/enterprises/\(e2)/edit")
            #expect(moved.status == .seeOther, "\(Browser.fieldErrors(moved.body.string))")
            try await Self.expectEveryTable(app, enterprise: e2, region: "500112", zone: zone)

            let report = try await FilingFlowTests.filing(app, enterprise: e2, slot: inReview.slot)
            #expect(report.status == FilingStatus.inReview, "the county's approval stands")
            #expect(report.pendingReviewer == "province:500000", "重庆市 has no city bureau below it: the municipality acts as the city")
            #expect(try await FilingFlowTests.filing(app, enterprise: e2, slot: "basic_info").pendingReviewer == "zone:\(zone)")

            let oldCity = Browser(app, ip: "10.9.1.4")
            try await oldCity.login("city-dl")
            #expect(try await oldCity.get("/reviews/\(report.id ?? 0)").status == .notFound)
            #expect(try await FilingFlowTests.decide(oldCity, report, verdict: "approved").status == .notFound)

            // 重庆市's bureau (a province-level organisation) decides at the city level.
            let organization = try #require(try await Organization.query(on: app.db)
                .filter(\.$kind == .province).filter(\.$regionCode == "500000").first()?.id)
            let hash = try await app.password.async.hash(Fixtures.password)
            try await User(account: "city-cq", name: "测试重庆市", role: .province, organizationID: organization, enterpriseID: nil,
                           phone: "13800138001", passwordHash: hash, mustChangePassword: false, now: app.clock.now())
                .create(on: app.db)
            let newCity = Browser(app, ip: "10.9.1.5")
            try await newCity.login("city-cq")
            #expect(try await newCity.get("/reviews/\(report.id ?? 0)").status == .ok)
            _ = try await FilingFlowTests.decide(newCity, report, verdict: "approved", opinion: "同意")
            #expect(try await FilingFlowTests.filing(app, enterprise: e2, slot: report.slot).status
                == FilingStatus.approved)
            let facts = try await EnterpriseFacts.load(enterpriseID: e2, year: report.year ?? 0, scope: .region(prefix: "500112"),
                                                       on: app.db)
            #expect(facts != nil, "the approved report's facts land at the new place")
            #expect(try await Self.moveAudits(app, enterprise: e2).count == 1)
        }
    }

    @Test("只改名称、不改所属地时不算迁移：不改写其他表，不写迁移日志")
    func editWithoutMoveIsNoMove() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e2 = try fixtures.enterprise("e2")
            _ = try await Self.seedRecords(app, enterprise: e2)
            let city = Browser(app, ip: "10.9.2.1")
            try await city.login("city-dl")
            let enterprise = try #require(try await Enterprise.find(e2, on: app.db))
            var form = Self.moveForm(enterprise, region: "210212", zone: nil)
            form["name"] = "大连旅顺二号改名科技有限公司"
            let saved = try await city.post("/enterprises/\(e2)", form: form, csrfFrom: "/enterprises/\(e2)/edit")
            #expect(saved.status == .seeOther, "\(Browser.fieldErrors(saved.body.string))")
            #expect(try await Enterprise.find(e2, on: app.db)?.name == "大连旅顺二号改名科技有限公司")
            #expect(try await Self.moveAudits(app, enterprise: e2).isEmpty)
            let tables = EnterpriseBoundTables.all.filter { $0 != FilingRecord.schema && $0 != ReviewDecisionRecord.schema }
            try await Self.expectEveryTable(app, enterprise: e2, region: "210212", zone: nil, tables: tables)
        }
    }

    @Test("高新区审核通过更正了区县的注册：迁移经同一路径完成并写入审计日志")
    func registrationApprovalMoves() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let zone = try #require(fixtures.organizations["zone-dl"])
            let code = Fixtures.uscc(region: "210211", serial: "mvreg")
            let visitor = Browser(app, ip: "10.9.3.1")
            _ = try await visitor.upload("/register", form: RegistrationTests.form(uscc: code, region: "210211", zone: String(zone)),
                                         file: ("business_licence", "a.pdf", RegistrationTests.pdf), csrfFrom: "/register")
            let id = try #require(try await Enterprise.query(on: app.db).filter(\.$uscc == code).first()?.id)
            let reviewer = Browser(app, ip: "10.9.3.2")
            try await reviewer.login("zone-dl")
            _ = try await RegistrationTests.decideAndRead(reviewer, app, enterprise: id, verdict: "returned", opinion: "区县填错")
            var values = RegistrationTests.form(uscc: code, region: "210212", zone: String(zone))
            values["consent"] = "是"
            _ = try await FilingFlowTests.fileAll(visitor, url: "/my/registration", form: RegistrationForm.form, values: values)
            let approved = try await RegistrationTests.decideAndRead(reviewer, app, enterprise: id, verdict: "approved")
            #expect(approved.contains("已通过"), "\(Browser.alertText(approved) ?? "")")
            try await Self.expectEveryTable(app, enterprise: id, region: "210212", zone: zone, tables: [
                FilingRecord.schema, ReviewDecisionRecord.schema, EnterpriseMessage.schema, StoredFile.schema,
            ])
            let audits = try await Self.moveAudits(app, enterprise: id)
            #expect(audits.count == 1)
            #expect(audits.first?.account == "zone-dl")
            #expect(audits.first?.detail?.contains("210211") == true && audits.first?.detail?.contains("210212") == true)
            let licence = try #require(try await StoredFile.query(on: app.db).filter(\.$enterpriseID == id).first()?.id)
            let old = Browser(app, ip: "10.9.3.3")
            try await old.login("county-gjz")
            #expect(try await old.get("/enterprises/\(id)").status == .notFound)
            #expect(try await old.get("/files/\(licence)").status == .notFound)
            let new = Browser(app, ip: "10.9.3.4")
            try await new.login("county-ls")
            #expect(try await new.get("/enterprises/\(id)").status == .ok)
            #expect(try await new.get("/files/\(licence)").status == .ok)
        }
    }

    @Test("迁移清单与数据库一致：凡有 region_code 与 enterprise_id 的表都在清单或豁免表中，清单中的表都有四个范围列")
    func boundTablesMatchTheSchema() async throws {
        try await withSeedbedApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            struct Column: Decodable {
                let table_name: String
                let column_name: String
            }
            let scopeColumns = ["enterprise_id", "region_code", "zone_id", "incubator_id"]
            let columns: [Column]
            if sql.dialect.name == "postgresql" {
                columns = try await sql.raw("""
                    SELECT table_name::text AS table_name, column_name::text AS column_name
                    FROM information_schema.columns
                    WHERE table_schema = current_schema() AND column_name IN (\(binds: scopeColumns))
                        AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = table_name AND c.relispartition)
                    """).all(decoding: Column.self)
                // A partition (a scoring run's results) moves with its table: a move updates through the parent.
            } else {
                columns = try await sql.raw("""
                    SELECT m.name AS table_name, p.name AS column_name
                    FROM sqlite_master m JOIN pragma_table_info(m.name) p
                    WHERE m.type = 'table' AND p.name IN (\(binds: scopeColumns))
                    """).all(decoding: Column.self)
            }
            let byTable = Dictionary(grouping: columns, by: \.table_name).mapValues { Set($0.map(\.column_name)) }
            let bound = Set(byTable.filter { $0.value.isSuperset(of: ["enterprise_id", "region_code"]) }.keys)
            let declared = Set(EnterpriseBoundTables.all)
            let exempt = Set(EnterpriseBoundTables.exempt.keys)
            #expect(bound.subtracting(declared).subtracting(exempt).isEmpty,
                    "tables a move would leave behind: \(bound.subtracting(declared).subtracting(exempt).sorted())")
            #expect(declared.isDisjoint(with: exempt))
            for table in declared {
                #expect(byTable[table] == Set(scopeColumns), "\(table) lacks scope columns: \(byTable[table] ?? [])")
            }
            for table in exempt { #expect(bound.contains(table), "\(table) is exempt but has no scope columns") }
            #expect(declared.count == EnterpriseBoundTables.all.count, "no table listed twice")
        }
    }
}
