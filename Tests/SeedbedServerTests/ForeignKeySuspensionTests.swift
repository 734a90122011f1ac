import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor

/// Foreign keys a bulk load sets aside (`ForeignKeySuspension`, the million-enterprise demo on an empty
/// PostgreSQL): they come back validated, also after a load that died half-way, and rows that break them are
/// reported while new rows stay checked.
@Suite("批量载入期间暂停外键")
struct ForeignKeySuspensionTests {
    /// (table, key, validated) of every foreign key of the demo's bulk tables.
    static func keys(_ sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw("""
            SELECT c.relname || '.' || k.conname || ':' || CASE WHEN k.convalidated THEN 'valid' ELSE 'not valid' END AS k
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            WHERE k.contype = 'f' AND c.relname IN (\(SQLList(DemoCommand.bulkTables.map { SQLBind($0) })))
            ORDER BY 1
            """).all().map { try $0.decode(column: "k", as: String.self) }
    }

    static func orphanFact(_ sql: any SQLDatabase, year: Int) async throws {
        try await sql.raw("""
            INSERT INTO enterprise_facts (enterprise_id, region_code, year, source, updated_at)
            VALUES (987654321, '210211', \(bind: year), 'test', now())
            """).run()
    }

    @Test("PostgreSQL：暂停的外键在载入后恢复并整表校验；载入中断后下次启动恢复；有引用不存在企业的行时报错，新写入仍受约束")
    func suspendsAndRestores() async throws {
        guard TestDatabase.postgresURL != nil else { return }
        try await withSeedbedApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let before = try await Self.keys(sql)
            #expect(before.contains("enterprise_facts.enterprise_facts_enterprise_id_fkey:valid"))
            #expect(before.contains("credit_ratings.credit_ratings_enterprise_id_fkey:valid"))
            #expect(before.contains("messages.messages_enterprise_id_fkey:valid"))
            #expect(before.contains("enterprises.enterprises_zone_id_fkey:valid"))

            let suspended = try await ForeignKeySuspension.suspend(tables: DemoCommand.bulkTables, on: app.db)
            #expect(suspended.count == before.count)
            #expect(try await Self.keys(sql).isEmpty)

            // A load with the keys set aside, then "the process dies": nothing restores until the next start.
            let now = Date(timeIntervalSince1970: 1_780_000_000)
            let loader = DemoDataLoader(database: app.db, logger: app.logger, now: now)
            let zones = try await loader.ensureOrganizations()
            #expect(try await loader.loadEnterprises(count: 150, seed: 3, zoneIDs: zones, withFacts: true) == 150)
            #expect(try await Self.keys(sql).isEmpty)

            // The next start (`serve`, `demo`, `migrate`) puts them back, validated; a second call has nothing to do.
            let restored = try await ForeignKeySuspension.restore(on: app.db)
            #expect(restored.count == before.count)
            #expect(try await Self.keys(sql) == before)
            #expect(try await ForeignKeySuspension.restore(on: app.db).isEmpty)

            // A row pointing at no enterprise, written while the keys were aside: restoring names the key, which
            // is back in force for new rows though the old ones are not validated.
            try await ForeignKeySuspension.suspend(tables: DemoCommand.bulkTables, on: app.db)
            try await Self.orphanFact(sql, year: 2001)
            await #expect(throws: AppError.self) { try await ForeignKeySuspension.restore(on: app.db) }
            let after = try await Self.keys(sql)
            #expect(after.contains("enterprise_facts.enterprise_facts_enterprise_id_fkey:not valid"))
            #expect(after.contains("credit_ratings.credit_ratings_enterprise_id_fkey:valid"))
            await #expect(throws: (any Error).self) { try await Self.orphanFact(sql, year: 2002) }
        }
    }

    @Test("SQLite 没有可暂停的外键：什么也不做")
    func sqliteDoesNothing() async throws {
        guard TestDatabase.postgresURL == nil else { return }
        try await withSeedbedApp { app in
            let suspended = try await ForeignKeySuspension.suspend(tables: DemoCommand.bulkTables, on: app.db)
            let restored = try await ForeignKeySuspension.restore(on: app.db)
            #expect(suspended.isEmpty)
            #expect(restored.isEmpty)
        }
    }
}
