import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import Vapor

/// The PostgreSQL the benchmark tests compare against: the server the server suites use
/// (`SEEDBED_TEST_POSTGRES_URL`, set by scripts/test), with a database of its own per test, created empty and
/// dropped afterwards. The benchmarks create their own tables, so no migration runs.
enum BenchDatabase {
    static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["SEEDBED_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }

    /// Runs `test` on a fresh, empty PostgreSQL database.
    static func withPostgres(_ test: (any Database) async throws -> Void) async throws {
        let base = try #require(postgresURL)
        let name = "seedbed_bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let app = try await Application.make(.testing)
        do {
            app.databases.use(.postgres(configuration: try configuration(base)), as: .psql)
            let admin = try #require(app.db(.psql) as? any SQLDatabase)
            try await admin.raw("CREATE DATABASE \(ident: name)").run()
            let id = DatabaseID(string: "bench")
            app.databases.use(.postgres(configuration: try configuration(url(base, database: name))), as: id)
            do {
                try await test(app.db(id))
            } catch {
                await drop(name, admin: admin)
                throw error
            }
            await drop(name, admin: admin)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    private static func drop(_ name: String, admin: any SQLDatabase) async {
        try? await admin.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
    }

    private static func configuration(_ url: String) throws -> SQLPostgresConfiguration {
        var configuration = try SQLPostgresConfiguration(url: url)
        configuration.coreConfiguration.tls = .disable
        return configuration
    }

    private static func url(_ base: String, database: String) -> String {
        guard var components = URLComponents(string: base) else { return base }
        components.path = "/" + database
        return components.string ?? base
    }
}
