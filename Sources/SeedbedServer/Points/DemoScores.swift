import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// Demo mode: a published national run of the latest demo year, so the enterprise demo account has a score to
/// explain and a list to stand on from the first start.
enum DemoScores {
    static func publish(_ app: Application, console: any Console) async throws {
        let now = app.clock.now()
        guard try await ScoringRun.query(on: app.db).count() == 0,
              let record = try await SchemeCatalog(db: app.db).inEffect(owner: nil, on: LocalDate(chinaTimeOf: now)),
              let year = DemoFilings.reportYears(now: now).last
        else { return }
        let service = RunService(db: app.db, now: now)
        let run = try await service.create(scheme: record, year: year, owner: nil, scopeLabel: "全部企业", createdBy: 0)
        guard let runID = run.id else { return }
        console.print("正在计算 \(year) 年度演示积分……")
        do {
            _ = try await ScoringComputation.parallel(app).compute(run: run, runID: runID, scope: .all) { _, _, _ in }
        } catch let error as any CodedError {
            // No approved report for the year (an empty demo): leave the failed run for the page to explain.
            run.status = RunStatus.failed
            run.message = error.message
            try await run.save(on: app.db)
            return
        }
        guard let computed = try await ScoringRun.find(runID, on: app.db) else { return }
        let notified = try await service.publish(computed, userID: 0, actor: nil)
        console.print("演示积分已发布：\(notified) 家企业")
    }
}
