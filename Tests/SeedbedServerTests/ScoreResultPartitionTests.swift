import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor

/// A run's stored results (`ScoreResultPartition`, migration `PartitionScoreResults`): computing a run again
/// replaces its results whole, ids stay unique across runs, and on PostgreSQL each run's results are a partition of
/// their own while results stored before the migration stay readable and replaceable.
@Suite("积分结果的存储：按批次分区")
struct ScoreResultPartitionTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// `count` demo enterprises with facts; the year a run scores.
    static func load(_ app: Application, count: Int) async throws -> Int {
        let loader = DemoDataLoader(database: app.db, logger: app.logger, now: now)
        let zones = try await loader.ensureOrganizations()
        _ = try await loader.loadEnterprises(count: count, seed: 11, zoneIDs: zones, withFacts: true)
        return try #require(DemoFilings.reportYears(now: now).last)
    }

    struct Stored: Equatable {
        var rows = 0
        var distinctIDs = 0
        var totalsByEnterprise: [Int: Double] = [:]
    }

    static func stored(_ sql: any SQLDatabase, run: Int) async throws -> Stored {
        var stored = Stored()
        var ids = Set<Int>()
        for row in try await sql.raw("SELECT id, enterprise_id, total FROM score_results WHERE run_id = \(bind: run)").all() {
            stored.rows += 1
            ids.insert(try row.decode(column: "id", as: Int.self))
            stored.totalsByEnterprise[try row.decode(column: "enterprise_id", as: Int.self)] =
                try row.decode(column: "total", as: Double.self)
        }
        stored.distinctIDs = ids.count
        return stored
    }

    static func allIDsUnique(_ sql: any SQLDatabase) async throws -> Bool {
        let row = try #require(try await sql.raw("SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM score_results").first())
        return try row.decode(column: "n", as: Int.self) == row.decode(column: "d", as: Int.self)
    }

    /// The partitions of score_results and the rows each holds (PostgreSQL).
    static func partitions(_ sql: any SQLDatabase) async throws -> [String: Int] {
        var result: [String: Int] = [:]
        for row in try await sql.raw("""
            SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'score_results'::regclass
            """).all() {
            let name = try row.decode(column: "name", as: String.self)
            let count = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: name)").first(decodingColumn: "n", as: Int.self)
            result[name] = count ?? 0
        }
        return result
    }

    /// Computes run `runID` again, its breakdowns in chunks of `chunk` results.
    static func recompute(_ app: Application, runID: Int, chunk: Int = ScoreBreakdowns.chunk) async throws {
        let run = try #require(try await ScoringRun.find(runID, on: app.db))
        var computation = ScoringComputation.parallel(app)
        computation.breakdownChunk = chunk
        _ = try await computation.compute(run: run, runID: runID, scope: .all) { _, _, _ in }
    }

    @Test("同一批次重新计算：结果整批替换，不重复也不丢；另一批次的结果不受影响，编号全库唯一；可按编号查看明细")
    func recomputingReplaces() async throws {
        try await withSeedbedApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let year = try await Self.load(app, count: 240)
            _ = try await NationalRun.compute(year: year, on: app)
            _ = try await NationalRun.compute(year: year, on: app)
            let runs = try await ScoringRun.query(on: app.db).sort(\.$id).all().compactMap(\.id)
            try #require(runs.count == 2)
            let first = try await Self.stored(sql, run: runs[0])
            let second = try await Self.stored(sql, run: runs[1])
            #expect(first.rows > 100)
            #expect(first.distinctIDs == first.rows)
            #expect(second.totalsByEnterprise == first.totalsByEnterprise)

            try await Self.recompute(app, runID: runs[0])
            let again = try await Self.stored(sql, run: runs[0])
            #expect(again.rows == first.rows)
            #expect(again.totalsByEnterprise == first.totalsByEnterprise)
            #expect(try await Self.stored(sql, run: runs[1]) == second)
            #expect(try await Self.allIDsUnique(sql))
            let status = try await ScoringRun.find(runs[0], on: app.db)?.status
            #expect(status == RunStatus.computed)

            // A result is found by its id, with its breakdown, as 积分结果查询's 查看 reads it.
            let someID = try #require(try await sql.raw("SELECT MAX(id) AS id FROM score_results WHERE run_id = \(bind: runs[0])")
                .first(decodingColumn: "id", as: Int.self))
            let found = try #require(try await StoredScores.find(someID, scope: .all, on: app.db))
            #expect(found.0.run_id == runs[0])
            #expect(!found.1.isEmpty)

            guard TestDatabase.postgresURL != nil else { return }
            let parts = try await Self.partitions(sql)
            #expect(parts[ScoreResultPartition.table(runID: runs[0])] == first.rows)
            #expect(parts[ScoreResultPartition.table(runID: runs[1])] == second.rows)
            #expect(parts[PartitionScoreResults.defaultPartition] == 0)
        }
    }

    @Test("PostgreSQL：已有积分结果的库升级为分区表，原有结果与编号保留，可重新计算；新批次编号接续；可退回单表")
    func migratesStoredResults() async throws {
        guard TestDatabase.postgresURL != nil else { return }
        try await withSeedbedApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let year = try await Self.load(app, count: 200)
            _ = try await NationalRun.compute(year: year, on: app)
            let old = try #require(try await ScoringRun.query(on: app.db).first()?.id)
            let before = try await Self.stored(sql, run: old)
            let highest = try #require(try await sql.raw("SELECT MAX(id) AS id FROM score_results").first(decodingColumn: "id", as: Int.self))

            // Back to one plain table holding the run, then forward again: the rows now sit in the default partition.
            try await PartitionScoreResults().revert(on: app.db)
            let kind = "SELECT relkind::text AS k FROM pg_class WHERE relname = 'score_results'"
            #expect(try await sql.raw(SQLQueryString(kind)).first(decodingColumn: "k", as: String.self) == "r")
            #expect(try await Self.stored(sql, run: old) == before)
            try await PartitionScoreResults().prepare(on: app.db)
            #expect(try await sql.raw(SQLQueryString(kind)).first(decodingColumn: "k", as: String.self) == "p")
            #expect(try await Self.stored(sql, run: old) == before)
            #expect(try await Self.partitions(sql) == [PartitionScoreResults.defaultPartition: before.rows])

            // A new run draws ids past every stored one and gets a partition of its own.
            _ = try await NationalRun.compute(year: year, on: app)
            let new = try #require(try await ScoringRun.query(on: app.db).sort(\.$id, .descending).first()?.id)
            let lowestNew = try #require(try await sql.raw("SELECT MIN(id) AS id FROM score_results WHERE run_id = \(bind: new)")
                .first(decodingColumn: "id", as: Int.self))
            #expect(lowestNew > highest)

            // The old run computed again leaves the default partition for a partition of its own.
            try await Self.recompute(app, runID: old)
            #expect(try await Self.stored(sql, run: old).totalsByEnterprise == before.totalsByEnterprise)
            let parts = try await Self.partitions(sql)
            #expect(parts[PartitionScoreResults.defaultPartition] == 0)
            #expect(parts[ScoreResultPartition.table(runID: old)] == before.rows)
            #expect(parts[ScoreResultPartition.table(runID: new)] == before.rows)
            #expect(try await Self.allIDsUnique(sql))
        }
    }
}
