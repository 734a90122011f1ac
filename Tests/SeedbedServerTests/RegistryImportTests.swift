import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

@Suite("工商数据导入")
struct RegistryImportTests {
    /// A workbook with the template's header and the given rows (cells by header).
    static func workbook(_ app: Application, header: [String], rows: [[String: String]]) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try app.spreadsheets.tableWriter(url)
        try writer.begin(sheet: "工商数据", columns: header.map { ($0, 20) })
        for row in rows {
            try writer.append(header.map { name in row[ImportKinds.normalise(name)].map { ListCell.text($0) } ?? .empty })
        }
        try writer.finish()
        return try Data(contentsOf: url)
    }

    /// Uploads a workbook and runs the validation job; returns the batch.
    static func upload(_ browser: Browser, _ app: Application, data: Data) async throws -> ImportBatch {
        let response = try await browser.upload("/imports/registry", form: [:], file: ("file", "工商数据.xlsx", data),
                                                csrfFrom: "/imports/registry")
        #expect(response.status == .seeOther, "\(Browser.alertText(response.body.string) ?? "")")
        #expect(response.location.hasPrefix("/jobs/"))
        try await app.jobs.drain(app)
        return try #require(try await ImportBatch.query(on: app.db).filter(\.$kind == "registry").sort(\.$id, .descending).first())
    }

    @Test("区县导入工商数据：按数据字典生成模板，逐行校验并给出错误报告，确认后写入；企业看到灰色只读的导入值")
    func countyImportsRegistryData() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let (e1, e2, e5) = (try fixtures.enterprise("e1"), try fixtures.enterprise("e2"), try fixtures.enterprise("e5"))
            func code(_ id: Int) async throws -> String { try #require(try await Enterprise.find(id, on: app.db)?.uscc) }
            let county = Browser(app, ip: "10.11.0.1")
            try await county.login("county-gjz")
            #expect(try await county.get("/imports").body.string.contains("导入工商数据"))

            let template = try await ReviewListTests.export(county, app, "/imports/registry/template")
            let header = template.header
            let expected = BasicInfoForm.form.fields.filter { $0.source == .imported }.map { ImportKinds.normalise($0.header) }
            #expect(header.map(ImportKinds.normalise) == expected, "the template's columns are the catalog's imported fields")

            let unknown = Fixtures.uscc(region: "210211", serial: "none")
            let rows: [[String: String]] = [
                ["统一社会信用代码": try await code(e1), "企业名称": "大连甘井子一号科技股份有限公司", "法定代表人": "王五",
                 "成立日期": "2016-03-08", "注册资本": "500", "登记状态": "存续", "所属行业": "I65"],
                ["统一社会信用代码": try await code(e2), "企业名称": "大连旅顺二号科技有限公司", "法定代表人": "赵六"],
                ["统一社会信用代码": unknown, "企业名称": "不存在的公司"],
                ["统一社会信用代码": try await code(e5), "企业名称": "大连孵化五号科技有限公司", "成立日期": "2020-13-01"],
                ["统一社会信用代码": try await code(e1), "企业名称": "重复行"],
            ]
            let batch = try await Self.upload(county, app, data: try Self.workbook(app, header: header, rows: rows))
            #expect(batch.status == .validated, "\(batch.message ?? "")")
            #expect(batch.validRows == 1)
            #expect(batch.invalidRows == 4)
            #expect(try await RegistryData.query(on: app.db).count() == 0, "nothing is written before confirmation")

            let report = try await ReviewListTests.export(county, app, "/imports/batches/\(batch.id ?? 0)/errors")
            let reasons = report.rows.compactMap(\.last).joined(separator: "\n")
            #expect(report.rows.count == 4)
            #expect(reasons.contains(RegistryImport.unknown), "another county's enterprise and an unknown code")
            #expect(reasons.contains("成立日期"))
            #expect(reasons.contains("重复"))

            let confirmed = try await county.post("/imports/batches/\(batch.id ?? 0)/confirm", form: [:], csrfFrom: "/imports")
            #expect(confirmed.status == .seeOther)
            try await app.jobs.drain(app)
            let done = try #require(try await ImportBatch.find(batch.id, on: app.db))
            #expect(done.status == .committed, "\(done.message ?? "")")
            #expect(done.insertedRows == 1)
            let stored = try #require(try await RegistryData.values(enterpriseID: e1, on: app.db))
            #expect(stored["legal_representative"] == "王五")
            #expect(stored["registered_capital"] == "500")
            #expect(try await RegistryData.values(enterpriseID: e2, on: app.db) == nil, "out of scope, untouched")
            let renamed = try #require(try await Enterprise.find(e1, on: app.db))
            #expect(renamed.name == "大连甘井子一号科技股份有限公司")
            #expect(renamed.registeredOn == "2016-03-08")
            #expect(renamed.industryCode == "I65")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$targetType == "import:registry").count() == 1)

            let owner = Browser(app, ip: "10.11.0.2")
            try await owner.login("ent-e1")
            let form = try await owner.get("/my/basic-info").body.string
            let input = try #require(Browser.extract(#"(<input[^>]*name="legal_representative"[^>]*>)"#, from: form))
            #expect(input.contains("value=\"王五\"") && input.contains("readonly"), "grey and read-only: \(input)")
            let name = try #require(Browser.extract(#"(<input[^>]*name="name"[^>]*>)"#, from: form))
            #expect(name.contains("大连甘井子一号科技股份有限公司") && name.contains("readonly"))

            var posted = ["step": "0", "action": "save", "version": ""]
            for field in BasicInfoForm.form.fields(in: "基本信息") {
                posted[field.id.rawValue] = SampleValues.of(BasicInfoForm.form)[field.id.rawValue]
            }
            posted["legal_representative"] = "伪造的代表人"
            let saved = try await owner.post("/my/basic-info", form: posted, csrfFrom: "/my/basic-info")
            #expect(saved.status == .seeOther, "\(Browser.fieldErrors(saved.body.string))")
            let record = try await FilingFlowTests.filing(app, enterprise: e1, slot: "basic_info")
            let document = try await FilingService(app: app, db: app.db, now: app.clock.now()).document(record)?.values ?? [:]
            #expect(document["legal_representative"] == "王五", "a post never overrides registry data")
            #expect(document["name"] == "大连甘井子一号科技股份有限公司")
        }
    }

    @Test("工商数据导入的权限：平台管理员可导入任一企业，企业与孵化器不能使用；再次导入覆盖原值")
    func whoMayImportRegistryData() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let e3 = try fixtures.enterprise("e3")
            for account in ["ent-e1", "incubator-dl"] {
                let browser = Browser(app, ip: "10.11.1.1")
                try await browser.login(account)
                #expect(try await browser.get("/imports/registry").status == .forbidden, "\(account)")
                #expect(try await browser.get("/imports/registry/template").status == .forbidden, "\(account)")
            }
            let county = Browser(app, ip: "10.11.1.2")
            try await county.login("county-gjz")
            #expect(try await county.get("/imports/enterprises").status == .forbidden, "企业名录 stays with admins and zones")

            let admin = Browser(app, ip: "10.11.1.3")
            try await admin.login("admin")
            let header = BasicInfoForm.registryImport.fields.map(\.header)
            let code = try #require(try await Enterprise.find(e3, on: app.db)?.uscc)
            for representative in ["钱七", "孙八"] {
                let data = try Self.workbook(app, header: header, rows: [
                    ["统一社会信用代码": code, "企业名称": "重庆渝北三号科技有限公司", "法定代表人": representative],
                ])
                let batch = try await Self.upload(admin, app, data: data)
                #expect(batch.validRows == 1, "\(batch.message ?? "")")
                _ = try await admin.post("/imports/batches/\(batch.id ?? 0)/confirm", form: [:], csrfFrom: "/imports")
                try await app.jobs.drain(app)
            }
            #expect(try await RegistryData.query(on: app.db).count() == 1, "one registry row per enterprise")
            #expect(try await RegistryData.values(enterpriseID: e3, on: app.db)?["legal_representative"] == "孙八")
            #expect(try await Enterprise.find(e3, on: app.db)?.registeredOn == "2018-05-01",
                    "a column left empty keeps what the record had")
        }
    }
}
