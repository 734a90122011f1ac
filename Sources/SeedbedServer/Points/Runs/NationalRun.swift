import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// A run of the national scheme in effect over every enterprise, created and computed in this process (no job
/// queue, not published) — `seedbed score run` without its options — for a caller that wants only its figures:
/// the scoring-run benchmark (`seedbed-bench scoring-run`).
package struct NationalRun: Sendable {
    /// Results stored.
    package let scored: Int
    /// Seconds reading the facts, scoring them and storing the results (`ScoringComputation.Timings`).
    package let loadSeconds: Double
    package let computeSeconds: Double
    package let storeSeconds: Double

    /// Creates the run for `year` and computes it with the same `ScoringComputation` as the job.
    package static func compute(year: Int, on app: Application) async throws -> NationalRun {
        let now = app.clock.now()
        guard let record = try await SchemeCatalog(db: app.db).inEffect(owner: nil, on: LocalDate(chinaTimeOf: now)) else {
            throw AppError.notFound("没有国家积分方案")
        }
        let run = try await RunService(db: app.db, now: now).create(scheme: record, year: year, owner: nil,
                                                                    scopeLabel: "全部企业", createdBy: 0)
        guard let runID = run.id else { throw AppError.notFound() }
        let (_, timings) = try await ScoringComputation.parallel(app).compute(run: run, runID: runID, scope: .all) { _, _, _ in }
        let scored = try await ScoreResult.query(on: app.db).filter(\.$runID == runID).count()
        return NationalRun(scored: scored, loadSeconds: timings.load, computeSeconds: timings.compute,
                           storeSeconds: timings.store)
    }
}
