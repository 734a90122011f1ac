import Fluent
import FluentPostgresDriver
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// Computes a scoring run in the background: the run's status goes computing → computed (or failed), and the
/// run page then offers review and publication.
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
            let (outcome, _) = try await ScoringComputation.parallel(context.application).compute(
                run: run, runID: runID, scope: context.owner.scope) { done, total, message in
                try await context.progress(done: done, total: total, message: message)
            }
            return outcome
        } catch {
            run.status = RunStatus.failed
            run.message = (error as? any CodedError)?.message ?? "计算失败"
            try? await run.save(on: context.db)
            throw error
        }
    }
}

/// The computation behind a run (DESIGN.md §5): loads the year's facts of every enterprise in the run owner's
/// scope into columns, scores them on both cores, and writes every result with its breakdown in one transaction
/// (`ScoreResultWriter`). The job, `seedbed score run` and `seedbed-bench scoring-run` share it.
struct ScoringComputation {
    let db: any Database
    /// Handles on other event loops the facts are read through at once (`Application.parallelReaders`).
    var readers: [any Database] = []
    /// Results per breakdown chunk (`ScoreBreakdowns`).
    var breakdownChunk = ScoreBreakdowns.chunk

    struct Timings: Sendable {
        var load: Double = 0
        var compute: Double = 0
        var store: Double = 0
    }

    /// On `app`'s database, reading the facts through a handle on each event loop.
    static func parallel(_ app: Application) -> ScoringComputation {
        let db = app.db
        return ScoringComputation(db: db, readers: app.parallelReaders(besides: db))
    }

    func compute(run: ScoringRun, runID: Int, scope: DataScope,
                 progress: @Sendable (Int, Int, String) async throws -> Void) async throws -> (JobOutcome, Timings) {
        var timings = Timings()
        let scheme = try run.scheme()
        let clock = ContinuousClock()
        func seconds(since start: ContinuousClock.Instant) -> Double {
            let elapsed = clock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        var started = clock.now
        try await progress(0, 3, "正在读取 \(run.year) 年度事实数据……")
        let readers = self.readers.compactMap { $0 as? any SQLDatabase }
        let facts = try await Self.withLargeCache(db) { connection in
            guard let sql = connection as? any SQLDatabase else { throw AppError.notFound() }
            return try await ScoringFacts.load(sql: sql, scope: scope, year: run.year, schemes: [scheme], readers: readers)
        }
        timings.load = seconds(since: started)

        try await progress(1, 3, "正在计算 \(facts.count.formatted()) 家企业的积分……")
        started = clock.now
        let (result, table) = try facts.score(scheme)
        timings.compute = seconds(since: started)

        try await progress(2, 3, "正在保存 \(facts.count.formatted()) 条结果……")
        started = clock.now
        let keys = String(decoding: try JSONEncoder().encode(table.keys), as: UTF8.self)
        let stats = String(decoding: try JSONEncoder().encode(RunStats(result)), as: UTF8.self)
        try await store(result, facts: facts, scheme: scheme, runID: runID, year: run.year, cohortKeys: keys, stats: stats)
        timings.store = seconds(since: started)

        let view = JobResultView(figures: [
            .init(label: "参评企业", value: facts.count.formatted()), .init(label: "比较组", value: table.count.formatted()),
            .init(label: "读取数据", value: String(format: "%.1f 秒", timings.load)),
            .init(label: "计算", value: String(format: "%.2f 秒", timings.compute)),
            .init(label: "保存结果", value: String(format: "%.1f 秒", timings.store)),
        ], actions: [.init(label: "查看结果并审核发布", href: "/points/runs/\(runID)", method: "get", style: "primary")])
        return (JobOutcome(result: view.encoded(), outputFileID: nil,
                           message: "已计算 \(facts.count.formatted()) 家企业的积分，待审核发布"), timings)
    }

    /// Replaces the run's results and marks it computed.
    ///
    /// SQLite has one writer: everything goes in one transaction. On PostgreSQL the results go into the run's own
    /// partition (`ScoreResultPartition`), written by `postgresParts` connections at once (one backend inserting
    /// a million rows is the bound: one core busy with pages and WAL while this process idles), indexed once
    /// complete, and attached in the transaction that marks the run computed; the breakdown chunks
    /// (`ScoreBreakdowns`) are written beside the rows.
    private func store(_ result: ScoringResult, facts: ScoringFacts, scheme: InnovationScheme, runID: Int, year: Int,
                       cohortKeys: String, stats: String) async throws {
        let rows = ResultRows(result: result, facts: facts, stageNames: scheme.stages.map(\.rawValue),
                              lines: scheme.indicators.count, order: result.slotsInRankOrder, chunk: breakdownChunk)
        let count = rows.order.count
        let markComputed: @Sendable (any SQLDatabase) async throws -> Void = { sql in
            try await sql.update(ScoringRun.schema)
                .set("status", to: RunStatus.computed).set("enterprises", to: count)
                .set("cohorts", to: result.cohortCount).set("cohort_keys", to: cohortKeys).set("summary", to: stats)
                .set("message", to: "计算完成，待审核发布")
                .where("id", .equal, runID).run()
        }
        guard let sql = db as? any SQLDatabase else { return }
        if sql.dialect.name == "postgresql" {
            // The rows in parts; beside them the breakdown chunks, split at a chunk border between two writers, each
            // in one transaction (committed one by one, each chunk waited for its own flush of the log).
            let write: @Sendable (Range<Int>, String, any Database) async throws -> Void = { range, table, db in
                try await rows.writeRows(range, runID: runID, year: year, into: table, on: db)
            }
            let chunk = max(1, breakdownChunk)
            let middle = min(count, (count / 2 + chunk - 1) / chunk * chunk)
            let chunks: @Sendable (any Database) async throws -> Void = { db in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for half in [0..<middle, middle..<count] where !half.isEmpty {
                        group.addTask {
                            try await db.transaction { transaction in
                                try await rows.writeChunks(half, runID: runID, on: transaction)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            try await ScoreResultPartition.replace(runID: runID, count: count, parts: Self.postgresParts, on: db,
                                                   write: write, alongside: chunks, finish: markComputed)
            return
        }
        try await Self.withLargeCache(db) { connection in try await connection.transaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            try await sql.delete(from: ScoreResult.schema).where("run_id", .equal, runID).run()
            try await ScoreBreakdowns.delete(runID: runID, on: sql)
            try await rows.write(0..<count, runID: runID, year: year, on: db)
            try await markComputed(sql)
        } }
    }

    /// Connections writing a PostgreSQL run's results at once: one per core of a small server.
    static let postgresParts = 2

    /// The stored form of a run's results, written in `order` (`ScoringResult.slotsInRankOrder`), a range of it at
    /// a time: the rows then lie in list order, so a page of 积分结果查询 reads a few neighbouring pages of the
    /// table, and on SQLite the (run, cohort, rank, …) index grows at its end as on a sorted load. A result's
    /// position in `order` is where its breakdown is in the run's chunks (`ScoreBreakdowns`).
    struct ResultRows: Sendable {
        let result: ScoringResult
        let facts: ScoringFacts
        let stageNames: [String]
        let lines: Int
        let order: [Int]
        /// Results per breakdown chunk.
        let chunk: Int

        /// The rows at positions `positions` of `order` — on PostgreSQL as one COPY, elsewhere through
        /// `ScoreResultWriter`'s INSERTs — and the breakdown chunks that start among them.
        func write(_ positions: Range<Int>, runID: Int, year: Int, into table: String = ScoreResult.schema,
                   on db: any Database) async throws {
            try await writeRows(positions, runID: runID, year: year, into: table, on: db)
            try await writeChunks(positions, runID: runID, on: db)
        }

        /// The result rows at positions `positions` of `order`.
        func writeRows(_ positions: Range<Int>, runID: Int, year: Int, into table: String = ScoreResult.schema,
                       on db: any Database) async throws {
            let positions = positions.clamped(to: order.indices)
            if let postgres = BulkWriter.postgres(db) {
                let rows = self
                try await BulkWriter.copy(positions, into: table, columns: ScoreResultWriter.copyColumns,
                                          on: postgres) { position, out in
                    try ScoreResultWriter.encode(rows.row(at: position), runID: runID, year: year, into: &out)
                }
                return
            }
            var writer = ScoreResultWriter(db: db, runID: runID, year: year)
            for position in positions { try await writer.append(row(at: position)) }
            try await writer.flush()
        }

        /// The breakdown chunks that start among positions `positions` of `order` (`ScoreBreakdowns`). The next
        /// chunk is packed while the database stores the last.
        func writeChunks(_ positions: Range<Int>, runID: Int, on db: any Database) async throws {
            guard let sql = db as? any SQLDatabase else { return }
            let positions = positions.clamped(to: order.indices)
            let chunk = max(1, self.chunk)
            let stride = lines * 16
            let firsts = Array(Swift.stride(from: (positions.lowerBound + chunk - 1) / chunk * chunk,
                                            to: positions.upperBound, by: chunk))
            func pack(_ first: Int) -> [UInt8] {
                BreakdownCodec.pack(result, slots: order[first..<min(first + chunk, order.count)], lines: lines)
            }
            guard let head = firsts.first else { return }
            var packed = pack(head)
            for (index, first) in firsts.enumerated() {
                let lines = packed
                async let stored: Void = ScoreBreakdowns.write(runID: runID, first: first, stride: stride, lines: lines, on: sql)
                if firsts.indices.contains(index + 1) { packed = pack(firsts[index + 1]) }
                try await stored
            }
        }

        /// The stored result at position `position` of `order`.
        func row(at position: Int) -> ScoreResultWriter.Row {
            let slot = order[position]
            let enterprise = facts.slots[slot]
            let cohort = Int(result.cohorts[slot])
            let code = Int(result.stageCodes[slot])
            return ScoreResultWriter.Row(
                enterpriseID: enterprise.id, regionCode: enterprise.regionCode, zoneID: enterprise.zoneID,
                incubatorID: enterprise.incubatorID, cohort: cohort,
                stage: stageNames.indices.contains(code) ? stageNames[code] : nil, total: result.totals[slot],
                rank: Int(result.ranks[slot]), cohortSize: result.cohortSize(cohort),
                listIndex: Int(result.listIndices[slot]), meetsLine: result.meetsLine(atSlot: slot), position: position)
        }
    }

    /// SQLite keeps about 2 MB of pages per connection; a run reads and writes a million rows and their indexes,
    /// which then spill to disk page by page, and journals each big insert statement in a temporary file. The
    /// connection doing the work gets a large cache for the duration (a ceiling, used only as pages are touched)
    /// and its default back afterwards. Other databases run as is.
    static func withLargeCache<T: Sendable>(_ db: any Database,
                                            _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T
    {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return try await body(db) }
        return try await db.withConnection { connection in
            guard let sql = connection as? any SQLDatabase else { return try await body(connection) }
            // Statement journals of the big inserts stay in memory too instead of a temporary file.
            try await sql.raw("PRAGMA cache_size = -262144").run()
            try await sql.raw("PRAGMA temp_store = MEMORY").run()
            func restore() async throws {
                try await sql.raw("PRAGMA cache_size = -2000").run()
                try await sql.raw("PRAGMA temp_store = DEFAULT").run()
            }
            do {
                let result = try await body(connection)
                try await restore()
                return result
            } catch {
                try? await restore()
                throw error
            }
        }
    }
}
