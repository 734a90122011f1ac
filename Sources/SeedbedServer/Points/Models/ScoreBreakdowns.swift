import Fluent
import Foundation
import SQLKit

/// A run's breakdowns, stored in chunks: the packed lines (`BreakdownCodec`) of `chunk` consecutive results in the
/// run's stored order, one row per chunk, each result pointing at its place (`score_results.breakdown_position`).
///
/// Sent as a column of each result row, a national run's breakdowns were 600 MB of hex text in COPY, which
/// PostgreSQL reads character by character: 2.5 of the 4 CPU seconds its backend spent storing a run (timed in
/// psql: 970,005 rows in 4.0 s, 1.5 s without the breakdowns). A chunk travels as a binary parameter and is stored
/// uncompressed (`STORAGE EXTERNAL`), so the same 295 MB went in in 0.5 s, and one result's lines are read as a
/// slice of its chunk without reading the rest.
///
/// Results stored before chunks keep their lines in `score_results.breakdown` and have no position; `resolve`
/// reads both.
enum ScoreBreakdowns {
    static let schema = "score_breakdowns"
    /// Results per chunk as a run writes them: 4,096 × 19 lines × 16 bytes ≈ 1.2 MB.
    static let chunk = 4096
    /// Up to this many results of one chunk are read as slices; more, as the whole chunk.
    static let slicesPerChunk = 8

    /// Stores the packed lines of the results at positions `first ..< first + lines.count / stride`.
    static func write(runID: Int, first: Int, stride: Int, lines: [UInt8], on sql: any SQLDatabase) async throws {
        try await sql.insert(into: schema).columns("run_id", "first", "stride", "lines")
            .values(SQLBind(runID), SQLBind(first), SQLBind(stride), SQLBind(Data(lines))).run()
    }

    /// Removes run `runID`'s chunks (its results are being replaced).
    static func delete(runID: Int, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: schema).where("run_id", .equal, runID).run()
    }

    /// Where one result's lines are: inline (`breakdown`), or at `position` of its run's chunks.
    struct Reference: Sendable {
        let runID: Int
        let position: Int?
        let inline: Data
    }

    /// The columns a reference is read from, as `score_results` is aliased `r`.
    static let columns: [any SQLExpression] = [SQLColumn("breakdown", table: "r"), SQLColumn("breakdown_position", table: "r")]

    /// The reference of a row that selected `columns` and the run id.
    static func reference(_ row: any SQLRow, runID: Int) throws -> Reference {
        Reference(runID: runID, position: try row.decodeNil(column: "breakdown_position")
                    ? nil : row.decode(column: "breakdown_position", as: Int.self),
                  inline: try row.decode(column: "breakdown", as: Data.self))
    }

    /// The packed lines of each reference, in order. A chunk is found as the one starting at or before the
    /// position, so readers need not know the size chunks were written in. A row whose chunk is missing or too
    /// short gets no lines (the pages then show its indicators as empty), never another result's.
    static func resolve(_ references: [Reference], on sql: any SQLDatabase) async throws -> [Data] {
        var resolved = references.map(\.inline)
        let chunked = references.indices.filter { index in
            references[index].inline.isEmpty && (references[index].position ?? -1) >= 0
        }
        guard !chunked.isEmpty else { return resolved }
        // Where each run's chunks start, ascending.
        var starts: [Int: [Int]] = [:]
        for runID in Set(chunked.map { references[$0].runID }) {
            starts[runID] = try await sql.select().column("first").from(schema).where("run_id", .equal, runID)
                .orderBy("first").all(decodingColumn: "first", as: Int.self)
        }
        // Chunk → the references' indices that read it.
        var wanted: [ChunkKey: [Int]] = [:]
        for index in chunked {
            let reference = references[index]
            guard let position = reference.position, let firsts = starts[reference.runID],
                  let first = Self.start(of: position, among: firsts)
            else { continue }
            wanted[ChunkKey(runID: reference.runID, first: first), default: []].append(index)
        }
        for (key, indices) in wanted {
            if indices.count <= slicesPerChunk {
                for index in indices {
                    guard let position = references[index].position else { continue }
                    resolved[index] = try await slice(key, offset: position - key.first, on: sql)
                }
                continue
            }
            guard let row = try await sql.select().column("stride").column("lines").from(schema)
                .where("run_id", .equal, key.runID).where("first", .equal, key.first).first()
            else { continue }
            let stride = try row.decode(column: "stride", as: Int.self)
            let lines = try row.decode(column: "lines", as: Data.self)
            for index in indices {
                guard let position = references[index].position else { continue }
                let (start, overflow) = (position - key.first).multipliedReportingOverflow(by: stride)
                guard !overflow, stride > 0, start >= 0, start <= lines.count - stride else { continue }
                resolved[index] = lines.subdata(in: (lines.startIndex + start)..<(lines.startIndex + start + stride))
            }
        }
        return resolved
    }

    /// The greatest of `firsts` (ascending) at or below `position`.
    static func start(of position: Int, among firsts: [Int]) -> Int? {
        var (low, high) = (0, firsts.count)
        while low < high {
            let middle = low + (high - low) / 2
            if firsts[middle] <= position { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? firsts[low - 1] : nil
    }

    /// One result's lines, read as a slice of its chunk by the database (offsets 1-based, as `substr` counts).
    private static func slice(_ key: ChunkKey, offset: Int, on sql: any SQLDatabase) async throws -> Data {
        // A chunk holds a few thousand results; the offset in bytes is then well within the INTEGER substr takes.
        guard offset >= 0, offset < 65_536 else { return Data() }
        let line = SQLQueryString("substr(lines, CAST(\(literal: offset) * stride + 1 AS INTEGER), CAST(stride AS INTEGER))")
        guard let row = try await sql.select().column(line, as: "line")
            .from(schema).where("run_id", .equal, key.runID).where("first", .equal, key.first).first()
        else { return Data() }
        // Past the chunk's end the database returns a short or empty slice: no lines, never a neighbour's.
        return try row.decode(column: "line", as: Data?.self) ?? Data()
    }

    private struct ChunkKey: Hashable {
        let runID: Int
        let first: Int
    }
}
