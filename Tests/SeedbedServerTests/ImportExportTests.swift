import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Spreadsheet
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Excel in and out, as a zone user and a county user live it: the template, a 1,000-row upload with mistakes,
/// the error workbook, the corrected re-upload, confirmation; and exports that carry exactly what the list shows.
@Suite("Excel 导入与导出")
struct ImportExportTests {
    /// A workbook in a temporary file, written from rows of cells, read back as rows of display text.
    enum Workbook {
        static func write(header: [String], rows: [[CellValue]]) throws -> Data {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-test-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: url) }
            var writer = try XLSXWriter(url: url)
            try writer.addSheet(SheetDefinition(name: "企业名录", columns: header.map { SheetColumn($0) }))
            for row in rows { try writer.writeRow(row) }
            try writer.finish()
            return try Data(contentsOf: url)
        }

        /// Every sheet's rows (header included) as display strings, by sheet name.
        static func read(_ data: Data) throws -> [String: [[String]]] {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-test-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: url) }
            try data.write(to: url)
            let reader = try XLSXReader(url: url)
            var sheets: [String: [[String]]] = [:]
            for sheet in reader.sheets {
                var rows: [[String]] = []
                try reader.forEachRow(inSheet: sheet.name) { row, _ in
                    rows.append(row.values.map { $0.stringValue ?? "" })
                }
                sheets[sheet.name] = rows
            }
            return sheets
        }
    }

    static func code(_ serial: Int) -> String {
        let first17 = "91210211" + String(format: "%08d", 30_000_000 + serial) + "0"
        return USCC.completing(first17)?.value ?? first17
    }

    /// A filled-in row of the enterprise template (by header) for a Dalian 甘井子区 enterprise.
    static func row(_ serial: Int, header: [String], overrides: [String: String] = [:]) -> [CellValue] {
        var values = [
            "统一社会信用代码": code(serial), "企业名称": "导入测试\(serial)科技有限公司", "所在省份": "辽宁省",
            "所在城市": "大连市", "所属区县": "甘井子区", "所属行业": "I65 信息传输、软件和信息技术服务业",
            "高新技术领域": "电子信息", "成立日期": "2019-06-01", "联系人": "王明", "联系电话": "13800000000",
        ]
        for (key, value) in overrides { values[key] = value }
        return header.map { column in
            let key = ImportKinds.normalise(column)
            return values[key].map { CellValue.text($0) } ?? .empty
        }
    }

    @Test("高新区用户下载模板、上传 1000 行（含 5 处错误）、拿到错误报告、改正后再上传，确认后才写入")
    func zoneImportsThousandRowsWithMistakes() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let zone = Browser(app)
            try await zone.login("zone-dl")

            // The template: a data sheet whose header comes from the catalog, an instructions sheet, dropdowns.
            let template = try await zone.get("/imports/enterprises/template")
            try expectDownload(template, named: "企业名录导入模板.xlsx")
            let sheets = try Workbook.read(Data(buffer: template.body))
            let header = try #require(sheets["企业名录"]?.first)
            #expect(header.map(ImportKinds.normalise).starts(with: ["统一社会信用代码", "企业名称", "所在省份", "所在城市", "所属区县"]))
            #expect(!header.map(ImportKinds.normalise).contains("所属高新区"), "a zone imports into its own zone")
            #expect(sheets["填写说明"]?.isEmpty == false)

            // 1,000 rows, five of them wrong in five different ways.
            var rows = (0..<1000).map { Self.row($0, header: header) }
            let bad = String(Self.code(3).dropLast()) + (Self.code(3).hasSuffix("0") ? "1" : "0")
            rows[3] = Self.row(3, header: header, overrides: ["统一社会信用代码": bad])
            rows[10] = Self.row(10, header: header, overrides: ["企业名称": ""])
            rows[20] = Self.row(20, header: header, overrides: ["成立日期": "2024-13-45"])
            rows[30] = Self.row(30, header: header, overrides: ["所在城市": "沈阳市", "所属区县": "和平区"])
            rows[40] = Self.row(40, header: header, overrides: ["统一社会信用代码": Self.code(39)])
            let before = try await Enterprise.query(on: app.db).count()

            let upload = try await zone.upload("/imports/enterprises", form: [:],
                                               file: ("file", "企业名录.xlsx", try Workbook.write(header: header, rows: rows)),
                                               csrfFrom: "/imports/enterprises")
            #expect(upload.status == .seeOther)
            try await app.jobs.drain(app)
            let batch = try #require(try await ImportBatch.query(on: app.db).sort(\.$id, .descending).first())
            #expect(batch.status == .validated)
            #expect(batch.totalRows == 1000)
            #expect(batch.validRows == 995)
            #expect(batch.invalidRows == 5)
            #expect(try await Enterprise.query(on: app.db).count() == before, "nothing is written before confirmation")
            let job = try #require(try await Job.find(batch.validationJobID, on: app.db))
            #expect(job.progressDone == 1000 && job.progressTotal == 1000, "progress counts against the real row count")

            // The error workbook: the original five rows, each with its reason.
            let report = try await zone.get("/imports/batches/\(try #require(batch.id))/errors")
            try expectDownload(report, named: "企业名录-错误报告.xlsx")
            let errorRows = try #require(try Workbook.read(Data(buffer: report.body))["错误数据"])
            #expect(errorRows.count == 6)
            let reasons = errorRows.dropFirst().compactMap(\.last)
            #expect(reasons.contains { $0.hasPrefix("第 5 行") && $0.contains("校验") })
            #expect(reasons.contains { $0.hasPrefix("第 12 行") && $0.contains("企业名称") })
            #expect(reasons.contains { $0.hasPrefix("第 22 行") && $0.contains("成立日期") })
            #expect(reasons.contains { $0.hasPrefix("第 32 行") && $0.contains("超出您的管辖范围") })
            #expect(reasons.contains { $0.hasPrefix("第 42 行") && $0.contains("与第 41 行") })

            // Confirm the valid 995: written in one go, in the zone, audited.
            let confirm = try await zone.post("/imports/batches/\(try #require(batch.id))/confirm", form: [:],
                                              csrfFrom: "/imports")
            #expect(confirm.status == .seeOther)
            try await app.jobs.drain(app)
            #expect(try await Enterprise.query(on: app.db).count() == before + 995)
            let zoneID = try #require(fixtures.organizations["zone-dl"])
            #expect(try await Enterprise.query(on: app.db).filter(\.$name == "导入测试0科技有限公司").first()?.zoneID == zoneID)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$targetType == "import:enterprises").count() == 1)
            let again = try await zone.post("/imports/batches/\(try #require(batch.id))/confirm", form: [:], csrfFrom: "/imports")
            try await app.jobs.drain(app)
            #expect(again.status == .seeOther)
            #expect(try await Enterprise.query(on: app.db).count() == before + 995, "a second confirmation writes nothing")

            // The user corrects the error workbook and uploads it again (its reason column is ignored).
            let errorHeader = try #require(errorRows.first)
            let corrected: [[CellValue]] = [
                Self.row(3, header: errorHeader), Self.row(10, header: errorHeader), Self.row(20, header: errorHeader),
                Self.row(30, header: errorHeader), Self.row(40, header: errorHeader),
            ]
            let reupload = try await zone.upload("/imports/enterprises", form: [:],
                                                 file: ("file", "错误报告-已改.xlsx",
                                                        try Workbook.write(header: errorHeader, rows: corrected)),
                                                 csrfFrom: "/imports/enterprises")
            #expect(reupload.status == .seeOther)
            try await app.jobs.drain(app)
            let second = try #require(try await ImportBatch.query(on: app.db).sort(\.$id, .descending).first())
            #expect(second.validRows == 5 && second.invalidRows == 0, "\(second.message ?? "")")
            _ = try await zone.post("/imports/batches/\(try #require(second.id))/confirm", form: [:], csrfFrom: "/imports")
            try await app.jobs.drain(app)
            #expect(try await Enterprise.query(on: app.db).count() == before + 1000)

            // 我的导入记录 lists and exports the uploader's own batches only.
            let records = try await zone.get("/imports?status=committed")
            #expect(records.body.string.contains("错误报告-已改.xlsx"))
            let exported = try await zone.post("/exports/imports", form: [:])
            #expect(try Workbook.read(Data(buffer: exported.body)).values.first?.count == 3)
            let admin = Browser(app, ip: "10.0.0.9")
            try await admin.login("admin")
            #expect(try Workbook.read(Data(buffer: try await admin.post("/exports/imports", form: [:]).body)).values.first?.count == 1)
            #expect(!(try await admin.get("/imports")).body.string.contains("错误报告-已改.xlsx"))
        }
    }

    @Test("导入文件不是 Excel、缺少必填列时给出中文原因，不写入任何数据")
    func badUploadsAreRefused() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let admin = Browser(app)
            try await admin.login("admin")
            let before = try await Enterprise.query(on: app.db).count()
            let notExcel = try await admin.upload("/imports/enterprises", form: [:],
                                                  file: ("file", "名单.xlsx", Data("统一社会信用代码,企业名称\n".utf8)),
                                                  csrfFrom: "/imports/enterprises")
            #expect(notExcel.status == .unprocessableEntity)
            #expect(notExcel.body.string.contains(".xlsx"))

            let partial = try Workbook.write(header: ["企业名称", "联系人"], rows: [[.text("某公司"), .text("张三")]])
            let missing = try await admin.upload("/imports/enterprises", form: [:], file: ("file", "少列.xlsx", partial),
                                                 csrfFrom: "/imports/enterprises")
            #expect(missing.status == .seeOther)
            try await app.jobs.drain(app)
            let batch = try #require(try await ImportBatch.query(on: app.db).sort(\.$id, .descending).first())
            #expect(batch.status == .failed)
            #expect(batch.message?.contains("缺少必填列") == true)
            #expect(batch.message?.contains("统一社会信用代码") == true)
            #expect(try await Enterprise.query(on: app.db).count() == before)
        }
    }

    @Test("全部行有误的批次直接结束为失败，不再停在“待确认”；七天未确认的批次过期并说明原因，不能再确认")
    func stuckBatchesEndWithAReason() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let zone = Browser(app)
            try await zone.login("zone-dl")
            let template = try await zone.get("/imports/enterprises/template")
            let header = try #require(try Workbook.read(Data(buffer: template.body))["企业名录"]?.first)
            let before = try await Enterprise.query(on: app.db).count()

            // Every row wrong: nothing to confirm, so the batch fails at once and says what to do.
            let allBad = (0..<3).map { Self.row($0, header: header, overrides: ["企业名称": ""]) }
            _ = try await zone.upload("/imports/enterprises", form: [:],
                                      file: ("file", "全错.xlsx", try Workbook.write(header: header, rows: allBad)),
                                      csrfFrom: "/imports/enterprises")
            try await app.jobs.drain(app)
            let failed = try #require(try await ImportBatch.query(on: app.db).sort(\.$id, .descending).first())
            #expect(failed.status == .failed)
            #expect(failed.invalidRows == 3)
            #expect(failed.message?.contains("没有可导入的数据") == true)
            #expect(try await zone.get("/imports/batches/\(try #require(failed.id))/errors").status == .ok,
                    "the error report stays downloadable")

            // A valid batch nobody confirms: after the confirmation window it is 已过期, with the reason on the list.
            _ = try await zone.upload("/imports/enterprises", form: [:],
                                      file: ("file", "忘了确认.xlsx", try Workbook.write(header: header, rows: [Self.row(7, header: header)])),
                                      csrfFrom: "/imports/enterprises")
            try await app.jobs.drain(app)
            let waiting = try #require(try await ImportBatch.query(on: app.db).sort(\.$id, .descending).first())
            #expect(waiting.status == .validated)
            let waitingID = try #require(waiting.id)
            #expect(try await zone.get("/imports").body.string.contains("待确认"))

            // Uploaded a confirmation window ago (moved back in time rather than moving the clock, which would
            // also end the session).
            waiting.createdAt = app.clock.now().addingTimeInterval(-ImportBatch.confirmWindow - 60)
            try await waiting.save(on: app.db)
            let list = try await zone.get("/imports").body.string
            #expect(list.contains("已过期"))
            #expect(list.contains("重新上传"))
            #expect(try await ImportBatch.find(waitingID, on: app.db)?.status == .expired)
            let confirm = try await zone.post("/imports/batches/\(waitingID)/confirm", form: [:], csrfFrom: "/imports")
            #expect(confirm.status == .seeOther)
            try await app.jobs.drain(app)
            #expect(try await Enterprise.query(on: app.db).count() == before, "an expired batch writes nothing")
            #expect(try await zone.get("/imports?status=expired").body.string.contains("忘了确认.xlsx"))
        }
    }

    @Test("校验任务失败或丢失的批次由例行清理标为失败，不再显示“校验中”")
    func batchesWhoseJobDiedFail() async throws {
        try await withSeedbedApp { app in
            let fixtures = try await Fixtures.make(app)
            let owner = try fixtures.user("zone-dl")
            let now = app.clock.now()
            func batch(_ name: String, job: Int?) async throws -> ImportBatch {
                let batch = ImportBatch()
                batch.kind = "enterprises"
                batch.ownerID = owner
                batch.status = .validating
                batch.fileName = name
                batch.sourceFileID = 0
                batch.totalRows = 0
                batch.validRows = 0
                batch.invalidRows = 0
                batch.insertedRows = 0
                batch.validationJobID = job
                batch.createdAt = now
                try await batch.create(on: app.db)
                return batch
            }
            let job = Job(kind: ImportValidationJob.kind, title: "校验", ownerID: owner, payload: "{}", now: now)
            job.status = .failed
            job.message = "任务多次中断，已停止，请重新提交"
            try await job.create(on: app.db)
            let died = try await batch("中断.xlsx", job: job.id)
            let running = Job(kind: ImportValidationJob.kind, title: "校验", ownerID: owner, payload: "{}", now: now)
            try await running.create(on: app.db)
            let working = try await batch("进行中.xlsx", job: running.id)
            let orphan = try await batch("无任务.xlsx", job: nil)

            try await Maintenance.sweep(app)
            #expect(try await ImportBatch.find(died.id, on: app.db)?.status == .failed)
            #expect(try await ImportBatch.find(died.id, on: app.db)?.message?.contains("任务多次中断") == true)
            #expect(try await ImportBatch.find(working.id, on: app.db)?.status == .validating, "a live job is left alone")
            #expect(try await ImportBatch.find(orphan.id, on: app.db)?.status == .validating, "an hour's grace before a missing job counts")
            app.clock.advance(by: 3_700)
            try await Maintenance.sweep(app)
            #expect(try await ImportBatch.find(orphan.id, on: app.db)?.status == .failed)
        }
    }

    @Test("导出与列表一致：同样的筛选、只含本范围的企业、手机号脱敏，并记入操作日志")
    func exportMatchesTheList() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let county = Browser(app)
            try await county.login("county-gjz")
            let export = try await county.post("/exports/enterprises", form: [:])
            try expectDownload(export, named: "企业信息查询-")
            #expect(export.headers.first(name: .contentType)?.contains("spreadsheetml") == true)
            let rows = try #require(try Workbook.read(Data(buffer: export.body)).values.first)
            let names = Set(rows.dropFirst().compactMap { row in row.first { $0.hasPrefix("测试企业") || $0.contains("有限公司") } })
            let visible = try await Enterprise.query(on: app.db).filter(\.$regionCode =~ "210211").all()
            #expect(rows.count - 1 == visible.count, "one row per enterprise of the county, nothing else")
            #expect(names.isSubset(of: Set(visible.map(\.name))))
            #expect(!rows.joined().joined().contains("13800000000"), "phones are masked in exports")

            let filtered = try await county.post("/exports/enterprises?q=\(visible[0].uscc)", form: [:])
            let filteredRows = try #require(try Workbook.read(Data(buffer: filtered.body)).values.first)
            #expect(filteredRows.count == 2, "the export follows the list's search")

            let audits = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.export.rawValue).all()
            #expect(audits.count == 2)
            #expect(audits.contains { $0.detail?.contains("\(visible.count) 行") == true })
        }
    }

    @Test("超过一万行的导出转为后台任务，完成后可下载，文件保留 24 小时")
    func largeExportRunsAsAJob() async throws {
        try await withSeedbedApp { app in
            _ = try await Fixtures.make(app)
            let sql = try #require(app.db as? any SQLDatabase)
            let now = app.clock.now()
            for chunk in stride(from: 0, to: 10_050, by: 1000) {
                let rows: [[any SQLExpression]] = (chunk..<min(chunk + 1000, 10_050)).map { index in
                    [SQLBind(Self.code(100_000 + index)), SQLBind("批量企业\(index)"), SQLBind("210211"),
                     SQLBind(EnterpriseStatus.active), SQLBind(now), SQLBind(now)]
                }
                guard let first = rows.first else { continue }
                try await sql.insert(into: Enterprise.schema)
                    .columns("uscc", "name", "region_code", "status", "created_at", "updated_at")
                    .values(first).rows(rows.dropFirst()).run()
            }
            let city = Browser(app)
            try await city.login("city-dl")
            let export = try await city.post("/exports/enterprises", form: [:])
            #expect(export.status == .seeOther)
            let location = try #require(export.headers.first(name: .location))
            #expect(location.hasPrefix("/jobs/"))
            let queued = try await city.get(location)
            #expect(queued.body.string.contains("排队中") || queued.body.string.contains("进行中"))
            try await app.jobs.drain(app)
            let done = try await city.get(location)
            #expect(done.body.string.contains("导出完成"))
            let download = try await city.get(location + "/download")
            #expect(download.status == .ok)
            let rows = try #require(try Workbook.read(Data(buffer: download.body)).values.first)
            let expected = try await Enterprise.query(on: app.db).filter(\.$regionCode =~ "2102").count()
            #expect(rows.count - 1 == expected)
            let file = try #require(try await StoredFile.query(on: app.db).filter(\.$purpose == "export").first())
            let expiry = try #require(file.expiresAt)
            #expect(abs(expiry.timeIntervalSince(app.clock.now()) - 86_400) < 120)
        }
    }
}
