import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// `seedbed score …`: scoring from the command line.
struct ScoreCommand: AsyncCommandGroup {
    var help: String { "创新积分（score run：计算积分）" }

    var commands: [String: any AnyAsyncCommand] {
        ["run": ScoreRunCommand()]
    }
}

/// `seedbed score run --year Y [--scheme ID] [--publish]`: a national run over every enterprise, computed in this
/// process (no job queue), with the same computation as the web page's job.
struct ScoreRunCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "year", help: "计算年度（默认上一年度）")
        var year: Int?
        @Option(name: "scheme", help: "方案记录编号或方案编号（默认现行国家方案）")
        var scheme: String?
        @Flag(name: "publish", help: "计算完成后直接发布并通知企业")
        var publish: Bool
    }

    var help: String { "按国家方案计算全部企业的创新积分" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Maintenance.prepareDatabase(app)
        try await app.autoMigrate()
        let now = app.clock.now()
        let year = signature.year ?? LocalDate(chinaTimeOf: now).year - 1
        guard let record = try await scheme(signature.scheme, app: app, now: now) else {
            context.console.error("找不到已发布的国家积分方案：\(signature.scheme ?? "（现行方案）")")
            return
        }
        let service = RunService(db: app.db, now: now)
        let run = try await service.create(scheme: record, year: year, owner: nil, scopeLabel: "全部企业", createdBy: 0)
        guard let runID = run.id else { return }
        context.console.print("计算 \(year) 年度积分：\(record.name) 第 \(record.version) 版（批次 #\(runID)）")
        let computed: (JobOutcome, ScoringComputation.Timings)
        do {
            computed = try await ScoringComputation.parallel(app).compute(run: run, runID: runID, scope: .all) {
                _, _, message in context.console.print("  " + message)
            }
        } catch {
            run.status = RunStatus.failed
            run.message = (error as? any CodedError)?.message ?? "计算失败"
            try await run.save(on: app.db)
            context.console.error(run.message ?? "计算失败")
            return
        }
        let (outcome, timings) = computed
        context.console.print(outcome.message)
        context.console.print(String(format: "读取 %.1f 秒，计算 %.2f 秒，保存 %.1f 秒", timings.load, timings.compute,
                                     timings.store))
        if signature.publish, let fresh = try await ScoringRun.find(runID, on: app.db) {
            let notified = try await service.publish(fresh, userID: 0, actor: nil)
            context.console.print("已发布，通知 \(notified) 家企业")
        } else {
            context.console.print("请在“积分计算”页面审核后发布：/points/runs/\(runID)")
        }
    }

    private func scheme(_ text: String?, app: Application, now: Date) async throws -> SchemeRecord? {
        guard let text else { return try await SchemeCatalog(db: app.db).inEffect(owner: nil, on: LocalDate(chinaTimeOf: now)) }
        let published = try await SchemeRecord.query(on: app.db).filter(\.$status == SchemeStatus.published)
            .filter(\.$ownerOrgID == nil).sort(\.$version, .descending).all()
        if let id = Int(text) { return published.first { $0.id == id } }
        return published.first { $0.schemeKey == text }
    }
}
