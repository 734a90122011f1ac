import Fluent
import Foundation
import SQLKit

/// Foreign keys set aside while a bulk load fills an empty PostgreSQL database, and put back afterwards, each
/// checked once by one join — PostgreSQL's own advice for populating a database. Row by row, a key checks the row it
/// points to and locks it: at a million enterprises that was about 6 s per million rows written (facts, credit
/// ratings, the publication's messages), a fifth of the demo's time.
///
/// The keys dropped are recorded in `settings`, in the transaction that drops them, so a load that dies half-way
/// gets them back at the next start (`restore`, called after the migrations by `serve`, `demo` and `migrate`).
/// Putting a key back adds it `NOT VALID` first — from then on every new row is checked — and then validates the
/// rows already there. SQLite has nothing to do.
enum ForeignKeySuspension {
    static let settingKey = "bulk_load.suspended_foreign_keys"

    struct Key: Codable, Equatable, Sendable {
        let table: String
        let name: String
        /// As `pg_get_constraintdef` spells it (`FOREIGN KEY (…) REFERENCES …(…)`).
        let definition: String
    }

    /// Drops the foreign keys of `tables`, recording them first; returns what was dropped.
    @discardableResult
    static func suspend(tables: [String], on db: any Database) async throws -> [Key] {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql", !tables.isEmpty else { return [] }
        return try await db.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else { return [] }
            let found = try await sql.raw("""
                SELECT c.relname AS table_name, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
                FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace
                    AND c.relname IN (\(SQLList(tables.map { SQLBind($0) })))
                ORDER BY c.relname, k.conname
                """).all()
            let keys = try found.map { row in
                Key(table: try row.decode(column: "table_name", as: String.self),
                    name: try row.decode(column: "name", as: String.self),
                    definition: try row.decode(column: "definition", as: String.self))
            }
            guard !keys.isEmpty else { return [] }
            let recorded = try await Self.recorded(on: sql)
            let all = recorded + keys.filter { !recorded.contains($0) }
            try await Setting.upsert(settingKey, value: String(decoding: try JSONEncoder().encode(all), as: UTF8.self),
                                     on: transaction)
            for key in keys {
                try await sql.raw("ALTER TABLE \(ident: key.table) DROP CONSTRAINT \(ident: key.name)").run()
            }
            return keys
        }
    }

    /// Puts back every recorded key (those already back are left alone) and validates them, the tables at once.
    /// Returns the keys put back. A key whose rows do not hold stays in force for new rows, unvalidated, and the
    /// error names it.
    @discardableResult
    static func restore(on db: any Database) async throws -> [Key] {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return [] }
        let keys = try await recorded(on: sql)
        guard !keys.isEmpty else { return [] }
        try await db.transaction { transaction in
            guard let sql = transaction as? any SQLDatabase else { return }
            for key in keys {
                let present = try await sql.raw("""
                    SELECT 1 AS found FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                    WHERE c.relname = \(bind: key.table) AND k.conname = \(bind: key.name)
                        AND c.relnamespace = current_schema()::regnamespace
                    """).first()
                guard present == nil else { continue }
                try await sql.raw("""
                    ALTER TABLE \(ident: key.table) ADD CONSTRAINT \(ident: key.name) \(unsafeRaw: key.definition) NOT VALID
                    """).run()
            }
            try await sql.delete(from: Setting.schema).where("key", .equal, settingKey).run()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for key in keys {
                group.addTask {
                    do {
                        try await sql.raw("ALTER TABLE \(ident: key.table) VALIDATE CONSTRAINT \(ident: key.name)").run()
                    } catch {
                        throw AppError.conflict(
                            "外键 \(key.name) 校验未通过：\(key.table) 中有行引用了不存在的记录（新写入的行仍受约束）",
                            code: "foreign_key_invalid")
                    }
                }
            }
            try await group.waitForAll()
        }
        return keys
    }

    private static func recorded(on sql: any SQLDatabase) async throws -> [Key] {
        guard let text = try await sql.select().column("value").from(Setting.schema).where("key", .equal, settingKey)
            .first(decodingColumn: "value", as: String.self)
        else { return [] }
        return (try? JSONDecoder().decode([Key].self, from: Data(text.utf8))) ?? []
    }
}
