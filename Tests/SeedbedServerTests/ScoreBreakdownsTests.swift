import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor

/// A run's breakdowns in chunks (`ScoreBreakdowns`, migration `ChunkScoreBreakdowns`): every result reads back
/// its own lines whatever the chunk size, one at a time (a slice) or many (whole chunks); a missing chunk gives
/// no lines, never a neighbour's; results stored inline before chunks still read; and reverting the migration puts
/// every breakdown back into its row.
@Suite("积分明细按块保存")
struct ScoreBreakdownsTests {
    /// Each result's enterprise and its breakdown as the pages read it, through `resolve` with all references at
    /// once (`together`) or one by one.
    static func breakdowns(_ sql: any SQLDatabase, run: Int, together: Bool) async throws -> [Int: Data] {
        let rows = try await sql.select().column(SQLColumn("enterprise_id", table: "r")).columns(ScoreBreakdowns.columns)
            .from(SQLAlias(SQLIdentifier(ScoreResult.schema), as: SQLIdentifier("r")))
            .where(SQLColumn("run_id", table: "r"), .equal, SQLBind(run)).all()
        let references = try rows.map { try ScoreBreakdowns.reference($0, runID: run) }
        var lines: [Data] = []
        if together {
            lines = try await ScoreBreakdowns.resolve(references, on: sql)
        } else {
            for reference in references { lines += try await ScoreBreakdowns.resolve([reference], on: sql) }
        }
        var result: [Int: Data] = [:]
        for (row, data) in zip(rows, lines) { result[try row.decode(column: "enterprise_id", as: Int.self)] = data }
        return result
    }

    static func chunkCount(_ sql: any SQLDatabase, run: Int) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM score_breakdowns WHERE run_id = \(bind: run)")
            .first(decodingColumn: "n", as: Int.self) ?? -1
    }

    @Test("小块与大块保存的明细逐家相同；整块读取与单条读取相同；重新计算不留旧块；缺块的结果没有明细而不是别家的")
    func chunksReadBack() async throws {
        try await withSeedbedApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let year = try await ScoreResultPartitionTests.load(app, count: 240)
            _ = try await NationalRun.compute(year: year, on: app)
            let run = try #require(try await ScoringRun.query(on: app.db).first()?.id)
            let wide = try await Self.breakdowns(sql, run: run, together: true)
            #expect(wide.count > 200)
            #expect(try await Self.chunkCount(sql, run: run) == 1)
            let stride = try #require(wide.values.first?.count)
            #expect(stride >= 16 * 10 && wide.values.allSatisfy { $0.count == stride })

            // The same run in chunks of 37 results: many chunks, positions crossing their borders.
            try await ScoreResultPartitionTests.recompute(app, runID: run, chunk: 37)
            #expect(try await Self.chunkCount(sql, run: run) == (wide.count + 36) / 37, "the old chunk is gone")
            let together = try await Self.breakdowns(sql, run: run, together: true)
            let oneByOne = try await Self.breakdowns(sql, run: run, together: false)
            #expect(together == wide)
            #expect(oneByOne == wide)

            // A chunk lost: its results read no lines; the rest are untouched.
            try await sql.raw("DELETE FROM score_breakdowns WHERE run_id = \(bind: run) AND first = 37").run()
            let lost = try await Self.breakdowns(sql, run: run, together: true)
            let emptied = lost.filter { $0.value.isEmpty }.count
            #expect(emptied == 37)
            #expect(lost.filter { !$0.value.isEmpty }.allSatisfy { wide[$0.key] == $0.value })

            // A result stored inline (before chunks) reads its own bytes.
            let someone = try #require(wide.keys.min())
            try await sql.raw("""
                UPDATE score_results SET breakdown = \(bind: Data([1, 2, 3, 4])), breakdown_position = NULL
                WHERE run_id = \(bind: run) AND enterprise_id = \(bind: someone)
                """).run()
            #expect(try await Self.breakdowns(sql, run: run, together: true)[someone] == Data([1, 2, 3, 4]))
        }
    }

    @Test("撤销迁移：每条分块保存的明细回到结果行且不变；再迁移后重新计算又按块保存")
    func revertPutsLinesBack() async throws {
        try await withSeedbedApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let year = try await ScoreResultPartitionTests.load(app, count: 120)
            let record = try await NationalRun.compute(year: year, on: app)
            #expect(record.scored > 80)
            let run = try #require(try await ScoringRun.query(on: app.db).first()?.id)
            try await ScoreResultPartitionTests.recompute(app, runID: run, chunk: 25)
            let before = try await Self.breakdowns(sql, run: run, together: true)

            try await ChunkScoreBreakdowns().revert(on: app.db)
            var inline: [Int: Data] = [:]
            for row in try await sql.raw("SELECT enterprise_id, breakdown FROM score_results WHERE run_id = \(bind: run)").all() {
                inline[try row.decode(column: "enterprise_id", as: Int.self)] = try row.decode(column: "breakdown", as: Data.self)
            }
            #expect(inline == before)
            #expect(before.values.allSatisfy { !$0.isEmpty })

            try await ChunkScoreBreakdowns().prepare(on: app.db)
            #expect(try await Self.breakdowns(sql, run: run, together: true) == before, "inline rows read as they are")
            try await ScoreResultPartitionTests.recompute(app, runID: run, chunk: 25)
            #expect(try await Self.chunkCount(sql, run: run) == (before.count + 24) / 25)
            #expect(try await Self.breakdowns(sql, run: run, together: false) == before)
        }
    }
}
