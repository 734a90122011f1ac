import Fluent
import FluentPostgresDriver
import Foundation
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Which database server tests run against: SQLite in memory by default; a real PostgreSQL when
/// `SEEDBED_TEST_POSTGRES_URL` names one (scripts/test starts one and sets it).
enum TestDatabase {
    static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["SEEDBED_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }

    static var label: String { postgresURL == nil ? "SQLite" : "PostgreSQL" }
}

/// The configuration tests start from: no captcha, cheap bcrypt, client addresses from `X-Forwarded-For`.
func testConfig() -> AppConfig {
    var config = AppConfig(database: .sqliteMemory(identifier: UUID().uuidString), captchaEnabled: false, bcryptCost: 4,
                           trustProxyHeaders: true)
    config.demoEnterprises = 0
    config.fileStore = .database
    // Most suites sign in as an administrator with the password alone; SecondFactorTests switch the second factor on.
    config.secondFactorRequired = false
    // One fixed key for every test app: PostgreSQL tests clone a template another app migrated.
    config.dataKey = .base64(TestDataKey.base64)
    // A test changes data and reads the overview at once: every request checks the version and waits for a rebuild.
    config.overview.checkInterval = 0
    config.overview.servesStaleWhileRebuilding = false
    // The whole suite runs at once on two cores: a burst test's requests may wait long for the one SQLite
    // connection. Production sheds such a wait after 10 s with 503; here the burst's outcome is what is tested.
    config.databasePoolTimeout = 300
    return config
}

/// Boots the platform on a fresh, migrated database, runs `test`, and tears everything down.
func withSeedbedApp(_ adjust: (inout AppConfig) -> Void = { _ in },
                    _ test: (Application) async throws -> Void) async throws {
    var config = testConfig()
    var databaseName: String?
    if let url = TestDatabase.postgresURL {
        let name = try await PostgresTestDatabases.shared.makeDatabase()
        databaseName = name
        config.database = .postgres(url: PostgresTestDatabases.url(url, database: name))
    }
    adjust(&config)
    let app = try await Application.make(.testing)
    do {
        try await configure(app, config: config)
        app.smsGateway = CapturingSMSGateway(forwardingTo: app.smsGateway)
        if databaseName == nil { try await app.autoMigrate() }
        try await test(app)
    } catch {
        try? await app.asyncShutdown()
        if let databaseName { try? await PostgresTestDatabases.shared.dropDatabase(databaseName) }
        removeMemoryDatabaseFiles(config.database)
        throw error
    }
    try await app.asyncShutdown()
    if let databaseName { try await PostgresTestDatabases.shared.dropDatabase(databaseName) }
    removeMemoryDatabaseFiles(config.database)
}

/// SQLiteKit backs an "in-memory" database with a temporary file it never deletes (its SQLite is built without
/// shared cache): without this every test run left some 600 files, 350 MB, in the temporary directory.
private func removeMemoryDatabaseFiles(_ location: AppConfig.DatabaseLocation) {
    guard case .sqliteMemory(let identifier) = location else { return }
    let directory = FileManager.default.temporaryDirectory
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    for name in names where name.hasPrefix("sqlite-kit_memorydb-") && name.contains(identifier) {
        try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
    }
}

/// Each PostgreSQL test gets its own database, cloned from a template migrated once per test run
/// (`CREATE DATABASE … TEMPLATE …`), so tests stay independent and fast. Set-up runs once in a stored task and
/// clones are made one at a time: actor methods re-enter at every `await`, and PostgreSQL refuses to clone a
/// template that another clone is reading.
actor PostgresTestDatabases {
    static let shared = PostgresTestDatabases()
    private var setup: Task<Application, any Error>?
    private var tail: Task<Void, Never> = Task {}
    private static let template = "seedbed_test_template_\(ProcessInfo.processInfo.processIdentifier)"

    static func url(_ base: String, database: String) -> String {
        guard var components = URLComponents(string: base) else { return base }
        components.path = "/" + database
        return components.string ?? base
    }

    /// The admin connection (to the server's maintenance database), after the template exists.
    private func admin() async throws -> any SQLDatabase {
        let task: Task<Application, any Error>
        if let setup {
            task = setup
        } else {
            task = Task { try await Self.bootstrap() }
            setup = task
        }
        guard let sql = try await task.value.db as? any SQLDatabase else { throw TestSetupError.noAdminDatabase }
        return sql
    }

    private static func bootstrap() async throws -> Application {
        guard let base = TestDatabase.postgresURL else { throw TestSetupError.noAdminDatabase }
        let admin = try await Application.make(.testing)
        var configuration = try SQLPostgresConfiguration(url: base)
        configuration.coreConfiguration.tls = .disable
        admin.databases.use(.postgres(configuration: configuration), as: .psql)
        guard let sql = admin.db as? any SQLDatabase else { throw TestSetupError.noAdminDatabase }
        try await sql.raw("DROP DATABASE IF EXISTS \(ident: template) WITH (FORCE)").run()
        try await sql.raw("CREATE DATABASE \(ident: template)").run()
        let app = try await Application.make(.testing)
        var config = testConfig()
        config.database = .postgres(url: url(base, database: template))
        do {
            try await configure(app, config: config)
            try await app.autoMigrate()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return admin
    }

    /// Runs `operation` after every earlier one has finished.
    private func serially<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tail
        let task = Task {
            await previous.value
            return try await operation()
        }
        tail = Task { _ = try? await task.value }
        return try await task.value
    }

    func makeDatabase() async throws -> String {
        let sql = try await admin()
        let name = "seedbed_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await serially {
            try await sql.raw("CREATE DATABASE \(ident: name) TEMPLATE \(ident: Self.template)").run()
        }
        return name
    }

    func dropDatabase(_ name: String) async throws {
        let sql = try await admin()
        try await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
    }
}

enum TestSetupError: Error {
    case noAdminDatabase
    case missing(String)
}
