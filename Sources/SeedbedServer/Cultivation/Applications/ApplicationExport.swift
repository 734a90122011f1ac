import Fluent
import Foundation
import Plot
import SeedbedDomain
import Vapor

/// 下载: one application as a workbook — the enterprise, the values as filed, the 作证材料, the evaluator's
/// check (each condition and indicator) and the review history.
enum ApplicationExport {
    static func download(_ req: Request, record: FilingRecord, enterprise: Enterprise) async throws -> Response {
        guard let definition = ApplicationForm.form(for: record.kind) else { throw AppError.notFound() }
        let service = try await ApplicationController.service(req)
        let values = try await service.document(record)?.values ?? [:]
        let history = try await service.history(record)
        let names = try await OpinionNames.load(history, on: req.db)
        let evidence = try await ApplicationEvidence.of(filingID: record.id ?? 0, on: req.db)
        let check = try await ApplicationCheck.evaluate(
            record.kind, enterpriseID: record.enterpriseID, values: values,
            on: ApplicationController.evaluationDay(record, today: service.today), db: req.db)
        var rows: [[String]] = [
            ["申报", "企业名称", enterprise.name], ["申报", "统一社会信用代码", enterprise.uscc],
            ["申报", "所属地区", RegionTable.shipped.fullName(of: enterprise.regionCode)],
            ["申报", "申报级别", record.kind.label], ["申报", "年度", record.year.map(String.init) ?? ""],
            ["申报", "状态", record.status.label], ["申报", "当前处理层级", ApplicationViews.level(record)],
            ["申报", "提交时间", record.submittedAt.map { AdminViews.time($0) } ?? ""],
        ]
        let dictionaries = Dictionaries.all.merging(FilingDictionaries.all.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        for field in definition.fields {
            rows.append(["填报内容", field.header, FilingViews.display(field, values[field.id.rawValue] ?? "", dictionaries: dictionaries)])
        }
        for item in evidence {
            rows.append(["作证材料", item.originalName, item.entryNames.isEmpty ? "" : "压缩包内：" + item.entryNames.prefix(50).joined(separator: "、")])
        }
        if let check {
            switch check.result {
            case .failure(let error):
                rows.append(["评价核验", "结论", error.message])
            case .success(let verdict):
                rows.append(["评价核验", "规则版本", verdict.version.title])
                rows.append(["评价核验", "评价数据年度", String(check.year)])
                rows.append(["评价核验", "结论", verdict.status.label])
                rows.append(["评价核验", "得分", LibraryText.number(verdict.total)
                    + (verdict.possibleTotal > verdict.total ? "～" + LibraryText.number(verdict.possibleTotal) : "")
                    + (verdict.passLine.isFinite ? "（分数线 \(LibraryText.number(verdict.passLine))）" : "")])
                for condition in verdict.conditions + verdict.directConditions {
                    rows.append(["条件", condition.title, "\(condition.status.label)：\(condition.summary)"])
                }
                for indicator in verdict.indicators {
                    rows.append(["指标（\(indicator.group)）", indicator.name,
                                 "\(LibraryText.number(indicator.points)) / \(LibraryText.number(indicator.maxPoints)) 分"
                                    + (indicator.band.map { "，\($0)" } ?? "")])
                }
            }
        }
        for record in history.records {
            rows.append(["审批意见", "第 \(record.round) 轮 · \(record.reviewer.label)",
                         "\(FilingViews.verdictLabel(record.verdict)) · \(names.organizations[record.organizationID] ?? "") · \(AdminViews.time(record.time))"
                            + (record.opinion.isEmpty ? "" : " · \(record.opinion)")])
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-application-\(UUID().uuidString).xlsx")
        let writer = try req.application.spreadsheets.tableWriter(url)
        try writer.begin(sheet: "申报信息", columns: [("分类", 16), ("项目", 44), ("内容", 80)])
        for row in rows { try writer.append(row.map { ListCell.text($0) }) }
        try writer.finish()
        try await req.audit.record(.export, targetType: "filing:\(record.kind.rawValue)", targetID: record.id.map(String.init),
                                   detail: "下载\(record.kind.label)")
        return try await req.downloadXLSX(url, name: "\(enterprise.name)-\(record.kind.label)-\(record.year.map(String.init) ?? "").xlsx")
    }
}

extension ApplicationController {
    /// The review page's hook for applications: the evidence and the evaluator's check beside the data.
    static func reviewExtra(_ req: Request, record: FilingRecord, values: [String: String]) async throws
        -> Node<HTML.BodyContext>
    {
        guard ApplicationForm.kinds.contains(record.kind) else { return .empty }
        let evidence = try await ApplicationEvidence.of(filingID: record.id ?? 0, on: req.db)
        let check = try await ApplicationCheck.evaluate(
            record.kind, enterpriseID: record.enterpriseID, values: values,
            on: evaluationDay(record, today: LocalDate(chinaTimeOf: req.now)), db: req.db)
        return ApplicationViews.review(kind: record.kind, evidence: evidence, check: check)
    }
}
