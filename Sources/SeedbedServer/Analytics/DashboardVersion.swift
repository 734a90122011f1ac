import Fluent
import SQLKit

/// The version of the data the dashboard snapshot is built from, kept in one `settings` row so every node of a
/// multi-node deployment sees the same number. Whatever changes what the snapshot shows (approved facts, a
/// registration or admission, a published scoring run, an import) bumps it, inside its own transaction; each
/// node compares it with its snapshot's and rebuilds when behind.
enum DashboardVersion {
    static let key = "dashboard_version"

    /// The stored version; 0 before the first change.
    static func current(on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        return try await current(on: sql)
    }

    static func current(on sql: any SQLDatabase) async throws -> Int {
        try await Setting.counter(key, on: sql)
    }

    /// Moves the version on by one (creating the row on first use). Atomic in SQL, so two nodes bumping at once
    /// both count.
    static func bump(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await Setting.increment(key, on: sql)
    }
}
