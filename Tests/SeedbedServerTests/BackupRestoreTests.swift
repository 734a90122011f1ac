import Fluent
import Foundation
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// `seedbed backup` / `seedbed restore` and their verification: what an operator relies on after a round trip.
@Suite("备份与恢复")
struct BackupRestoreTests {
    /// A scratch folder removed after the test.
    private static func withFolder(_ body: (URL) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await body(folder)
    }

    /// An app on `location`, not migrated (a restore target), shut down after `body`.
    private static func withTarget(_ location: AppConfig.DatabaseLocation, _ body: (Application) async throws -> Void)
        async throws
    {
        var config = testConfig()
        config.database = location
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: config)
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Real rows in many tables, an uploaded file's bytes among them.
    private static func seed(_ app: Application) async throws {
        _ = try await Fixtures.make(app)
        let pdf = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-\(UUID().uuidString).pdf")
        try Data("%PDF-1.4 营业执照 \u{0}\u{1}\u{FF}".utf8).write(to: pdf)
        defer { try? FileManager.default.removeItem(at: pdf) }
        _ = try await Files(app: app, db: app.db).keep(pdf, name: "营业执照.pdf", purpose: "licence", owner: nil)
    }

    @Test("SQLite：备份后恢复到空库，每张表的行数与校验和都与原库一致；非空目标不加 --force 不覆盖")
    func sqliteRoundTrip() async throws {
        try await Self.withFolder { folder in
            let source = folder.appendingPathComponent("source.sqlite").path
            try await withSeedbedApp({ $0.database = .sqliteFile(path: source) }) { app in
                try await app.autoMigrate()
                try await Self.seed(app)
                let backupFile = folder.appendingPathComponent("seedbed.backup")
                let manifest = try await DatabaseBackup(app: app).backup(to: backupFile)
                let original = try await TableWalker.checksums(app.db)
                #expect(manifest.tables == original, "the manifest describes the database as it was backed up")
                #expect(manifest.tables.contains { $0.table == "file_blobs" && $0.rows == 1 })
                #expect(manifest.tables.contains { $0.table == "enterprises" && $0.rows > 0 })
                // A second backup to the same file is refused; the first stays.
                await #expect(throws: BackupError.self) { try await DatabaseBackup(app: app).backup(to: backupFile) }
                #expect(ChecksumComparison(expected: manifest.tables,
                                           actual: try await DatabaseBackup(app: app).roundTrip(backupFile)).mismatches == 0)

                let target = folder.appendingPathComponent("target.sqlite").path
                try await Self.withTarget(.sqliteFile(path: target)) { restored in
                    _ = try await DatabaseBackup(app: restored).restore(from: backupFile, force: false)
                    let comparison = ChecksumComparison(expected: original, actual: try await TableWalker.checksums(restored.db))
                    #expect(comparison.mismatches == 0)
                    #expect(comparison.render(expectedLabel: "backup", actualLabel: "restored").contains("全部"))
                    // The restored platform works: its accounts and files are there.
                    #expect(try await User.query(on: restored.db).count() == (try await User.query(on: app.db).count()))
                    // Now non-empty: a second restore needs --force.
                    await #expect(throws: BackupError.self) {
                        try await DatabaseBackup(app: restored).restore(from: backupFile, force: false)
                    }
                    _ = try await DatabaseBackup(app: restored).restore(from: backupFile, force: true)
                    #expect(ChecksumComparison(expected: original,
                                               actual: try await TableWalker.checksums(restored.db)).mismatches == 0)
                }
            }
        }
    }

    @Test("校验发现被改动的一行，只报那张表；被改动的备份文件拒绝恢复")
    func tamperedRowAndFile() async throws {
        try await Self.withFolder { folder in
            let source = folder.appendingPathComponent("source.sqlite").path
            try await withSeedbedApp({ $0.database = .sqliteFile(path: source) }) { app in
                try await app.autoMigrate()
                try await Self.seed(app)
                let backupFile = folder.appendingPathComponent("seedbed.backup")
                let manifest = try await DatabaseBackup(app: app).backup(to: backupFile)
                guard let sql = app.db as? any SQLDatabase else { throw TestSetupError.noAdminDatabase }
                // One changed character in one row of one table.
                try await sql.raw("UPDATE enterprises SET name = name || '.' WHERE id = (SELECT MIN(id) FROM enterprises)").run()
                let comparison = ChecksumComparison(expected: manifest.tables, actual: try await TableWalker.checksums(app.db))
                #expect(comparison.mismatches == 1)
                #expect(comparison.lines.filter { !$0.matches }.map(\.table) == ["enterprises"])
                let line = try #require(comparison.lines.first { $0.table == "enterprises" })
                #expect(line.expected?.rows == line.actual?.rows, "same count: only the checksum tells")
                #expect(comparison.render(expectedLabel: "backup", actualLabel: "database").contains("不一致 MISMATCH"))

                // A backup file whose bytes changed is refused before anything is overwritten.
                let handle = try FileHandle(forUpdating: backupFile)
                try handle.seek(toOffset: 200)
                try handle.write(contentsOf: Data([0x42]))
                try handle.close()
                let target = folder.appendingPathComponent("target.sqlite").path
                try await Self.withTarget(.sqliteFile(path: target)) { restored in
                    do {
                        _ = try await DatabaseBackup(app: restored).restore(from: backupFile, force: true)
                        Issue.record("a damaged backup was restored")
                    } catch let error as BackupError {
                        #expect(error.description.contains("SHA-256"))
                    }
                }
            }
        }
    }

    @Test("PostgreSQL：pg_dump 备份、pg_restore 恢复到另一数据库，逐表一致",
          .enabled(if: TestDatabase.postgresURL != nil, "needs SEEDBED_TEST_POSTGRES_URL"))
    func postgresRoundTrip() async throws {
        guard (try? PostgresTools.find("pg_dump")) != nil, (try? PostgresTools.find("pg_restore")) != nil else {
            print("skipped: pg_dump / pg_restore not found on PATH or under /usr/lib/postgresql/*/bin")
            return
        }
        guard let base = TestDatabase.postgresURL else { return }
        try await Self.withFolder { folder in
            try await withSeedbedApp { app in
                try await Self.seed(app)
                let backupFile = folder.appendingPathComponent("seedbed.dump")
                let manifest = try await DatabaseBackup(app: app).backup(to: backupFile)
                let original = try await TableWalker.checksums(app.db)
                #expect(manifest.tables == original)
                #expect(manifest.engine == "postgresql")
                #expect(ChecksumComparison(expected: manifest.tables,
                                           actual: try await DatabaseBackup(app: app).roundTrip(backupFile)).mismatches == 0)

                // The target is a migrated database of its own: not empty, so only --force restores into it.
                let name = try await PostgresTestDatabases.shared.makeDatabase()
                do {
                    try await Self.withTarget(.postgres(url: PostgresTestDatabases.url(base, database: name))) { restored in
                        await #expect(throws: BackupError.self) {
                            try await DatabaseBackup(app: restored).restore(from: backupFile, force: false)
                        }
                        _ = try await DatabaseBackup(app: restored).restore(from: backupFile, force: true)
                        let comparison = ChecksumComparison(expected: original,
                                                            actual: try await TableWalker.checksums(restored.db))
                        #expect(comparison.mismatches == 0, "\(comparison.render(expectedLabel: "source", actualLabel: "restored"))")
                    }
                } catch {
                    try? await PostgresTestDatabases.shared.dropDatabase(name)
                    throw error
                }
                try await PostgresTestDatabases.shared.dropDatabase(name)
            }
        }
    }
}
