import Fluent
import SQLKit

/// On PostgreSQL, `score_results` becomes a table partitioned by run (`ScoreResultPartition`): a run's results
/// are copied into a table of their own with no index, its indexes are then built in one sorted pass each, and the
/// table is attached as the run's partition. Inserting a million rows into the shared table kept four B-trees up
/// to date row by row, two of them (enterprise, region) at random places: 9.6 s of a national run's 10 s store,
/// where loading the bare table takes 3.0 s and building the four indexes 1.7 s.
///
/// The table as it was becomes the DEFAULT partition, keeping every earlier run's results (and any row a run
/// without a partition of its own writes). Its `id` identity stays with it; the parent and every later partition
/// draw ids from one sequence, `score_results_ids`, started past the highest id there is, so an id still names
/// one result. PostgreSQL cannot have a primary key on a partitioned table that leaves out the partition column,
/// so `score_results_id` is a plain index (each partition has it). SQLite keeps its single table.
struct PartitionScoreResults: AsyncMigration {
    static let defaultPartition = "score_results_default"
    static let sequence = "score_results_ids"

    /// In one transaction (PostgreSQL's DDL is transactional): a migration that stops half-way leaves the table as
    /// it was, and runs again whole.
    func prepare(on database: any Database) async throws {
        try await Self.onPostgreSQL(database, Self.partition)
    }

    /// Back to one table holding every result, ids drawn from the same sequence.
    func revert(on database: any Database) async throws {
        try await Self.onPostgreSQL(database, Self.unpartition)
    }

    /// `body` in one transaction on PostgreSQL; nothing on SQLite.
    private static func onPostgreSQL(_ database: any Database,
                                     _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        guard let outer = database as? any SQLDatabase, outer.dialect.name == "postgresql" else { return }
        try await database.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else { return }
            try await body(sql)
        }
    }

    private static func partition(_ sql: any SQLDatabase) async throws {
        let table = ScoreResult.schema
        let old = defaultPartition
        try await sql.raw("ALTER TABLE \(ident: table) RENAME TO \(ident: old)").run()
        for (index, _, _) in ScoreResultPartition.indexes {
            try await sql.raw("ALTER INDEX IF EXISTS \(ident: index) RENAME TO \(ident: old + "_" + index)").run()
        }
        try await sql.raw("ALTER INDEX IF EXISTS \(ident: table + "_pkey") RENAME TO \(ident: old + "_pkey")").run()
        try await sql.raw("""
            CREATE TABLE \(ident: table) (LIKE \(ident: old) INCLUDING DEFAULTS) PARTITION BY RANGE (run_id)
            """).run()
        try await sql.raw("CREATE SEQUENCE IF NOT EXISTS \(ident: sequence)").run()
        try await sql.raw("""
            SELECT setval(\(literal: sequence), GREATEST((SELECT MAX(id) FROM \(ident: old)), 1))
            """).run()
        try await sql.raw("""
            ALTER TABLE \(ident: table) ALTER COLUMN id SET DEFAULT nextval(\(literal: sequence)::regclass)
            """).run()
        try await sql.raw("ALTER TABLE \(ident: table) ATTACH PARTITION \(ident: old) DEFAULT").run()
        // The old table's indexes of the same definition are attached, not built again (all but `id`'s: its
        // primary key is unique, the parent's index is not).
        for (index, _, columns) in ScoreResultPartition.indexes {
            try await ScoreResultPartition.createIndex(index, on: table, columns: columns, sql)
        }
    }

    private static func unpartition(_ sql: any SQLDatabase) async throws {
        let table = ScoreResult.schema
        let plain = table + "_plain"
        try await sql.raw("CREATE TABLE \(ident: plain) (LIKE \(ident: table) INCLUDING DEFAULTS)").run()
        try await sql.raw("INSERT INTO \(ident: plain) SELECT * FROM \(ident: table)").run()
        try await sql.raw("DROP TABLE \(ident: table) CASCADE").run()
        try await sql.raw("ALTER TABLE \(ident: plain) RENAME TO \(ident: table)").run()
        try await sql.raw("ALTER TABLE \(ident: table) ADD PRIMARY KEY (id)").run()
        for (index, _, columns) in ScoreResultPartition.indexes where index != ScoreResultPartition.idIndex {
            try await ScoreResultPartition.createIndex(index, on: table, columns: columns, sql)
        }
    }
}
