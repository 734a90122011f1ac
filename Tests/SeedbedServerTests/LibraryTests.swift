import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Facts that make an enterprise meet every 高企后备库 condition except the 3-year R&D ratio: 4.5 % against
/// the 5 % a revenue of 3000 万元 asks for (RULES.md §10), so lowering that parameter admits it.
enum LibraryFixtures {
    static func hightechCandidate(year: Int, staffShare: Double = 0.3) -> [FactID: Double] {
        let netAssets: [Int: Double] = [2022: 500, 2023: 700, 2024: 980]
        return [
            .revenue: 3000, .mainRevenue: 2800, .rdExpense: 135, .rdExpenseDomestic: 135, .hightechProductIncome: 2000,
            .employees: 100, .stStaff: 100 * staffShare, .rdStaff: 20,
            .ipInvention: 2, .ipPlantVariety: 0, .ipCropVariety: 0, .ipNewDrug: 0, .ipTCMProtection: 0, .ipICLayout: 0,
            .ipUtilityModel: 3, .ipDesign: 0, .ipSoftware: 2, .achievementConversions: 5, .standardsLed: 0,
            .standardsJoined: 0, .totalAssets: 500 + (netAssets[year] ?? 500), .totalLiabilities: 500,
            .totalCost: 2500, .netProfit: 200, .negativeRecords: 0, .hightechCertified: 0, .techSMECertified: 0,
            .listingStatus: 0,
        ]
    }

    /// Three years of facts for the fixtures' enterprises; `staff` sets each one's S&T-staff share.
    static func load(_ app: Application, _ fixtures: Fixtures, staff: [String: Double] = [:]) async throws {
        for key in ["e1", "e2", "e3", "e4", "e5"] {
            let enterprise = try #require(try await Enterprise.find(try fixtures.enterprise(key), on: app.db))
            for year in 2022...2024 {
                try await EnterpriseFacts.upsert(enterprise: enterprise, year: year,
                                                 facts: hightechCandidate(year: year, staffShare: staff[key] ?? 0.3),
                                                 source: "test", on: app.db, now: app.clock.now())
            }
        }
    }
}

@Suite("培育库")
struct LibraryTests {
    @Test("区县用户的每个培育库列表、查看与导出都只含本区县企业，越权查看 404")
    func countyListsStayInScope() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await LibraryFixtures.load(app, fixtures)
            let county = Browser(app)
            try await county.login("county-gjz")
            for spec in LibraryPageSpec.all {
                let page = try await county.get("/libraries/\(spec.id.rawValue)?status=all&per=100")
                #expect(page.status == .ok, "\(spec.id)")
                let html = page.body.string
                for key in ["e1", "e5"] {
                    #expect(html.contains(Fixtures.enterpriseCodes[key]?.name ?? "?"), "\(spec.id) lists \(key)")
                }
                for key in ["e2", "e3", "e4"] {
                    #expect(!html.contains(Fixtures.enterpriseCodes[key]?.name ?? "?"), "\(spec.id) never lists \(key)")
                    let detail = try await county.get("/libraries/\(spec.id.rawValue)/\(try fixtures.enterprise(key))")
                    #expect(detail.status == .notFound, "\(spec.id) detail of \(key)")
                }
                let own = try await county.get("/libraries/\(spec.id.rawValue)/\(try fixtures.enterprise("e1"))")
                #expect(own.status == .ok, "\(spec.id) detail of e1")
            }
            #expect(try await county.get("/libraries/nonsense").status == .notFound)
            let zone = Browser(app, ip: "10.0.0.9")
            try await zone.login("zone-cq")
            let cq = try await zone.get("/libraries/hightech_reserve?status=all").body.string
            #expect(cq.contains(Fixtures.enterpriseCodes["e3"]?.name ?? "?"))
            #expect(!cq.contains(Fixtures.enterpriseCodes["e1"]?.name ?? "?"))
        }
    }

    @Test("设置条件参数只对本次查询有效：调低研发费用占比后企业入库，不带参数即恢复默认")
    func parametersApplyToOneQuery() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await LibraryFixtures.load(app, fixtures)
            let county = Browser(app)
            try await county.login("county-gjz")
            let name = try #require(Fixtures.enterpriseCodes["e1"]?.name)
            let before = try await county.get("/libraries/hightech_reserve")
            #expect(before.status == .ok)
            #expect(!before.body.string.contains(name), "4.5% misses the default 5%")
            #expect(before.body.string.contains("不低于 5%"), "the condition text shows the default")

            let lowered = try await county.get("/libraries/hightech_reserve?ht_rd_small=4")
            #expect(lowered.body.string.contains(name), "a 4% line admits it")
            #expect(lowered.body.string.contains("不低于 4%"))
            #expect(lowered.body.string.contains("本次已调整"))
            #expect(lowered.body.string.contains("ht_rd_small=4"), "pagination and export keep the parameter")

            let again = try await county.get("/libraries/hightech_reserve")
            #expect(!again.body.string.contains(name), "the default is back for the next query")
            #expect(LibraryCatalog.standard.libraries.first { $0.id == .hightechReserve }?
                .parameters.first { $0.id == "ht_rd_small" }?.defaultValue == 5)

            let refused = try await county.get("/libraries/hightech_reserve?ht_rd_small=abc&ht_score=200")
            #expect(refused.status == .ok)
            #expect(refused.body.string.contains("应填写数字"))
            #expect(refused.body.string.contains("应在 0 至 100"))
            #expect(!refused.body.string.contains(name), "refused values keep the defaults")
        }
    }

    @Test("查看页逐条显示是否满足、企业数值、阈值与差距")
    func detailShowsTheGap() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await LibraryFixtures.load(app, fixtures)
            let county = Browser(app)
            try await county.login("county-gjz")
            let id = try fixtures.enterprise("e1")
            let page = try await county.get("/libraries/hightech_reserve/\(id)?status=not_met")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("4.5%"), "the enterprise's 3-year R&D ratio")
            #expect(html.contains("<td>5%</td>"), "the threshold of its sales band")
            #expect(html.contains("0.5个百分点"), "the gap")
            #expect(html.contains("还差 0.5个百分点"))
            #expect(html.contains("不符合"))
            #expect(html.contains("创新能力评价得分明细"), "the score's breakdown")
            #expect(html.contains("仅供参考"), "condition 8 is information only")
            #expect(html.contains("下一条"), "the other not-met enterprise of the list follows")
        }
    }

    @Test("导出 Excel 每个条件一列，只含范围内企业")
    func exportHasAColumnPerCondition() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await LibraryFixtures.load(app, fixtures)
            let county = Browser(app)
            try await county.login("county-gjz")
            let response = try await county.post("/exports/library-hightech_reserve?status=all&ht_rd_small=4", form: [:])
            #expect(response.status == .ok)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("library-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: url) }
            try Data(buffer: response.body).write(to: url)
            let reader = try app.spreadsheets.openRows(url)
            let header = try #require(try reader.next()).cells.map(\.display)
            let library = try #require(LibraryCatalog.standard.libraries.first { $0.id == .hightechReserve })
            for condition in library.conditions {
                #expect(header.contains { $0.hasPrefix(condition.title) }, "column for \(condition.title)")
            }
            #expect(header.contains("入库结论"))
            var names: [String] = []
            var cells: [String] = []
            while let row = try reader.next() {
                let values = row.cells.map(\.display)
                names.append(values.count > 1 ? values[1] : "")
                cells += values
            }
            #expect(Set(names) == Set(["e1", "e5"].compactMap { Fixtures.enterpriseCodes[$0]?.name }))
            #expect(cells.contains("符合（4.5%）"), "the R&D cell carries the value, met under the 4% of this query")
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.export.rawValue).all()
            #expect(audit.contains { $0.targetType == "library-hightech_reserve" })
        }
    }

    @Test("企业端只看到自己的培育库结论、未满足条件与评价明细")
    func enterpriseSeesOnlyItself() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await LibraryFixtures.load(app, fixtures, staff: ["e1": 0.1234, "e2": 0.5678])
            let enterprise = Browser(app)
            try await enterprise.login("ent-e1")
            let page = try await enterprise.get("/my/libraries")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("12.34%"), "its own S&T-staff share")
            #expect(!html.contains("56.78%"), "never another enterprise's numbers")
            for key in ["e2", "e3", "e4", "e5"] {
                #expect(!html.contains(Fixtures.enterpriseCodes[key]?.name ?? "?"))
            }
            #expect(html.contains("高企后备库"))
            #expect(html.contains("研发费用占比（差 0.5个百分点）"), "which condition it misses, by how much")
            for evaluator in ["高新技术企业预评", "科技型中小企业评价", "创新型中小企业评价", "专精特新中小企业评价"] {
                #expect(html.contains(evaluator))
            }
            #expect(html.contains("合计"), "per-indicator breakdowns with their totals")
            let county = Browser(app, ip: "10.0.0.7")
            try await county.login("county-gjz")
            #expect(try await county.get("/my/libraries").status == .forbidden)
            #expect(try await enterprise.get("/libraries/hightech_reserve").status == .forbidden)
        }
    }

    @Test("认定名单经导入流程写入，认定库显示证书，重复导入覆盖而不重复")
    func recognitionImportEndToEnd() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let city = Browser(app)
            try await city.login("city-dl")
            #expect(try await city.get("/imports/recognitions/template").status == .ok)
            let e1 = try #require(try await Enterprise.find(try fixtures.enterprise("e1"), on: app.db))
            let e2 = try #require(try await Enterprise.find(try fixtures.enterprise("e2"), on: app.db))
            let e3 = try #require(try await Enterprise.find(try fixtures.enterprise("e3"), on: app.db))
            // Dates around today, so the certificates are valid whenever the test runs.
            let year = LocalDate(chinaTimeOf: app.clock.now()).year
            let rows: [[ListCell]] = [
                [.text(e1.uscc), .text(e1.name), .text("高新技术企业"), .text("GR202321000001"), .date("\(year - 1)-11-02"), .empty],
                [.text(e2.uscc), .text(e2.name), .text("科技型中小企业"), .text("2024210212A0001"), .date("\(year - 1)-05-10"),
                 .date("\(year + 1)-12-31")],
                [.text(e3.uscc), .text(e3.name), .text("高新技术企业"), .text("GR202350000009"), .date("2023-11-02"), .empty],
                [.text(e1.uscc), .text(e1.name), .text("高企"), .text("GR202321000002"), .text("2023-13-40"), .empty],
            ]
            let data = try Self.workbook(app, rows: rows)
            let upload = try await city.upload("/imports/recognitions", form: [:],
                                               file: ("file", "认定名单.xlsx", data), csrfFrom: "/imports/recognitions")
            #expect(upload.status == .seeOther)
            try await app.jobs.drain(app)
            let batch = try #require(try await ImportBatch.query(on: app.db).sort(\.$id, .descending).first())
            #expect(batch.status == .validated, "\(batch.message ?? "")")
            #expect(batch.validRows == 2)
            #expect(batch.invalidRows == 2, "another province's enterprise and an impossible date are refused")
            #expect(try await Self.recognitionCount(app) == 0, "nothing is written before confirmation")
            let batchID = try #require(batch.id)
            #expect(try await city.post("/imports/batches/\(batchID)/confirm", form: [:], csrfFrom: "/imports").status == .seeOther)
            try await app.jobs.drain(app)
            #expect(try await Self.recognitionCount(app) == 2)

            let county = Browser(app, ip: "10.0.0.5")
            try await county.login("county-gjz")
            let hightech = try await county.get("/libraries/hightech_recognized").body.string
            #expect(hightech.contains(e1.name))
            #expect(hightech.contains("GR202321000001"))
            #expect(hightech.contains("\(year + 2)-11-01"), "three years from the date when the list gives no validity")
            let techSME = try await county.get("/libraries/tech_sme_recognized").body.string
            #expect(!techSME.contains(e2.name), "e2 is in another county")
            let ls = Browser(app, ip: "10.0.0.6")
            try await ls.login("county-ls")
            #expect(try await ls.get("/libraries/tech_sme_recognized").body.string.contains("2024210212A0001"))

            let again = try await city.upload("/imports/recognitions", form: [:],
                                              file: ("file", "认定名单.xlsx", data), csrfFrom: "/imports/recognitions")
            #expect(again.status == .seeOther)
            try await app.jobs.drain(app)
            let second = try #require(try await ImportBatch.query(on: app.db).sort(\.$id, .descending).first())
            let secondID = try #require(second.id)
            _ = try await city.post("/imports/batches/\(secondID)/confirm", form: [:], csrfFrom: "/imports")
            try await app.jobs.drain(app)
            #expect(try await Self.recognitionCount(app) == 2, "the same certificates are replaced, not doubled")

            let countyImport = Browser(app, ip: "10.0.0.8")
            try await countyImport.login("county-gjz")
            #expect(try await countyImport.get("/imports/recognitions").status == .forbidden)
        }
    }

    static func workbook(_ app: Application, rows: [[ListCell]]) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("recognitions-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try app.spreadsheets.tableWriter(url)
        try writer.begin(sheet: "认定名单", columns: ["统一社会信用代码", "企业名称", "认定类型", "证书编号", "发证日期", "有效期至"]
            .map { ($0, 20) })
        for row in rows { try writer.append(row) }
        try writer.finish()
        return try Data(contentsOf: url)
    }

    static func recognitionCount(_ app: Application) async throws -> Int {
        let sql = try #require(app.db as? any SQLDatabase)
        return try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(Recognitions.schema).first(decodingColumn: "n", as: Int.self) ?? 0
    }
}
