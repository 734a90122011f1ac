import Fluent
import SQLKit

/// Breakdowns move out of the result rows into chunks (`ScoreBreakdowns`): the table of chunks, and each result's
/// position in its run's chunks. Results stored before keep their inline breakdown (no position), so nothing is
/// rewritten; a run computed again is stored the new way.
struct ChunkScoreBreakdowns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ScoreBreakdowns.schema)
            .field("run_id", .int, .required, .references(ScoringRun.schema, "id"))
            .field("first", .int, .required)
            .field("stride", .int, .required)
            .field("lines", .data, .required)
            .unique(on: "run_id", "first")
            .create()
        if let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" {
            // Uncompressed, so one result's slice is read from the chunk's own pages (compressed, the whole chunk
            // is read and inflated); packed doubles gain little from compression anyway.
            try await sql.raw("ALTER TABLE \(ident: ScoreBreakdowns.schema) ALTER COLUMN lines SET STORAGE EXTERNAL").run()
        }
        try await database.schema(ScoreResult.schema).field("breakdown_position", .int).update()
    }

    /// Puts every chunked breakdown back into its result row, then drops the chunks and the positions.
    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("""
                UPDATE \(ident: ScoreResult.schema) SET breakdown = COALESCE((
                    SELECT substr(b.lines, CAST((\(ident: ScoreResult.schema).breakdown_position - b.first) * b.stride + 1 AS INTEGER),
                                  CAST(b.stride AS INTEGER))
                    FROM \(ident: ScoreBreakdowns.schema) b
                    WHERE b.run_id = \(ident: ScoreResult.schema).run_id
                      AND \(ident: ScoreResult.schema).breakdown_position >= b.first
                      AND \(ident: ScoreResult.schema).breakdown_position < b.first + length(b.lines) / b.stride), breakdown)
                WHERE breakdown_position IS NOT NULL
                """).run()
        }
        try await database.schema(ScoreResult.schema).deleteField("breakdown_position").update()
        try await database.schema(ScoreBreakdowns.schema).delete()
    }
}
