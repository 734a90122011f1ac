import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// Computes a scoring run: loads the year's facts (and the year before, for growth) of every enterprise in the
/// run owner's scope into columns, derives ratios and growth, decides stages, groups cohorts (zone, otherwise
/// city) × year × stage, scores on both cores and writes every result with its breakdown in one transaction.
struct ScoringRunJob: JobHandler {
    static let kind = "points.run"
    var kind: String { Self.kind }

    struct Payload: Codable, Sendable { let runID: Int }

    func run(_ context: JobContext) async throws -> JobOutcome {
        let payload = try context.decodePayload(Payload.self)
        guard let run = try await ScoringRun.find(payload.runID, on: context.db), let runID = run.id else {
            throw AppError.notFound("积分计算批次不存在")
        }
        do {
            let (outcome, _) = try await ScoringComputation(db: context.db, now: context.now()).compute(
                run: run, runID: runID, scope: context.owner.scope) { done, total, message in
                try await context.progress(done: done, total: total, message: message)
            }
            return outcome
        } catch {
            run.status = RunStatus.failed.rawValue
            run.message = (error as? AppError)?.message ?? "计算失败"
            try? await run.save(on: context.db)
            throw error
        }
    }
}

/// The computation behind a run, also used by the benchmark.
struct ScoringComputation {
    let db: any Database
    let now: Date

    struct Timings: Sendable {
        var load: Double = 0
        var compute: Double = 0
        var store: Double = 0
    }

    /// The cohort area of an enterprise: its zone, otherwise its city.
    static func area(zoneID: Int?, regionCode: String) -> String {
        zoneID.map { "zone:\($0)" } ?? "city:" + String(regionCode.prefix(4))
    }

    func compute(run: ScoringRun, runID: Int, scope: DataScope,
                 progress: @Sendable (Int, Int, String) async throws -> Void) async throws -> (JobOutcome, Timings) {
        var timings = Timings()
        let scheme = try run.scheme()
        guard let sql = db as? any SQLDatabase else { throw AppError.notFound() }
        let started = Date()
        try await progress(0, 3, "正在读取 \(run.year) 年度事实数据……")
        let loaded = try await FactLoader(sql: sql).load(scope: scope, years: [run.year - 1, run.year])
        guard loaded.history.has(run.year) else {
            throw AppError.invalid("\(run.year) 年度没有审核通过的年报数据，无法计算积分")
        }
        let frame = DerivedFacts.adding(to: loaded.history.frame(run.year),
                                        previous: loaded.history.has(run.year - 1) ? loaded.history.frame(run.year - 1) : nil)
        timings.load = Date().timeIntervalSince(started)

        // Only enterprises with an approved report for the year are scored.
        let revenue = frame.values(.revenue)
        let present = (0..<frame.count).filter { !revenue[$0].isNaN }
        var compact = FactFrame(count: present.count)
        for fact in frame.factIDs {
            let column = frame.values(fact)
            compact.setColumn(fact, present.map { column[$0] })
        }
        let ages = present.map { slot -> Double in
            guard let text = loaded.slots[slot].registeredOn, let year = Int(text.prefix(4)) else { return .nan }
            return Double(run.year - year)
        }
        let stages = scheme.stageRule.stageCodes(ageYears: ages, revenue: present.map { revenue[$0] })
        var table = CohortTable()
        var cohorts = [Int32](repeating: 0, count: present.count)
        do {
            for (index, slot) in present.enumerated() {
                let enterprise = loaded.slots[slot]
                let stage = Int(stages[index]) < scheme.stages.count ? scheme.stages[Int(stages[index])] : nil
                cohorts[index] = try table.code(for: CohortKey(area: Self.area(zoneID: enterprise.zoneID,
                                                                               regionCode: enterprise.regionCode),
                                                               year: run.year, stage: stage))
            }
        } catch {
            throw AppError.invalid(error.errorDescription ?? "分组失败")
        }
        try await progress(1, 3, "正在计算 \(present.count.formatted()) 家企业的积分……")
        let computeStart = Date()
        let result: ScoringResult
        do {
            result = try ScoringEngine(scheme: scheme).score(ScoringInput(frame: compact, cohorts: cohorts,
                                                                           cohortCount: table.count, stages: stages))
        } catch {
            throw AppError.invalid((error as? any LocalizedError)?.errorDescription ?? "积分计算失败")
        }
        timings.compute = Date().timeIntervalSince(computeStart)

        try await progress(2, 3, "正在保存结果……")
        let storeStart = Date()
        let labels = table.keys.map(\.description)
        let cohortCount = table.count
        try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            try await sql.delete(from: ScoreResult.schema).where("run_id", .equal, runID).run()
            var rows: [[any SQLExpression]] = []
            rows.reserveCapacity(500)
            func flush() async throws {
                guard let first = rows.first else { return }
                try await sql.insert(into: ScoreResult.schema)
                    .columns("run_id", "enterprise_id", "region_code", "zone_id", "incubator_id", "year", "cohort", "stage",
                             "total", "rank", "cohort_size", "list_index", "meets_line", "breakdown")
                    .values(first).rows(rows.dropFirst()).run()
                rows.removeAll(keepingCapacity: true)
            }
            for (index, slot) in present.enumerated() {
                let enterprise = loaded.slots[slot]
                let cohort = Int(result.cohorts[index])
                let lines = result.breakdown(ofSlot: index)?.items.map {
                    BreakdownCodec.Line(value: $0.value, percentile: $0.percentile, points: $0.points)
                } ?? []
                let stage = Int(stages[index]) < scheme.stages.count ? scheme.stages[Int(stages[index])].rawValue : nil
                rows.append([
                    SQLBind(runID), SQLBind(enterprise.id), SQLBind(enterprise.regionCode), SQLBind(enterprise.zoneID),
                    SQLBind(enterprise.incubatorID), SQLBind(run.year), SQLBind(cohort), SQLBind(stage),
                    SQLBind(result.totals[index]), SQLBind(Int(result.ranks[index])), SQLBind(result.cohortSize(cohort)),
                    SQLBind(Int(result.listIndices[index])), SQLBind(result.meetsLine(atSlot: index)),
                    SQLBind(BreakdownCodec.encode(lines)),
                ])
                if rows.count == 500 { try await flush() }
            }
            try await flush()
            try await sql.update(ScoringRun.schema)
                .set("status", to: RunStatus.computed.rawValue).set("enterprises", to: present.count)
                .set("cohorts", to: cohortCount)
                .set("cohort_labels", to: String(decoding: try JSONEncoder().encode(labels), as: UTF8.self))
                .set("message", to: "计算完成，待审核发布")
                .where("id", .equal, runID).run()
        }
        timings.store = Date().timeIntervalSince(storeStart)
        let view = JobResultView(figures: [
            .init(label: "参评企业", value: present.count.formatted()), .init(label: "分组数", value: table.count.formatted()),
            .init(label: "读取数据", value: String(format: "%.1f 秒", timings.load)),
            .init(label: "计算", value: String(format: "%.2f 秒", timings.compute)),
            .init(label: "保存结果", value: String(format: "%.1f 秒", timings.store)),
        ], actions: [.init(label: "查看结果并审核发布", href: "/points/runs/\(runID)", method: "get", style: "primary")])
        return (JobOutcome(result: view.encoded(), outputFileID: nil,
                           message: "已计算 \(present.count.formatted()) 家企业的积分，待审核发布"), timings)
    }
}
