import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import TextFormatting
import Vapor

/// One table's row count and checksum: SHA-256 over the table's rows, each rendered as text by the database
/// itself and taken in one fixed order, so two databases holding the same rows give the same checksum.
struct TableChecksum: Codable, Sendable, Equatable {
    var table: String
    var rows: Int
    var checksum: String
}

/// What a backup held when it was taken: written beside the backup file as `<file>.manifest.json`, and what a
/// restore is compared with.
struct BackupManifest: Codable, Sendable, Equatable {
    var format = 1
    /// `sqlite` or `postgresql`.
    var engine: String
    var createdAt: Date
    /// SHA-256 of the backup file, so a damaged or altered file is refused before it overwrites anything.
    var fileSHA256: String
    var tables: [TableChecksum]

    static func url(for backup: URL) -> URL {
        backup.deletingLastPathComponent().appendingPathComponent(backup.lastPathComponent + ".manifest.json")
    }

    func write(beside backup: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(self).write(to: Self.url(for: backup), options: .atomic)
    }

    static func read(beside backup: URL) throws -> BackupManifest {
        let url = url(for: backup)
        guard let data = try? Data(contentsOf: url) else { throw BackupError.noManifest(url.path) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let manifest = try? decoder.decode(BackupManifest.self, from: data) else {
            throw BackupError.noManifest(url.path)
        }
        return manifest
    }
}

/// A failed backup, restore or verification, said in Chinese and English (operators read it in a terminal or a
/// cron mail).
enum BackupError: Error, CustomStringConvertible, LocalizedError {
    case toolMissing(String)
    case toolFailed(String, status: Int32, output: String)
    case exists(String)
    case missing(String)
    case noManifest(String)
    case damaged(String)
    case engineMismatch(backup: String, target: String)
    case notEmpty(tables: Int, rows: Int)
    case memoryDatabase
    case mismatch(Int)
    case scratchRefused(String)

    var description: String {
        switch self {
        case .toolMissing(let tool):
            "未找到 \(tool)：请安装 PostgreSQL 客户端工具（Debian：apt-get install postgresql-client），或把它所在目录加入 PATH。"
                + " \(tool) was not found on PATH or under /usr/lib/postgresql/*/bin: install the PostgreSQL client"
                + " tools (Debian: apt-get install postgresql-client) or add their directory to PATH."
        case .toolFailed(let tool, let status, let output):
            "\(tool) 执行失败（退出码 \(status)） / \(tool) failed with exit status \(status):\n\(output)"
        case .exists(let path):
            "文件已存在，未覆盖：\(path) / \(path) already exists and was not overwritten"
        case .missing(let path):
            "备份文件不存在：\(path) / backup file \(path) does not exist"
        case .noManifest(let path):
            "缺少或无法读取备份清单：\(path) / the backup manifest \(path) is missing or unreadable"
        case .damaged(let path):
            "备份文件与其清单记录的 SHA-256 不符（文件损坏或被改动），未恢复：\(path)"
                + " / \(path) does not match the SHA-256 in its manifest (damaged or altered); nothing was restored"
        case .engineMismatch(let backup, let target):
            "备份来自 \(backup)，目标数据库是 \(target)，无法恢复 / a \(backup) backup cannot be restored into \(target)"
        case .notEmpty(let tables, let rows):
            "目标数据库不是空的（\(tables) 张表，共 \(rows) 行），未恢复；确认要覆盖请加 --force"
                + " / the target database is not empty (\(tables) tables, \(rows) rows); nothing was restored."
                + " Add --force to overwrite it"
        case .memoryDatabase:
            "内存数据库不能作为恢复目标，请设置 DATABASE_URL=sqlite:文件路径 或 postgres://…"
                + " / an in-memory database cannot be restored into: set DATABASE_URL to a file or PostgreSQL"
        case .mismatch(let tables):
            "校验不一致：\(tables) 张表的行数或校验和不同 / verification failed: \(tables) tables differ"
        case .scratchRefused(let reason):
            "无法创建用于校验的临时数据库（需要 CREATEDB 权限）：\(reason)"
                + " / could not create the scratch database for --verify (needs CREATEDB): \(reason)"
        }
    }

    var errorDescription: String? { description }
}

/// Walks every table of a database and checksums it: one walker for SQLite and PostgreSQL, each database
/// rendering its own rows as text (`quote()` per column on SQLite, the row's text form on PostgreSQL, both
/// byte-ordered), so equal contents give equal checksums whatever the physical order.
enum TableWalker {
    static func checksums(_ db: any Database) async throws -> [TableChecksum] {
        guard let sql = db as? any SQLDatabase else { throw BackupError.missing("SQL database") }
        if sql.dialect.name == "postgresql" {
            // Text forms of dates and numbers depend on session settings: fix them, inside one transaction so a
            // pooled connection keeps them for every table and a backup's snapshot (when already in one) holds.
            return try await db.transaction { transaction in
                guard let sql = transaction as? any SQLDatabase else { throw BackupError.missing("SQL database") }
                try await sql.raw("SET LOCAL TimeZone = 'UTC'").run()
                try await sql.raw("SET LOCAL DateStyle = 'ISO, YMD'").run()
                try await sql.raw("SET LOCAL extra_float_digits = 1").run()
                try await sql.raw("SET LOCAL IntervalStyle = 'iso_8601'").run()
                try await sql.raw("SET LOCAL bytea_output = 'hex'").run()
                return try await walk(sql)
            }
        }
        return try await walk(sql)
    }

    private static func walk(_ sql: any SQLDatabase) async throws -> [TableChecksum] {
        var result: [TableChecksum] = []
        for table in try await tables(sql) {
            let rows = try await rowQuery(table, on: sql)
            let digest = RowDigest()
            try await sql.raw(rows).run { row in
                digest.add((try? row.decode(column: "r", as: String.self)) ?? "\u{0}NULL")
            }
            let (count, checksum) = digest.finish()
            result.append(TableChecksum(table: table, rows: count, checksum: checksum))
        }
        return result
    }

    /// The user tables, by name.
    static func tables(_ sql: any SQLDatabase) async throws -> [String] {
        let query: SQLQueryString = sql.dialect.name == "postgresql"
            ? "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        return try await sql.raw(query).all().map { try $0.decode(column: "name", as: String.self) }
    }

    private static func rowQuery(_ table: String, on sql: any SQLDatabase) async throws -> SQLQueryString {
        if sql.dialect.name == "postgresql" {
            return "SELECT (t::text) COLLATE \"C\" AS r FROM \(ident: table) AS t ORDER BY 1"
        }
        let columns = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table)) ORDER BY cid").all()
            .map { try $0.decode(column: "name", as: String.self) }
        let quoted = columns.map { "quote(\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\")" }
        let expression = quoted.isEmpty ? "''" : quoted.joined(separator: " || ',' || ")
        return "SELECT \(unsafeRaw: expression) AS r FROM \(ident: table) ORDER BY 1"
    }

    /// Total rows of every table (is a restore target empty?).
    static func populatedTables(_ db: any Database) async throws -> (tables: Int, rows: Int) {
        guard let sql = db as? any SQLDatabase else { return (0, 0) }
        var rows = 0
        let names = try await tables(sql)
        for table in names {
            let count = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            rows += count
        }
        return (names.count, rows)
    }
}

/// SHA-256 over rows fed one at a time (from a row callback, hence the lock).
private final class RowDigest: Sendable {
    private let state = NIOLockedValueBox((count: 0, hasher: SHA256()))

    func add(_ text: String) {
        state.withLockedValue {
            $0.count += 1
            $0.hasher.update(data: Data(text.utf8))
            $0.hasher.update(data: Data([0x0A]))
        }
    }

    func finish() -> (Int, String) {
        state.withLockedValue { ($0.count, HexText.lowercase($0.hasher.finalize())) }
    }
}

/// One line per table of a comparison, and whether it matched.
struct ChecksumComparison: Sendable {
    struct Line: Sendable {
        var table: String
        var expected: TableChecksum?
        var actual: TableChecksum?
        var matches: Bool { expected != nil && expected == actual }
    }

    var lines: [Line]
    var mismatches: Int { lines.filter { !$0.matches }.count }

    init(expected: [TableChecksum], actual: [TableChecksum]) {
        let left = Dictionary(expected.map { ($0.table, $0) }, uniquingKeysWith: { first, _ in first })
        let right = Dictionary(actual.map { ($0.table, $0) }, uniquingKeysWith: { first, _ in first })
        lines = Set(left.keys).union(right.keys).sorted().map { Line(table: $0, expected: left[$0], actual: right[$0]) }
    }

    /// The table an operator reads: rows and checksum on each side and 一致 / 不一致.
    func render(expectedLabel: String, actualLabel: String) -> String {
        let width = max(24, (lines.map(\.table.count).max() ?? 0) + 2)
        func pad(_ text: String, _ n: Int) -> String {
            text.count >= n ? text : text + String(repeating: " ", count: n - text.count)
        }
        func side(_ value: TableChecksum?) -> String {
            guard let value else { return pad("(无 / absent)", 30) }
            return pad(String(value.rows), 10) + pad(String(value.checksum.prefix(16)), 20)
        }
        var text = pad("表 / table", width) + pad("\(expectedLabel) rows", 10) + pad("checksum", 20)
            + pad("\(actualLabel) rows", 10) + pad("checksum", 20) + "结果 / result\n"
        for line in lines {
            text += pad(line.table, width) + side(line.expected) + side(line.actual)
                + (line.matches ? "一致 ok" : "不一致 MISMATCH") + "\n"
        }
        text += mismatches == 0
            ? "全部 \(lines.count) 张表一致 / all \(lines.count) tables match\n"
            : "\(mismatches) 张表不一致 / \(mismatches) of \(lines.count) tables differ\n"
        return text
    }
}

/// `pg_dump`, `pg_restore` and friends, found on PATH or under /usr/lib/postgresql/<version>/bin (newest first),
/// run as subprocesses with the password passed in the environment, never on the command line.
enum PostgresTools {
    static func find(_ tool: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        let manager = FileManager.default
        var candidates = (environment["PATH"] ?? "").split(separator: ":").map { String($0) + "/" + tool }
        let versions = ((try? manager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        candidates += versions.map { "/usr/lib/postgresql/\($0)/bin/\(tool)" }
        guard let path = candidates.first(where: { manager.isExecutableFile(atPath: $0) }) else {
            throw BackupError.toolMissing(tool)
        }
        return URL(fileURLWithPath: path)
    }

    /// The connection URL without its password (which goes to `PGPASSWORD`), and without PostgresKit's own
    /// `tlsmode`/`ssl` query items, which libpq does not know.
    static func libpq(_ url: String) -> (url: String, password: String?) {
        guard var components = URLComponents(string: url) else { return (url, nil) }
        let password = components.password.flatMap { $0.removingPercentEncoding ?? $0 }
        components.password = nil
        let items = (components.queryItems ?? []).filter { !["tlsmode", "ssl"].contains($0.name) }
        components.queryItems = items.isEmpty ? nil : items
        return (components.string ?? url, password)
    }

    /// Runs `tool` with `arguments` and waits; a non-zero exit throws with what the tool wrote to stderr.
    static func run(_ tool: String, _ arguments: [String], password: String?) async throws {
        let executable = try find(tool)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        if let password { environment["PGPASSWORD"] = password }
        process.environment = environment
        // stderr to a file: a pipe nobody reads while waiting stalls the tool once it fills.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-\(tool)-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else { throw BackupError.missing(log.path) }
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        process.standardError = handle
        process.standardOutput = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        guard status == 0 else {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw BackupError.toolFailed(tool, status: status, output: String(output.suffix(4000)))
        }
    }
}

/// Backup, restore and verification of the configured database (DESIGN: operations). SQLite is copied with
/// `VACUUM INTO` (one consistent read of the live database); PostgreSQL with `pg_dump --format=custom` inside a
/// repeatable-read transaction whose snapshot the dump shares, so the manifest's checksums describe exactly what
/// the dump holds while the platform keeps writing.
struct DatabaseBackup {
    let app: Application

    var engine: String { app.config.database.isPostgres ? "postgresql" : "sqlite" }

    /// Writes the backup and its manifest; refuses to overwrite either.
    @discardableResult
    func backup(to file: URL) async throws -> BackupManifest {
        let manager = FileManager.default
        for path in [file.path, BackupManifest.url(for: file).path] where manager.fileExists(atPath: path) {
            throw BackupError.exists(path)
        }
        try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).partial-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: partial) }
        let tables: [TableChecksum]
        switch app.config.database {
        case .postgres(let url):
            tables = try await app.db.transaction { transaction in
                guard let sql = transaction as? any SQLDatabase else { throw BackupError.missing("SQL database") }
                try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
                let snapshot = try await sql.raw("SELECT pg_export_snapshot() AS s").first()?
                    .decode(column: "s", as: String.self) ?? ""
                let (target, password) = PostgresTools.libpq(url)
                try await PostgresTools.run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges",
                                                        "--snapshot=\(snapshot)", "--file=\(partial.path)",
                                                        "--dbname=\(target)"], password: password)
                return try await TableWalker.checksums(transaction)
            }
        case .sqliteFile, .sqliteMemory:
            guard let sql = app.db as? any SQLDatabase else { throw BackupError.missing("SQL database") }
            try await sql.raw("VACUUM INTO \(bind: partial.path)").run()
            tables = try await withDatabase(.sqliteFile(path: partial.path)) { try await TableWalker.checksums($0) }
        }
        try manager.moveItem(at: partial, to: file)
        let manifest = BackupManifest(engine: engine, createdAt: app.clock.now(), fileSHA256: try Files.sha256(of: file),
                                      tables: tables)
        try manifest.write(beside: file)
        return manifest
    }

    /// Replaces the configured database's contents with the backup's. Refuses a non-empty target unless `force`,
    /// a backup whose bytes do not match its manifest, and a backup of the other engine. The nodes serving the
    /// database must be stopped first.
    func restore(from file: URL, force: Bool) async throws -> BackupManifest {
        let manager = FileManager.default
        guard manager.fileExists(atPath: file.path) else { throw BackupError.missing(file.path) }
        let manifest = try BackupManifest.read(beside: file)
        guard manifest.engine == engine else { throw BackupError.engineMismatch(backup: manifest.engine, target: engine) }
        guard try Files.sha256(of: file) == manifest.fileSHA256 else { throw BackupError.damaged(file.path) }
        switch app.config.database {
        case .sqliteMemory:
            throw BackupError.memoryDatabase
        case .sqliteFile(let path):
            // Counted through a connection of its own, closed before the file is swapped: the platform's pool must
            // not hold the old file open afterwards.
            let target = URL(fileURLWithPath: path)
            if manager.fileExists(atPath: path) {
                let (tables, rows) = try await withDatabase(.sqliteFile(path: path)) {
                    try await TableWalker.populatedTables($0)
                }
                if tables > 0 && !force { throw BackupError.notEmpty(tables: tables, rows: rows) }
            }
            app.databases.reinitialize()
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).restoring-\(UUID().uuidString)")
            defer { try? manager.removeItem(at: partial) }
            try manager.copyItem(at: file, to: partial)
            for suffix in ["-wal", "-shm", "-journal"] { try? manager.removeItem(atPath: path + suffix) }
            // rename(2) replaces the old file in one step: a crash leaves the old database or the new, never half.
            guard rename(partial.path, target.path) == 0 else { throw BackupError.toolFailed("rename", status: errno, output: path) }
        case .postgres(let url):
            let (tables, rows) = try await TableWalker.populatedTables(app.db)
            if tables > 0 && !force { throw BackupError.notEmpty(tables: tables, rows: rows) }
            try await pgRestore(file, into: url)
        }
        return manifest
    }

    /// Restores into a scratch database (a temporary file, or a new database on the same PostgreSQL server),
    /// checksums it and drops it: the round trip `--verify` asks for.
    func roundTrip(_ file: URL) async throws -> [TableChecksum] {
        switch app.config.database {
        case .postgres(let url):
            guard let sql = app.db as? any SQLDatabase, var components = URLComponents(string: url) else {
                throw BackupError.missing("SQL database")
            }
            let name = "seedbed_verify_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            do {
                try await sql.raw("CREATE DATABASE \(ident: name)").run()
            } catch {
                throw BackupError.scratchRefused(String(describing: error))
            }
            components.path = "/" + name
            let scratch = components.string ?? url
            do {
                try await pgRestore(file, into: scratch)
                let tables = try await withDatabase(.postgres(url: scratch)) { try await TableWalker.checksums($0) }
                try await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
                return tables
            } catch {
                try? await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
                throw error
            }
        case .sqliteFile, .sqliteMemory:
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-verify-\(UUID().uuidString).sqlite")
            defer { try? FileManager.default.removeItem(at: scratch) }
            try FileManager.default.copyItem(at: file, to: scratch)
            return try await withDatabase(.sqliteFile(path: scratch.path)) { try await TableWalker.checksums($0) }
        }
    }

    /// Checksums of another database (a file or PostgreSQL URL), opened for this call only.
    func checksums(of location: AppConfig.DatabaseLocation) async throws -> [TableChecksum] {
        try await withDatabase(location) { try await TableWalker.checksums($0) }
    }

    private func pgRestore(_ file: URL, into url: String) async throws {
        let (target, password) = PostgresTools.libpq(url)
        try await PostgresTools.run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges",
                                                   "--single-transaction", "--exit-on-error",
                                                   "--dbname=\(target)", file.path], password: password)
    }

    /// Opens `location` under a database id of its own, runs `body`, and closes it again.
    private func withDatabase<T: Sendable>(_ location: AppConfig.DatabaseLocation,
                                           _ body: (any Database) async throws -> T) async throws -> T {
        let id = DatabaseID(string: "backup-" + UUID().uuidString)
        switch location {
        case .sqliteFile(let path):
            app.databases.use(.sqlite(SQLiteConfiguration(storage: .file(path: path), enableForeignKeys: false)), as: id,
                              isDefault: false)
        case .sqliteMemory(let identifier):
            app.databases.use(.sqlite(SQLiteConfiguration(storage: .memory(identifier: identifier))), as: id,
                              isDefault: false)
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            if !url.contains("sslmode=") { configuration.coreConfiguration.tls = .disable }
            app.databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 1), as: id,
                              isDefault: false)
        }
        defer { app.databases.reinitialize(id) }
        return try await body(app.db(id))
    }
}
