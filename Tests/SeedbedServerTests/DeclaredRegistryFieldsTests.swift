import Fluent
import Foundation
import SeedbedDomain
import SQLKit
@testable import SeedbedServer
import Testing
import Vapor
import VaporTesting

/// 企业自填: the registry fields that forms, cohorts and rules depend on (所属行业, 成立日期) are filled by an
/// enterprise without registry data, until an import supplies them.
@Suite("工商字段企业自填")
struct DeclaredRegistryFieldsTests {
    /// The opening tag of the form control named `name`.
    static func control(_ name: String, in html: String) -> String? {
        Browser.extract(#"(<(?:input|select)\b[^>]*\sname=""# + name + #""[^>]*>)"#, from: html)
    }

    @Test("没有工商数据的企业自填所属行业与成立日期（标明企业自填），校验有中文提示；审核通过后写入企业档案；导入工商数据后以登记数据为准并恢复只读")
    func declaredUntilImported() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let id = try fixtures.enterprise("e2")
            // A self-registered enterprise: the platform knows neither its industry nor its founding date.
            let enterprise = try #require(try await Enterprise.find(id, on: app.db))
            enterprise.industryCode = nil
            enterprise.registeredOn = nil
            try await enterprise.save(on: app.db)

            let owner = Browser(app, ip: "10.12.0.1")
            try await owner.login("ent-e2")
            let page = try await owner.get("/my/basic-info").body.string
            let industry = try #require(Self.control("industry_code", in: page))
            let founded = try #require(Self.control("registered_on", in: page))
            #expect(industry.hasPrefix("<select") && !industry.contains("disabled"), "所属行业 is the enterprise's to fill")
            #expect(industry.contains("required"))
            #expect(!founded.contains("readonly"), "成立日期 is the enterprise's to fill")
            #expect(page.contains(FilingViews.declaredMark))
            #expect(page.contains("C39 计算机、通信和其他电子设备制造业"), "industries are offered by name")

            // Wrong values: Chinese messages, nothing saved.
            var bad = SampleValues.of(BasicInfoForm.form)
            bad["industry_code"] = "C99"
            bad["registered_on"] = "\(LocalDate(chinaTimeOf: app.clock.now()).year + 1)-01-01"
            var fields = ["step": "0", "action": "save", "version": ""]
            for field in BasicInfoForm.form.fields(in: "基本信息") { fields[field.id.rawValue] = bad[field.id.rawValue] ?? "" }
            let refused = try await owner.post("/my/basic-info", form: fields, csrfFrom: "/my/basic-info")
            #expect(refused.status == .unprocessableEntity)
            let errors = Browser.fieldErrors(refused.body.string).joined(separator: "\n")
            #expect(errors.contains("「所属行业」“C99”应为门类字母加两位大类代码"))
            #expect(errors.contains("「成立日期」不能晚于今天"))
            #expect(try await FilingRecord.query(on: app.db).filter(\.$enterpriseID == id).count() == 0)

            // Left empty, a submission is refused: what depends on the industry needs one.
            let empty = try await FilingFlowTests.fileAll(owner, url: "/my/basic-info", form: BasicInfoForm.form,
                                                          values: SampleValues.of(BasicInfoForm.form, overrides: ["industry_code": ""]))
            #expect(empty.status == .unprocessableEntity)
            #expect(Browser.fieldErrors(empty.body.string).joined().contains("「所属行业」"))

            let declared = SampleValues.of(BasicInfoForm.form, overrides: ["industry_code": "I65", "registered_on": "2019-06-18"])
            let submitted = try await FilingFlowTests.fileAll(owner, url: "/my/basic-info", form: BasicInfoForm.form,
                                                              values: declared)
            #expect(submitted.status == .seeOther, "\(Browser.fieldErrors(submitted.body.string))")
            let county = Browser(app, ip: "10.12.0.2")
            try await county.login("county-ls")
            let record = try await FilingFlowTests.filing(app, enterprise: id, slot: "basic_info")
            let detail = try await county.get("/reviews/\(record.id ?? 0)").body.string
            #expect(detail.contains("I65 软件和信息技术服务业（企业自填）"), "the reviewer sees it is self-declared")
            #expect(try await Enterprise.find(id, on: app.db)?.industryCode == nil, "not before approval")
            _ = try await FilingFlowTests.decide(county, record, verdict: "approved")

            // What lists, cohorts, library rules and dashboards read.
            let approved = try #require(try await Enterprise.find(id, on: app.db))
            #expect(approved.industryCode == "I65")
            #expect(approved.registeredOn == "2019-06-18")
            let sql = try #require(app.db as? any SQLDatabase)
            let year = LocalDate(chinaTimeOf: app.clock.now()).year - 1
            let loaded = try await FactLoader(sql: sql).load(scope: .all, years: [year])
            let slot = try #require(loaded.slots.first { $0.id == id })
            #expect(slot.industryCode == "I65" && slot.registeredOn == "2019-06-18")

            // The registry import supplies the industry: it wins, and the field is read-only again.
            let code = approved.uscc
            let header = BasicInfoForm.registryImport.fields.map(\.header)
            let workbook = try RegistryImportTests.workbook(app, header: header, rows: [
                ["统一社会信用代码": code, "企业名称": approved.name, "所属行业": "C35"],
            ])
            let batch = try await RegistryImportTests.upload(county, app, data: workbook)
            #expect(batch.validRows == 1, "\(batch.message ?? "")")
            _ = try await county.post("/imports/batches/\(batch.id ?? 0)/confirm", form: [:], csrfFrom: "/imports")
            try await app.jobs.drain(app)
            let imported = try #require(try await Enterprise.find(id, on: app.db))
            #expect(imported.industryCode == "C35")
            #expect(imported.registeredOn == "2019-06-18", "the registry had no date: the declared one stays")

            let after = try await owner.get("/my/basic-info").body.string
            let locked = try #require(Self.control("industry_code", in: after))
            #expect(locked.contains("disabled"), "the registry value is read-only")
            #expect(after.contains(#"<option value="C35" selected="selected">"#))
            #expect(!(Self.control("registered_on", in: after) ?? "readonly").contains("readonly"), "still the enterprise's")
            var again = declared
            again["industry_code"] = "I65"
            var step = ["step": "0", "action": "save",
                        "version": Browser.extract(#"name="version" value="(\d*)""#, from: after) ?? ""]
            for field in BasicInfoForm.form.fields(in: "基本信息") { step[field.id.rawValue] = again[field.id.rawValue] ?? "" }
            let saved = try await owner.post("/my/basic-info", form: step, csrfFrom: "/my/basic-info")
            #expect(saved.status == .seeOther, "\(Browser.fieldErrors(saved.body.string))")
            let latest = try await FilingFlowTests.filing(app, enterprise: id, slot: "basic_info")
            let values = try await FilingService(app: app, db: app.db, now: app.clock.now()).document(latest)?.values ?? [:]
            #expect(values["industry_code"] == "C35", "a posted industry does not replace the registry's")
            #expect(values["registered_on"] == "2019-06-18")
        }
    }
}
