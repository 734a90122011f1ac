import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import TextFormatting
import Vapor

/// A key/value row of platform-wide settings that must be the same on every node (e.g. the secret that
/// signs CSRF tokens).
final class Setting: Model, @unchecked Sendable {
    static let schema = "settings"

    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "value") var value: String

    init() {}

    init(key: String, value: String) {
        self.id = key
        self.value = value
    }

    /// A counter kept as a setting (a data version every node compares with its own); 0 before the first increment.
    static func counter(_ key: String, on sql: any SQLDatabase) async throws -> Int {
        let value = try await sql.select().column("value").from(schema).where("key", .equal, key)
            .first(decodingColumn: "value", as: String.self)
        return value.flatMap { Int($0) } ?? 0
    }

    /// Moves a counter on by one, creating its row on first use; atomic in SQL, so two nodes incrementing at once
    /// both count.
    static func increment(_ key: String, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: schema).columns("key", "value").values(SQLBind(key), SQLBind("0"))
            .ignoringConflicts(with: ["key"]).run()
        try await sql.update(schema)
            .set("value", to: SQLRaw("CAST(CAST(value AS INTEGER) + 1 AS TEXT)"))
            .where("key", .equal, key).run()
    }

    /// A random name of this database, made on first use and the same for every node: what a node-local cache
    /// (the overview snapshot file) was built from, so a file from another database is never taken for this one's.
    static func databaseInstance(on sql: any SQLDatabase) async throws -> String {
        let key = "database_instance"
        func stored() async throws -> String? {
            try await sql.select().column("value").from(schema).where("key", .equal, key)
                .first(decodingColumn: "value", as: String.self)
        }
        if let value = try await stored() { return value }
        // Two nodes starting together: the first insert wins and both read it back.
        try await sql.insert(into: schema).columns("key", "value").values(SQLBind(key), SQLBind(RandomToken.make(bytes: 16)))
            .ignoringConflicts(with: ["key"]).run()
        guard let value = try await stored() else {
            throw AppError(status: .internalServerError, code: "settings", message: "数据库标识不可用")
        }
        return value
    }

    /// Writes one setting, creating its row on first use: a single `INSERT … ON CONFLICT (key) DO UPDATE`, so two
    /// administrators (or two nodes) saving at once both succeed and the later write stands.
    static func upsert(_ key: String, value: String, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else {
            throw AppError(status: .internalServerError, code: "settings", message: "设置无法保存")
        }
        try await sql.insert(into: schema).columns("key", "value").values(SQLBind(key), SQLBind(value))
            .onConflict(with: ["key"]) { $0.set(excludedValueOf: "value") }
            .run()
    }
}

/// The server secret, generated once per deployment and stored in `settings`, so all nodes sign and check
/// CSRF tokens alike. `SEEDBED_SECRET` overrides it.
final class SecretStore: Sendable {
    private let cached = NIOLockedValueBox<SymmetricKey?>(nil)

    func key(on database: any Database) async throws -> SymmetricKey {
        if let key = cached.withLockedValue({ $0 }) { return key }
        let key: SymmetricKey
        if let configured = Environment.get("SEEDBED_SECRET"), configured.count >= 32 {
            key = SymmetricKey(data: SHA256.hash(data: Data(configured.utf8)))
        } else if let stored = try await Setting.find("secret", on: database),
                  let data = Data(base64Encoded: stored.value)
        {
            key = SymmetricKey(data: data)
        } else {
            let fresh = Data((0..<32).map { _ in UInt8.random(in: .min ... .max) })
            // Two nodes starting together: the first insert wins and both read it back.
            try? await Setting(key: "secret", value: fresh.base64EncodedString()).create(on: database)
            guard let stored = try await Setting.find("secret", on: database),
                  let data = Data(base64Encoded: stored.value)
            else { throw AppError(status: .internalServerError, code: "secret", message: "服务器密钥不可用") }
            key = SymmetricKey(data: data)
        }
        cached.withLockedValue { $0 = key }
        return key
    }
}

extension Application {
    private struct SecretStoreKey: StorageKey { typealias Value = SecretStore }

    var secretStore: SecretStore {
        get { storage[SecretStoreKey.self] ?? SecretStore() }
        set { storage[SecretStoreKey.self] = newValue }
    }
}

/// Random tokens for sessions, CSRF cookies, API tokens and captcha ids.
enum RandomToken {
    static func make(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        return data.base64URLEncoded()
    }

    static func sha256Hex(_ value: String) -> String {
        HexText.lowercase(SHA256.hash(data: Data(value.utf8)))
    }
}

extension Data {
    func base64URLEncoded() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
