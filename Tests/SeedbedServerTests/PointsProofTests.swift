import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Spreadsheet
import Testing
import Vapor
import VaporTesting

/// Points data whose basic figures were not pre-filled from 火炬统计数据: proof documents, and the offline template.
@Suite("积分数据证明材料与基本数据模板")
struct PointsProofTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)

    /// A national points project and ent-e2 with approved basic info, signed in; returns the project's URL.
    static func setUp(_ app: Application, ipBase: String) async throws
        -> (fixtures: Fixtures, enterprise: Browser, county: Browser, url: String)
    {
        let fixtures = try await Fixtures.make(app)
        let national = Browser(app, ip: ipBase + ".1")
        try await national.login("national")
        let period = try await PointsFilingTests.createPeriod(app, national, name: "2025 年度积分数据填报")
        let enterprise = Browser(app, ip: ipBase + ".2")
        try await enterprise.login("ent-e2")
        let county = Browser(app, ip: ipBase + ".3")
        try await county.login("county-ls")
        try await PointsFilingTests.approveBasicInfo(app, enterprise: enterprise, county: county,
                                                     id: try fixtures.enterprise("e2"))
        return (fixtures, enterprise, county, "/my/points/periods/\(period)")
    }

    /// Posts the 基本数据 step as 暂存 with a file chosen for `field`.
    static func uploadProof(_ browser: Browser, url: String, field: String = "proof_audit", name: String, data: Data,
                            values: [String: String]) async throws -> TestingHTTPResponse {
        var form = ["step": "0", "action": "save"]
        for field in PointsTemplate.fields { form[field.id.rawValue] = values[field.id.rawValue] ?? "" }
        let page = try await browser.get(url)
        form["version"] = Browser.extract(#"name="version" value="(\d*)""#, from: page.body.string) ?? ""
        return try await browser.upload(url, form: form, file: (field, name, data), csrfFrom: url)
    }

    static func proofFileID(_ app: Application, field: String = "proof_audit") async throws -> Int {
        try #require(try await StoredFile.query(on: app.db).filter(\.$purpose == field).sort(\.$id, .descending).first()?.id)
    }

    @Test("证明材料：基本数据未由火炬统计数据预填时，没有证明材料不能提交但可以暂存；只收 PDF/JPG/PNG 且不超过大小上限；区县在审核页看到并下载，其他区县、其他企业下载 404；提交后不能删除，退回后企业可删除（记入日志），删除后又不能提交")
    func proofDocuments() async throws {
        // A small limit keeps the test quick; the platform's is 20 MB, as for the licence at registration.
        try await withSeedbedApp({ $0.filingFileMaxBytes = 64 * 1024 }) { app in
            let (fixtures, enterprise, county, url) = try await Self.setUp(app, ipBase: "10.21.0")
            let e2 = try fixtures.enterprise("e2")
            let page = try await enterprise.get(url).body.string
            #expect(page.contains("提交前须在“基本数据”步骤上传财务报表或审计报告"))
            #expect(page.contains("尚未上传证明材料"))

            let values = SampleValues.of(PointsDataForm.form, overrides: ["revenue": "5000"])
            let refused = try await FilingFlowTests.fileAll(enterprise, url: url, form: PointsDataForm.form, values: values)
            #expect(refused.status == .unprocessableEntity)
            #expect(Browser.fieldErrors(refused.body.string).joined().contains("请至少上传一份财务报表或审计报告"))
            let slot = "points_data:#\(url.split(separator: "/").last ?? "")"
            var record = try await FilingFlowTests.filing(app, enterprise: e2, slot: slot)
            #expect(record.status == FilingStatus.draft, "暂存 works without proof; 提交 does not")

            let text = try await Self.uploadProof(enterprise, url: url, name: "报表.txt", data: Data("营业收入 5000".utf8),
                                                  values: values)
            #expect(text.status == .unprocessableEntity)
            #expect(Browser.fieldErrors(text.body.string).joined().contains("「审计报告」无法识别的文件类型"))
            let workbook = try ImportExportTests.Workbook.write(header: ["营业收入"], rows: [[.text("5000")]])
            let excel = try await Self.uploadProof(enterprise, url: url, name: "报表.pdf", data: workbook, values: values)
            #expect(excel.status == .unprocessableEntity)
            #expect(Browser.fieldErrors(excel.body.string).joined().contains("不支持的文件类型，请上传 JPG、PDF、PNG"))
            var tooLarge = Self.pdf
            tooLarge.append(Data(count: app.config.filingFileMaxBytes))
            let large = try await Self.uploadProof(enterprise, url: url, name: "审计报告.pdf", data: tooLarge, values: values)
            #expect(large.status == .unprocessableEntity)
            #expect(Browser.fieldErrors(large.body.string).joined().contains("「审计报告」文件不能超过 64 KB"))
            #expect(try await StoredFile.query(on: app.db).filter(\.$purpose == "proof_audit").count() == 0)

            let accepted = try await Self.uploadProof(enterprise, url: url, name: "审计报告.pdf", data: Self.pdf, values: values)
            #expect(accepted.status == .seeOther, "\(Browser.fieldErrors(accepted.body.string))")
            let fileID = try await Self.proofFileID(app)
            #expect(try await enterprise.get(url).body.string.contains("/files/\(fileID)"))
            let submitted = try await FilingFlowTests.fileAll(enterprise, url: url, form: PointsDataForm.form, values: values)
            #expect(submitted.status == .seeOther, "\(Browser.fieldErrors(submitted.body.string))")
            record = try await FilingFlowTests.filing(app, enterprise: e2, slot: slot)
            #expect(record.status == FilingStatus.submitted)

            let review = try await county.get("/reviews/\(record.id ?? 0)")
            #expect(review.status == .ok)
            #expect(review.body.string.contains("审计报告：") && review.body.string.contains("/files/\(fileID)"))
            #expect(review.body.string.contains("已上传（见附件）"))
            let download = try await county.get("/files/\(fileID)")
            #expect(download.status == .ok)
            #expect(download.body.string.hasPrefix("%PDF-"))
            let stranger = Browser(app, ip: "10.21.0.4")
            try await stranger.login("county-gjz")
            #expect(try await stranger.get("/files/\(fileID)").status == .notFound)
            #expect(try await stranger.get("/reviews/\(record.id ?? 0)").status == .notFound)
            let other = Browser(app, ip: "10.21.0.5")
            try await other.login("ent-e1")
            #expect(try await other.get("/files/\(fileID)").status == .notFound)

            // Submitted: the proof stays, whoever asks.
            let locked = try await enterprise.post("\(url)/proofs/proof_audit/delete", form: [:], csrfFrom: url)
            #expect(locked.status == .seeOther)
            #expect(try await enterprise.get(url).body.string.contains("/files/\(fileID)"))
            _ = try await other.post("\(url)/proofs/proof_audit/delete", form: [:], csrfFrom: "/my/points")
            #expect(try await enterprise.get(url).body.string.contains("/files/\(fileID)"))
            #expect(try await enterprise.post("\(url)/proofs/licence/delete", form: [:], csrfFrom: url).status == .notFound)

            _ = try await FilingFlowTests.decide(county, record, verdict: "returned", opinion: "请补充审计报告盖章页")
            let returned = try await enterprise.get(url).body.string
            #expect(returned.contains("确定删除已上传的审计报告吗？"))
            let deleted = try await enterprise.post("\(url)/proofs/proof_audit/delete", form: [:], csrfFrom: url)
            #expect(deleted.status == .seeOther)
            let afterDelete = try await enterprise.get(deleted.location).body.string
            #expect(afterDelete.contains("已删除审计报告") && !afterDelete.contains("/files/\(fileID)"))
            let audited = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.delete.rawValue).all()
                .compactMap(\.detail)
            #expect(audited.contains { $0.contains("删除积分数据证明材料（审计报告") })
            let again = try await FilingFlowTests.fileAll(enterprise, url: url, form: PointsDataForm.form, values: values)
            #expect(again.status == .unprocessableEntity)
            record = try await FilingFlowTests.filing(app, enterprise: e2, slot: slot)
            #expect(record.status == FilingStatus.returned)
        }
    }

    @Test("基本数据由火炬统计数据预填时无须证明材料即可提交；资质数据按类别与导入数核对：不一致的标红，无导入数据的标黄")
    func torchNeedsNoProof() async throws {
        try await withSeedbedApp { app in
            let (fixtures, enterprise, _, url) = try await Self.setUp(app, ipBase: "10.22.0")
            let model = try #require(try await Enterprise.find(try fixtures.enterprise("e2"), on: app.db))
            try await EnterpriseFacts.upsert(enterprise: model, year: 2025, facts: [.revenue: 888, .ipInvention: 3, .ipSoftware: 4],
                                             source: "torch", on: app.db, now: app.clock.now())
            let first = try await enterprise.get(url).body.string
            #expect(first.contains("无须上传证明材料"))
            // Imported counts are pre-filled and match; kinds nobody imported are yellow, to supplement.
            #expect(first.contains("资质数据核对") && first.contains("平台已有数据来自导入的火炬统计数据"))
            #expect(!first.contains("class=\"qual-differs\""))
            #expect(first.contains("<tr class=\"qual-missing\"><td>有效外观设计专利"))
            #expect(!first.contains("<tr class=\"qual-missing\"><td>有效发明专利"))

            var values = SampleValues.of(PointsDataForm.form, overrides: ["ip_invention": "3", "ip_software": "5"])
            var step = ["step": "1", "action": "save"]
            for field in PointsDataForm.form.fields(in: "资质数据") { step[field.id.rawValue] = values[field.id.rawValue] ?? "" }
            let saved = try await enterprise.post(url, form: step, csrfFrom: url)
            #expect(saved.status == .seeOther, "\(Browser.fieldErrors(saved.body.string))")
            let verified = try await enterprise.get(url).body.string
            #expect(verified.contains("<tr class=\"qual-differs\"><td>软件著作权"), "a count unlike the imported one is red")
            #expect(verified.contains("与平台已有数不一致，请核对"))
            #expect(!verified.contains("<tr class=\"qual-differs\"><td>有效发明专利"))
            values["ip_software"] = "4"
            let submitted = try await FilingFlowTests.fileAll(enterprise, url: url, form: PointsDataForm.form, values: values)
            #expect(submitted.status == .seeOther, "\(Browser.fieldErrors(submitted.body.string))")
        }
    }

    @Test("基本数据模板：下载的 Excel 带单位、必填标记、当前数据和填写说明；上传改过的模板填入并暂存；有误时指明单元格且不改任何数据；其他企业看不到别人的数据")
    func template() async throws {
        try await withSeedbedApp { app in
            let (fixtures, enterprise, _, url) = try await Self.setUp(app, ipBase: "10.23.0")
            var values = SampleValues.of(PointsDataForm.form, overrides: ["revenue": "5000", "employees": "80"])
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D])
            let saved = try await Self.uploadProof(enterprise, url: url, field: "proof_statements", name: "报表.png", data: png,
                                                   values: values)
            #expect(saved.status == .seeOther, "\(Browser.fieldErrors(saved.body.string))")
            #expect(try await StoredFile.query(on: app.db).filter(\.$purpose == "proof_statements").first()?.contentType
                == "image/png")
            #expect(try await enterprise.get(url).body.string.contains("下载基本数据模板"))

            let download = try await enterprise.get("\(url)/template")
            try expectDownload(download, named: "年度积分数据基本数据模板.xlsx")
            #expect(download.headers.first(name: .contentType)?.contains("spreadsheetml") == true)
            let sheets = try ImportExportTests.Workbook.read(Data(buffer: download.body))
            let data = try #require(sheets["基本数据"])
            #expect(data.count == 2)
            let header = try #require(data.first)
            #expect(header.contains { $0.contains("营业收入（万元）") && $0.hasPrefix("*") })
            #expect(header.contains { $0.contains("从业人员（人）") })
            let revenueColumn = try #require(header.firstIndex { $0.contains("营业收入") })
            #expect(data[1][revenueColumn] == "5000")
            #expect(try #require(sheets["填写说明"]).flatMap { $0 }.contains { $0.contains("金额单位为万元") })
            let exported = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.export.rawValue).all()
            #expect(exported.contains { $0.detail?.contains("下载积分数据基本数据模板") == true })

            // Another enterprise never gets e2's figures.
            let other = Browser(app, ip: "10.23.0.5")
            try await other.login("ent-e1")
            let e1 = try await other.get("\(url)/template")
            #expect(e1.status == .unprocessableEntity, "ent-e1 has no approved basic info, so no points filing at all")
            #expect(!e1.body.string.contains("5000"))
            #expect(e1.body.string.contains("请先完成企业基本信息填报并通过审核"))

            func workbook(_ changed: [String: String]) throws -> Data {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-test-\(UUID().uuidString).xlsx")
                defer { try? FileManager.default.removeItem(at: file) }
                try app.spreadsheets.writeTemplate(PointsTemplate.spec(values: values.merging(changed) { $1 }, year: 2025),
                                                   to: file)
                return try Data(contentsOf: file)
            }
            let filled = try await enterprise.upload("\(url)/upload", form: [:],
                                                     file: ("file", "模板.xlsx", try workbook(["revenue": "6200.5"])),
                                                     csrfFrom: url)
            #expect(filled.status == .seeOther)
            let afterFill = try await enterprise.get(filled.location).body.string
            #expect(afterFill.contains("已按模板填入基本数据并暂存"))
            #expect(afterFill.contains("value=\"6200.5\""))
            let record = try await FilingFlowTests.filing(app, enterprise: try fixtures.enterprise("e2"),
                                                          slot: "points_data:#\(url.split(separator: "/").last ?? "")")
            values["revenue"] = "6200.5"

            let wrong = try await enterprise.upload("\(url)/upload", form: [:],
                                                    file: ("file", "模板.xlsx", try workbook(["revenue": "很多", "employees": "-3"])),
                                                    csrfFrom: url)
            #expect(wrong.status == .seeOther)
            let afterWrong = try await enterprise.get(wrong.location).body.string
            let cell = PointsTemplate.cellName(column: revenueColumn, row: 2)
            #expect(afterWrong.contains("\(cell) 单元格（营业收入）"), "the wrong cell is named")
            #expect(afterWrong.contains("单元格（从业人员）"))
            #expect(afterWrong.contains("value=\"6200.5\""), "nothing changed")
            let unchanged = try await FilingFlowTests.filing(app, enterprise: try fixtures.enterprise("e2"), slot: record.slot)
            #expect(unchanged.version == record.version)

            let rule = try await enterprise.upload("\(url)/upload", form: [:],
                                                   file: ("file", "模板.xlsx", try workbook(["rd_staff": "500", "st_staff": "10"])),
                                                   csrfFrom: url)
            #expect(try await enterprise.get(rule.location).body.string.contains("研发人员不能多于科技人员"))
            let notExcel = try await enterprise.upload("\(url)/upload", form: [:],
                                                       file: ("file", "模板.xlsx", Self.pdf), csrfFrom: url)
            #expect(try await enterprise.get(notExcel.location).body.string.contains("请上传下载的 Excel 模板"))
            #expect(try await FilingFlowTests.filing(app, enterprise: try fixtures.enterprise("e2"), slot: record.slot).version
                == record.version)
        }
    }

    @Test("单元格名称按 Excel 列字母编号")
    func cellNames() {
        #expect(PointsTemplate.cellName(column: 0, row: 2) == "A2")
        #expect(PointsTemplate.cellName(column: 25, row: 2) == "Z2")
        #expect(PointsTemplate.cellName(column: 26, row: 3) == "AA3")
    }
}
