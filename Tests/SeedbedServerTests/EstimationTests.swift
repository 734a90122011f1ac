import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("积分测算")
struct EstimationTests {
    /// A filled estimation template: 499 enterprises new to the platform and e1, which is in the base.
    static func workbook(_ app: Application, owner: CurrentUser, inBase: Enterprise) async throws -> Data {
        let (_, scheme) = try await EstimationImport.scheme(for: owner, on: app.db)
        let form = EstimationImport.form(for: scheme)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("estimation-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try app.spreadsheets.tableWriter(url)
        try writer.begin(sheet: "积分测算", columns: form.fields.map { ($0.header, 16) })
        for index in 0..<500 {
            let cells: [ListCell] = form.fields.map { field in
                switch field.id.rawValue {
                case "uscc": .text(index == 0 ? inBase.uscc : PointsWorld.uscc(1000 + index))
                case "name": .text(index == 0 ? inBase.name : "测算企业\(index)号有限公司")
                case "region_code": .text("210211")
                case "registered_on": .text("2015-06-01")
                case "revenue": .integer(15_000 + 10 * index)
                case "prev_revenue": .integer(12_000)
                case "prev_net_profit": .integer(500)
                default:
                    switch field.kind {
                    case .flag: .text(index % 2 == 0 ? "是" : "否")
                    case .integer: .integer(index % 7)
                    default: .integer(100 + index)
                    }
                }
            }
            try writer.append(cells)
        }
        try writer.finish()
        return try Data(contentsOf: url)
    }

    @Test("区县下载模板、上传 500 家企业测算：已入库企业显示实际积分，其余为预估，已发布的积分一个也不变")
    func estimateFiveHundred() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await PointsWorld.seed(app, fixtures)
            let runID = try await PointsWorld.publishedNationalRun(app)
            let before = try await ScoreResult.query(on: app.db).filter(\.$runID == runID).sort(\.$id).all()
                .map { "\($0.enterpriseID):\($0.total):\($0.rank)" }

            let county = Browser(app, ip: "10.7.0.1")
            try await county.login("county-gjz")
            let template = try await county.get("/imports/estimation/template")
            #expect(template.status == .ok)
            #expect(template.headers.contentType?.subType.contains("spreadsheetml") == true)
            let page = try await county.get("/points/estimates")
            #expect(page.body.string.contains("测算依据：\(PointsWorld.year(app)) 年度"))

            let owner = try await Fixtures.currentUser("county-gjz", on: app)
            let e1 = try #require(try await Enterprise.find(try fixtures.enterprise("e1"), on: app.db))
            let data = try await Self.workbook(app, owner: owner, inBase: e1)
            let upload = try await county.upload("/imports/estimation", form: [:], file: ("file", "测算.xlsx", data),
                                                 csrfFrom: "/imports/estimation")
            #expect(upload.location.hasPrefix("/jobs/"), "\(upload.status.code) \(Browser.alertText(upload.body.string) ?? "")")
            try await app.jobs.drain(app)
            let batch = try #require(try await ImportBatch.query(on: app.db).filter(\.$kind == "estimation").first())
            #expect(batch.validRows == 500, "\(batch.message ?? "")")
            #expect(batch.invalidRows == 0)
            #expect(try await ScoreEstimate.query(on: app.db).count() == 0, "nothing is estimated before confirmation")
            let confirm = try await county.post("/imports/batches/\(batch.id ?? 0)/confirm", form: [:], csrfFrom: "/workbench")
            #expect(confirm.location.hasPrefix("/jobs/"))
            try await app.jobs.drain(app)

            let estimates = try await ScoreEstimate.query(on: app.db).filter(\.$batchID == batch.id ?? 0).all()
            #expect(estimates.count == 500)
            #expect(estimates.filter(\.isEstimate).count == 499)
            let actual = try #require(estimates.first { !$0.isEstimate })
            let published = try await PointsWorld.result(app, run: runID, enterprise: e1.id ?? 0)
            #expect(actual.total == published.total)
            #expect(actual.rank == published.rank)
            #expect(estimates.filter(\.isEstimate).allSatisfy { $0.cohortSize == 2 },
                    "each is placed alone among the one published enterprise of its cohort (大连市 · 成长期)")
            let after = try await ScoreResult.query(on: app.db).filter(\.$runID == runID).sort(\.$id).all()
                .map { "\($0.enterpriseID):\($0.total):\($0.rank)" }
            #expect(after == before, "no published score moved")

            let list = try await county.get("/points/estimates/\(batch.id ?? 0)?per=100")
            #expect(list.body.string.contains("预估"))
            #expect(list.body.string.contains("实际"))
            let row = try #require(estimates.first { $0.isEstimate })
            let detail = try await county.get("/points/estimates/rows/\(row.id ?? 0)")
            #expect(detail.status == .ok)
            #expect(detail.body.string.contains("预估积分"))
            #expect(detail.body.string.contains("各项指标得分"))

            // The batch is its uploader's alone.
            let other = Browser(app, ip: "10.7.0.2")
            try await other.login("county-ls")
            #expect(try await other.get("/points/estimates/\(batch.id ?? 0)").status == .notFound)
            #expect(try await other.get("/points/estimates/rows/\(row.id ?? 0)").status == .notFound)
        }
    }

    @Test("测算数据有误的行给出中文原因，不进入测算")
    func badRowsAreExplained() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await PointsWorld.seed(app, fixtures)
            _ = try await PointsWorld.publishedNationalRun(app)
            let owner = try await Fixtures.currentUser("county-gjz", on: app)
            let (run, scheme) = try await EstimationImport.scheme(for: owner, on: app.db)
            #expect(run != nil)
            let form = EstimationImport.form(for: scheme)
            let header = Dictionary(uniqueKeysWithValues: form.fields.enumerated().map { (ImportKinds.normalise($0.element.header), $0.offset) })
            func row(_ number: Int, _ values: [String: RawValue]) -> ImportRow {
                ImportRow(number: number, cells: form.fields.map { values[$0.id.rawValue] ?? .number(1) })
            }
            let base: [String: RawValue] = ["uscc": .text(PointsWorld.uscc(5001)), "name": .text("测算甲"),
                                            "region_code": .text("210211"), "registered_on": .text("2015-06-01"),
                                            "revenue": .number(15_000)]
            let context = try await EstimationImport().makeContext(owner: owner, on: app.db)
            let outcomes = try await EstimationImport().validate([
                row(2, base),
                row(3, base),
                row(4, base.merging(["uscc": .text(PointsWorld.uscc(5002)), "revenue": .text("很多")],
                                    uniquingKeysWith: { $1 })),
                row(5, base.merging(["uscc": .text(PointsWorld.uscc(5003)), "revenue": .number(200_000)],
                                    uniquingKeysWith: { $1 })),
            ], header: header, context: context)
            guard case .valid = outcomes[0] else { Issue.record("row 2 should be valid: \(outcomes[0])"); return }
            guard case .invalid(_, let duplicate) = outcomes[1] else { Issue.record("row 3 should be refused"); return }
            #expect(duplicate.contains("与第 2 行的统一社会信用代码重复"))
            guard case .invalid(_, let number) = outcomes[2] else { Issue.record("row 4 should be refused"); return }
            #expect(number.contains("须为数字"))
            guard case .invalid(_, let cohort) = outcomes[3] else { Issue.record("row 5 should be refused"); return }
            #expect(cohort.contains("没有已发布的积分，无法测算"), "a 稳定期 enterprise of 大连市 has no published cohort")
        }
    }
}

extension EstimationTests {
    @Test("测算上传的所属区县可填平台显示的地区名称或代码；未知或同名无法确定时给出中文原因")
    func regionNamesAreAccepted() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await PointsWorld.seed(app, fixtures)
            _ = try await PointsWorld.publishedNationalRun(app)
            let owner = try await Fixtures.currentUser("county-gjz", on: app)
            let (_, scheme) = try await EstimationImport.scheme(for: owner, on: app.db)
            let form = EstimationImport.form(for: scheme)
            let header = Dictionary(uniqueKeysWithValues: form.fields.enumerated().map { (ImportKinds.normalise($0.element.header), $0.offset) })
            let regionColumn = try #require(form.fields.firstIndex { $0.id == EnterpriseRecordForm.region.id })
            let typed = ["辽宁省大连市甘井子区", "大连市甘井子区", "甘井子区", "辽宁省 / 大连市 / 甘井子区", "210211",
                         "鼓楼区", "甘井子", "大连市", "219999"]
            let rows = typed.enumerated().map { index, region in
                ImportRow(number: index + 2, cells: form.fields.map { field in
                    switch field.id.rawValue {
                    case "uscc": .text(PointsWorld.uscc(6000 + index))
                    case "name": .text("测算\(index)号")
                    case "region_code": .text(region)
                    case "registered_on": .text("2015-06-01")
                    case "revenue": .number(15_000)
                    default: .number(1)
                    }
                })
            }
            let context = try await EstimationImport().makeContext(owner: owner, on: app.db)
            let outcomes = try await EstimationImport().validate(rows, header: header, context: context)
            for (index, outcome) in outcomes.prefix(5).enumerated() {
                guard case .valid(let values) = outcome else { Issue.record("“\(typed[index])”: \(outcome)"); continue }
                #expect(values[EnterpriseRecordForm.region.id]?.text == "210211", "“\(typed[index])”")
            }
            let refusals = outcomes.dropFirst(5).map { outcome -> String in
                guard case .invalid(let problems, _) = outcome else { return "accepted" }
                return problems[regionColumn] ?? "no problem in the region column: \(problems)"
            }
            #expect(refusals[0].contains("同名区县") && refusals[0].contains("江苏省南京市鼓楼区"), "\(refusals[0])")
            #expect(refusals[1].contains("找不到区县“甘井子”"), "\(refusals[1])")
            #expect(refusals[2].contains("不是区县，请填写到区县一级"), "\(refusals[2])")
            #expect(refusals[3].contains("不是有效的区县级行政区划代码"), "\(refusals[3])")
            #expect(refusals.allSatisfy { $0.hasPrefix("「所属区县」") }, "\(refusals)")
        }
    }
}

@Suite("火炬统计数据导入")
struct TorchStatisticsImportTests {
    @Test("高新区导入火炬统计数据：范围内企业的事实数据被补充，空白单元格不覆盖已有数据，范围外和未登记的企业逐行报错")
    func importMergesFacts() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            try await PointsWorld.seed(app, fixtures)
            let year = PointsWorld.year(app)
            let e1 = try #require(try await Enterprise.find(try fixtures.enterprise("e1"), on: app.db))
            let e3 = try #require(try await Enterprise.find(try fixtures.enterprise("e3"), on: app.db))
            let before = try #require(try await SeedbedServer.EnterpriseFacts.load(enterpriseID: e1.id ?? 0, year: year, scope: .all,
                                                                                   on: app.db))
            let e3Before = try await SeedbedServer.EnterpriseFacts.load(enterpriseID: e3.id ?? 0, year: year, scope: .all, on: app.db)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("torch-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: url) }
            let writer = try app.spreadsheets.tableWriter(url)
            let fields = TorchStatisticsImport.form.fields
            try writer.begin(sheet: "火炬统计数据", columns: fields.map { ($0.header, 16) })
            for (code, revenue) in [(e1.uscc, 99_999), (e3.uscc, 5_000), (PointsWorld.uscc(9999), 1_000)] {
                try writer.append(fields.map { field -> ListCell in
                    switch field.id.rawValue {
                    case "uscc": .text(code)
                    case "statistics_year": .integer(year)
                    case "revenue": .integer(revenue)
                    default: .empty
                    }
                })
            }
            try writer.finish()
            let zone = Browser(app, ip: "10.6.0.1")
            try await zone.login("zone-dl")
            let upload = try await zone.upload("/imports/torch-statistics", form: [:],
                                               file: ("file", "火炬统计.xlsx", try Data(contentsOf: url)),
                                               csrfFrom: "/imports/torch-statistics")
            #expect(upload.location.hasPrefix("/jobs/"))
            try await app.jobs.drain(app)
            let batch = try #require(try await ImportBatch.query(on: app.db).filter(\.$kind == "torch-statistics").first())
            #expect(batch.validRows == 1)
            #expect(batch.invalidRows == 2, "e3 is another zone's, the last code is not registered")
            _ = try await zone.post("/imports/batches/\(batch.id ?? 0)/confirm", form: [:], csrfFrom: "/workbench")
            try await app.jobs.drain(app)
            let after = try #require(try await SeedbedServer.EnterpriseFacts.load(enterpriseID: e1.id ?? 0, year: year, scope: .all,
                                                                                  on: app.db))
            #expect(abs((after[.revenue] ?? 0) - 9_999.9) < 1e-6, "千元 in the file, 万元 in the fact table")
            #expect(after[.rdExpense] == before[.rdExpense], "a blank cell keeps the stored value")
            let e3Facts = try await SeedbedServer.EnterpriseFacts.load(enterpriseID: e3.id ?? 0, year: year, scope: .all, on: app.db)
            #expect(e3Facts?[.revenue] == e3Before?[.revenue], "another zone's enterprise is untouched")
            #expect(try await ImportBatch.find(batch.id ?? 0, on: app.db)?.status == .committed)
        }
    }
}
