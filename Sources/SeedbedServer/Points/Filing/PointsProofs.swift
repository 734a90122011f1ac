import Foundation
import Plot
import SeedbedDomain
import Vapor

/// Basic data not pre-filled from imported 火炬统计数据 is filed with proof (财务报表 / 审计报告, the form's file
/// fields) and may be filled offline in a template: the download holds the catalog's basic-data fields with the
/// enterprise's current values, the upload puts them back into the draft after the same validation as the form.
extension MyPeriodFilingController {
    @Sendable func downloadTemplate(req: Request) async throws -> Response {
        let (page, period) = try await ready(req)
        let values = try await page.currentValues()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-points-\(UUID().uuidString).xlsx")
        try req.application.spreadsheets.writeTemplate(PointsTemplate.spec(values: values, year: period.year), to: url)
        try await req.audit.record(.export, targetType: "points_period", targetID: String(period.id ?? 0),
                                   detail: "下载积分数据基本数据模板")
        return try await req.downloadXLSX(url, name: "\(period.year)年度积分数据基本数据模板.xlsx")
    }

    @Sendable func uploadTemplate(req: Request) async throws -> Response {
        let (page, period) = try await ready(req)
        let back = "/my/points/periods/\(period.id ?? 0)"
        func fail(_ message: String) -> Response {
            req.redirect(to: back, flash: Flash(kind: .error, message: message))
        }
        guard let file = try? req.content.get(File.self, at: "file"), file.data.readableBytes > 0 else {
            return fail("请选择填好的基本数据模板（.xlsx）")
        }
        guard file.data.readableBytes <= req.config.filingFileMaxBytes else {
            return fail("模板文件不能超过 \(FilingPage.sizeLabel(req.config.filingFileMaxBytes))")
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-points-upload-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(buffer: file.data).write(to: url)
        let values: [String: String]
        do {
            guard (try? FileKind.sniff(url)) == .xlsx else {
                return fail("不支持的文件类型，请上传下载的 Excel 模板（.xlsx）")
            }
            // Read inside the request: the form-template budget (20 MB inflated, 10,000 values, a few seconds)
            // keeps that to milliseconds for any file, and a bound hit comes back as the flash message.
            values = try PointsTemplate.read(req.application.spreadsheets.openRows(url, budget: .formTemplate))
        } catch let problem as SpreadsheetProblem {
            return fail(problem.message)
        }
        do {
            let errors = try await page.saveDraft(changing: values)
            guard errors.isEmpty else { return fail("模板中的数据未填入：" + errors.summary) }
        } catch let error as any CodedError {
            return fail(error.message)
        }
        return req.redirect(to: back, flash: Flash(kind: .success, message: "已按模板填入基本数据并暂存，请核对后提交"))
    }

    @Sendable func deleteProof(req: Request) async throws -> Response {
        let (page, period) = try await ready(req)
        guard let field = PointsDataForm.proofFields.first(where: { $0.id.rawValue == req.parameters.get("field") }) else {
            throw AppError.notFound()
        }
        let back = "/my/points/periods/\(period.id ?? 0)"
        let current = try await page.currentValues()[field.id.rawValue] ?? ""
        guard !current.isEmpty else { return req.redirect(to: back, flash: Flash(kind: .error, message: "没有可删除的\(field.label)")) }
        do {
            let errors = try await page.saveDraft(changing: [field.id.rawValue: ""])
            guard errors.isEmpty else {
                return req.redirect(to: back, flash: Flash(kind: .error, message: errors.summary))
            }
        } catch let error as any CodedError {
            return req.redirect(to: back, flash: Flash(kind: .error, message: error.message))
        }
        // The file itself stays: an earlier submitted round may still show it to the reviewer.
        try await req.audit.record(.delete, targetType: "points_period", targetID: String(period.id ?? 0),
                                   detail: "删除积分数据证明材料（\(field.label)，文件 \(current)）")
        return req.redirect(to: back, flash: Flash(kind: .success, message: "已删除\(field.label)"))
    }

    /// The enterprise's points filing in the project, or the refusal (not found, prerequisites unmet) as an error.
    private func ready(_ req: Request) async throws -> (FilingPage, PointsPeriod) {
        switch try await prepare(req, kind: .pointsData) {
        case .ready(let page, let period): return (page, period)
        case .refused(let message, _): throw AppError.invalid(message, code: "prerequisite")
        }
    }
}

/// The offline template of 基本数据: one row under the catalog headers, the same fields, units and checks as the
/// form.
enum PointsTemplate {
    static var fields: [FieldDefinition] {
        PointsDataForm.form.fields(in: PointsDataForm.revenue.group).filter { $0.kind != .file }
    }

    static func spec(values: [String: String], year: Int) -> TemplateSpec {
        TemplateSpec(
            sheetName: "基本数据",
            columns: fields.map { field in
                TemplateColumn(header: field.header, required: field.required, width: max(12, field.header.count * 2 + 4),
                               validation: .none, note: field.help, isDate: false)
            },
            instructions: [
                "1. 本模板用于填报 \(year) 年度积分数据的基本数据，请在第 2 行填写，不要修改表头、不要增加行。",
                "2. 第 2 行已带出平台当前的数据（暂存的填报或预填的数据），请按财务报表核对、修改。",
                "3. 金额单位为万元，可保留两位小数；人数填整数。带 * 的列为必填项。",
                "4. 填好后在填报页面“上传模板”，校验通过即填入填报并暂存；有误时不会修改任何数据，并提示出错的单元格。",
                "5. 基本数据未由火炬统计数据预填的，提交前须上传财务报表或审计报告作为证明材料。",
            ],
            examples: [fields.map { values[$0.id.rawValue] ?? "" }])
    }

    /// The basic-data values of an uploaded template, each checked against the catalog; a problem names its cell.
    static func read(_ rows: any RowReading) throws -> [String: String] {
        guard let header = try rows.next() else { throw SpreadsheetProblem(message: "模板是空的，请使用下载的模板填写") }
        guard let data = try rows.next() else { throw SpreadsheetProblem(message: "模板第 2 行没有数据") }
        if try rows.next() != nil { throw SpreadsheetProblem(message: "模板只能填写第 2 行，请删除多余的行") }
        var positions: [String: Int] = [:]
        for (index, cell) in header.cells.enumerated() {
            positions[ImportKinds.normalise(cell.display)] = index
        }
        let validator = FieldValidator()
        var values: [String: String] = [:]
        var problems: [String] = []
        for field in fields {
            guard let index = positions[ImportKinds.normalise(field.header)] else {
                problems.append("缺少「\(field.header)」列，请使用下载的模板")
                continue
            }
            let raw = index < data.cells.count ? data.cells[index] : .empty
            switch validator.validate(raw, as: field) {
            case .success(let value):
                values[field.id.rawValue] = value?.number.map(FieldValue.format) ?? ""
            case .failure(let problem):
                problems.append("\(cellName(column: index, row: data.number)) 单元格（\(field.label)）：\(problem.message)")
            }
        }
        guard problems.isEmpty else {
            let shown = problems.prefix(5).joined(separator: "；")
            throw SpreadsheetProblem(message: "模板有误，未填入任何数据：" + shown + (problems.count > 5 ? "；等 \(problems.count) 处" : ""))
        }
        return values
    }

    /// `A1`-style name of a cell; `column` counts from 0.
    static func cellName(column: Int, row: Int) -> String {
        var letters = ""
        var rest = column + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + digit))) + letters
            rest = (rest - 1) / 26
        }
        return letters + String(row)
    }
}

/// The proof card above the points form: what is on file, whether proof is required, the template.
enum PointsProofViews {
    static func card(url: String, values: [String: String], proofRequired: Bool, changeable: Bool, csrf: String)
        -> Node<HTML.BodyContext>
    {
        let attached = PointsDataForm.proofFields.compactMap { field -> (FieldDefinition, Int)? in
            guard let id = values[field.id.rawValue].flatMap({ Int($0) }) else { return nil }
            return (field, id)
        }
        return .section(
            .class("card"), .id("proofs"),
            .h2(.text("证明材料与基本数据模板")),
            .p(.class(proofRequired ? "proof-required" : "muted"),
               .text(proofRequired
                   ? "基本数据未由火炬统计数据预填：提交前须在“基本数据”步骤上传财务报表或审计报告（至少一份，PDF、JPG 或 PNG，不超过 20 MB）；暂存不受限制。"
                   : "基本数据已由火炬统计数据预填，无须上传证明材料；如有修改，可上传财务报表或审计报告供审核参考。")),
            attached.isEmpty
                ? .p(.class("muted"), .text("尚未上传证明材料"))
                : .ul(.forEach(attached) { field, id in
                    .li(.text(field.label + "："), .a(.href("/files/\(id)"), .text("下载查看")),
                        .if(changeable, .form(
                            .method(.post), .action("\(url)/proofs/\(field.id.rawValue)/delete"), .class("inline"),
                            .attribute(named: "data-confirm", value: "确定删除已上传的\(field.label)吗？"),
                            UI.csrfField(csrf), UI.submit("删除", style: "danger"))))
                }),
            .p(.a(.class("btn btn-secondary"), .href("\(url)/template"), .text("下载基本数据模板")),
               .text(" 模板带出当前数据，填好后上传即填入“基本数据”并暂存。")),
            .if(changeable, .form(
                .method(.post), .action(UI.uploadAction("\(url)/upload", csrf: csrf)), .enctype(.multipartData), .class("inline"),
                UI.csrfField(csrf),
                .label(.for("points-template"), .text("上传填好的模板 ")),
                Tag.void("input", [("id", "points-template"), ("type", "file"), ("name", "file"), ("accept", ".xlsx"),
                                   ("required", "required")]),
                UI.submit("上传并填入", style: "secondary")))
        )
    }
}
