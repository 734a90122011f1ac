import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
@testable import Spreadsheet
import Testing
import Vapor
import VaporTesting

/// Uploads of a few kilobytes built to turn into gigabytes of work: each is refused with a Chinese message (a
/// 422 page, the import batch's reason, the template page's notice), never a 500, and nothing is written.
@Suite("上传文件的工作量上限")
struct UploadBoundsTests {
    /// A workbook package assembled part by part, so a test can put any XML (or any bytes) in it.
    enum Package {
        static func write(sheet rows: String, sharedStrings: [String] = [], extra: [(String, Data)] = []) throws -> Data {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-test-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: url) }
            let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
            let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
            let package = "http://schemas.openxmlformats.org/package/2006/relationships"
            let items = sharedStrings.map { "<si><t>\($0)</t></si>" }.joined()
            var parts: [(String, Data)] = [
                ("[Content_Types].xml", Data("""
                    <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/\
                    content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.\
                    relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>
                    """.utf8)),
                ("_rels/.rels", Data("""
                    <Relationships xmlns="\(package)"><Relationship Id="rId1" \
                    Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                    """.utf8)),
                ("xl/workbook.xml", Data("""
                    <workbook xmlns="\(main)" xmlns:r="\(relationships)"><sheets><sheet name="企业名录" sheetId="1" \
                    r:id="rId1"/></sheets></workbook>
                    """.utf8)),
                ("xl/_rels/workbook.xml.rels", Data("""
                    <Relationships xmlns="\(package)"><Relationship Id="rId1" Type="\(relationships)/worksheet" \
                    Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="\(relationships)/sharedStrings" \
                    Target="sharedStrings.xml"/></Relationships>
                    """.utf8)),
                ("xl/sharedStrings.xml", Data("<sst xmlns=\"\(main)\">\(items)</sst>".utf8)),
                ("xl/worksheets/sheet1.xml", Data("<worksheet xmlns=\"\(main)\"><sheetData>\(rows)</sheetData></worksheet>".utf8)),
            ]
            parts += extra
            let zip = try ZipArchiveWriter(url: url)
            for (name, content) in parts {
                let part = CompressedPart(name: name)
                try content.withUnsafeBytes { bytes in try part.write(bytes) }
                try part.finish()
                try zip.add(part)
            }
            try zip.finish()
            return try Data(contentsOf: url)
        }

        /// An inline-string cell.
        static func text(_ reference: String, _ text: String) -> String {
            "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>"
        }
    }

    static func latestBatch(_ app: Application) async throws -> ImportBatch {
        try #require(try await ImportBatch.query(on: app.db).sort(\.$id, .descending).first())
    }

    @Test("导入文件只有几百字节、却在 XFD1048576 等远端单元格有值：后台校验失败，批次给出中文原因，不暂存、不写入任何数据")
    func farAwayCellsInAnImport() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let before = try await Enterprise.query(on: app.db).count()
            let rows = "<row r=\"1\">" + Package.text("A1", "统一社会信用代码") + Package.text("B1", "企业名称") + "</row>"
                + (2...200).map { "<row r=\"\($0)\"><c r=\"XFD\($0)\"><v>1</v></c></row>" }.joined()
                + "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>"
            let file = try Package.write(sheet: rows)
            #expect(file.count < 4_000, "\(file.count) bytes")

            let upload = try await admin.upload("/imports/enterprises", form: [:], file: ("file", "远端单元格.xlsx", file),
                                                csrfFrom: "/imports/enterprises")
            #expect(upload.status == .seeOther)
            try await app.jobs.drain(app)
            let batch = try await Self.latestBatch(app)
            #expect(batch.status == .failed)
            #expect(batch.message == "工作表超过 256 列的上限")
            #expect(batch.stagedFileID == nil && batch.errorFileID == nil)
            let job = try #require(try await Job.find(batch.validationJobID, on: app.db))
            #expect(job.status == .failed)
            #expect(job.message == "工作表超过 256 列的上限")
            let page = try await admin.get("/jobs/\(try #require(job.id))")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("工作表超过 256 列的上限"))
            #expect(try await Enterprise.query(on: app.db).count() == before)
        }
    }

    @Test("压缩比异常（解压后膨胀上千倍）的导入文件在上传时即以 422 拒绝，不保存文件、不建批次、不排任务")
    func zipBombIsRefusedInTheRequest() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let batches = try await ImportBatch.query(on: app.db).count()
            let files = try await StoredFile.query(on: app.db).count()
            let jobs = try await Job.query(on: app.db).count()
            let bomb = try Package.write(sheet: "", extra: [("xl/media/image1.bin", Data(count: 16 << 20))])
            #expect(bomb.count < 100_000, "\(bomb.count) bytes")

            let upload = try await admin.upload("/imports/enterprises", form: [:], file: ("file", "炸弹.xlsx", bomb),
                                                csrfFrom: "/imports/enterprises")
            #expect(upload.status == .unprocessableEntity)
            #expect(upload.body.string.contains("文件压缩比异常（超过 100 倍），疑似恶意构造的压缩文件"))
            #expect(try await ImportBatch.query(on: app.db).count() == batches)
            #expect(try await StoredFile.query(on: app.db).count() == files)
            #expect(try await Job.query(on: app.db).count() == jobs)
        }
    }

    @Test("一段长文字被上千行引用：展开后的数据超过按文件大小给定的上限，校验失败并说明原因")
    func repeatedSharedStringStopsAtTheSpoolAllowance() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let long = String(repeating: "很长的文字", count: 2_000)
            let rows = (1...3_000).map { "<row r=\"\($0)\"><c r=\"A\($0)\" t=\"s\"><v>0</v></c></row>" }.joined()
            let file = try Package.write(sheet: rows, sharedStrings: [long])
            let allowance = UploadBudget.imports.spoolAllowance(fileBytes: Int64(file.count))
            #expect(Int64(3_000 * long.utf8.count) > allowance, "the rows would spool beyond the allowance")

            let upload = try await admin.upload("/imports/enterprises", form: [:], file: ("file", "重复文字.xlsx", file),
                                                csrfFrom: "/imports/enterprises")
            #expect(upload.status == .seeOther)
            try await app.jobs.drain(app)
            let batch = try await Self.latestBatch(app)
            #expect(batch.status == .failed)
            #expect(batch.message?.hasPrefix("表格过大：展开后的数据超过 \(allowance >> 20) MB") == true, "\(batch.message ?? "")")
            #expect(batch.stagedFileID == nil)
        }
    }

    @Test("上传额度随文件大小增长并有绝对上限，计算不会溢出")
    func budgetGrowsWithTheUpload() {
        let budget = UploadBudget.imports
        #expect(budget.spoolAllowance(fileBytes: 0) == 16 << 20)
        #expect(budget.spoolAllowance(fileBytes: 1 << 20) == 66 << 20)
        #expect(budget.spoolAllowance(fileBytes: 64 << 20) == 256 << 20)
        #expect(budget.spoolAllowance(fileBytes: .max) == 256 << 20)
        #expect(budget.seconds(fileBytes: 0) == 10)
        #expect(budget.seconds(fileBytes: 5 << 20) == 20)
        #expect(budget.seconds(fileBytes: .max) == 120)
        let limits = XLSXSpreadsheets.limits(.formTemplate, fileBytes: 1 << 20)
        #expect(limits.maxColumns == 256 && limits.maxRows == 1_000 && limits.maxCells == 10_000)
        #expect(limits.maxUncompressedBytes == 20 << 20)
        #expect(limits.maxDuration == .seconds(4))
    }

    @Test("积分基本数据模板在请求内读取，但受模板额度约束：远端列或远端行有值时提示原因，不改任何数据")
    func pointsTemplateIsBounded() async throws {
        try await withSeedbedApp { app in
            let (fixtures, enterprise, _, url) = try await PointsProofTests.setUp(app, ipBase: "10.24.0")
            let values = SampleValues.of(PointsDataForm.form, overrides: ["revenue": "5000", "employees": "80"])
            let template = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-test-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: template) }
            try app.spreadsheets.writeTemplate(PointsTemplate.spec(values: values, year: 2025), to: template)
            let filled = try await enterprise.upload("\(url)/upload", form: [:],
                                                     file: ("file", "模板.xlsx", try Data(contentsOf: template)), csrfFrom: url)
            #expect(try await enterprise.get(filled.location).body.string.contains("已按模板填入基本数据并暂存"))
            let slot = "points_data:#\(url.split(separator: "/").last ?? "")"
            let record = try await FilingFlowTests.filing(app, enterprise: try fixtures.enterprise("e2"), slot: slot)

            let header = PointsTemplate.fields.enumerated()
                .map { Package.text(CellReference.address(column: $0.offset, row: 1), $0.element.header) }.joined()
            let data = PointsTemplate.fields.enumerated().map { index, field in
                Package.text(CellReference.address(column: index, row: 2), values[field.id.rawValue] ?? "")
            }.joined()
            for (far, message) in [
                ("<c r=\"XFD2\"><v>1</v></c>", "工作表超过 256 列的上限"),
                ("</row><row r=\"1048576\"><c r=\"A1048576\"><v>1</v></c>", "工作表超过 1000 行的上限"),
            ] {
                let file = try Package.write(sheet: "<row r=\"1\">\(header)</row><row r=\"2\">\(data)\(far)</row>")
                let upload = try await enterprise.upload("\(url)/upload", form: [:], file: ("file", "模板.xlsx", file),
                                                         csrfFrom: url)
                #expect(upload.status == .seeOther)
                let page = try await enterprise.get(upload.location).body.string
                #expect(page.contains(message), "\(message)")
                #expect(try await FilingFlowTests.filing(app, enterprise: try fixtures.enterprise("e2"), slot: slot).version
                    == record.version, "nothing changed")
            }
        }
    }
}
