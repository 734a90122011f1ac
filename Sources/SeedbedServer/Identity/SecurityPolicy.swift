import Fluent
import Foundation
import NIOConcurrencyHelpers
import SeedbedDomain
import Vapor

/// 安全策略: the password and lock rules the security administrator sets (GB/T 22239-2019 §8.1.4). Kept as one
/// JSON row of `settings`, so every node applies the same rules; until it is first saved the environment's values
/// (`AppConfig`) apply.
struct SecurityPolicy: Codable, Sendable, Equatable {
    var minimumLength: Int
    var requiredClasses: Int
    var historyDepth: Int
    var maximumAgeDays: Int
    var accountLockThreshold: Int
    var ipLockThreshold: Int
    var lockWindowMinutes: Int
    var lockMinutes: Int

    static let settingKey = "security_policy"

    /// The bounds the form enforces; a stored value outside them (edited by hand) is clamped when applied.
    enum Bounds {
        static let minimumLength = 8...64
        static let requiredClasses = 2...4
        static let historyDepth = 1...24
        static let maximumAgeDays = 0...365
        static let accountLockThreshold = 3...20
        static let ipLockThreshold = 5...1000
        static let lockWindowMinutes = 1...1440
        static let lockMinutes = 1...1440
    }

    /// The policy a configuration carries (what applies before the security administrator saves one).
    init(_ config: AppConfig) {
        minimumLength = config.passwordPolicy.minimumLength
        requiredClasses = config.passwordPolicy.requiredClasses
        historyDepth = config.passwordPolicy.historyDepth
        maximumAgeDays = config.passwordPolicy.maximumAgeDays
        accountLockThreshold = config.accountLockThreshold
        ipLockThreshold = config.ipLockThreshold
        lockWindowMinutes = max(1, Int((config.lockWindow / 60).rounded()))
        lockMinutes = max(1, Int((config.lockDuration / 60).rounded()))
    }

    /// The configuration with this policy in place of its password and lock values.
    func applied(to config: AppConfig) -> AppConfig {
        var config = config
        config.passwordPolicy.minimumLength = Self.clamp(minimumLength, Bounds.minimumLength)
        config.passwordPolicy.requiredClasses = Self.clamp(requiredClasses, Bounds.requiredClasses)
        config.passwordPolicy.historyDepth = Self.clamp(historyDepth, Bounds.historyDepth)
        config.passwordPolicy.maximumAgeDays = Self.clamp(maximumAgeDays, Bounds.maximumAgeDays)
        config.accountLockThreshold = Self.clamp(accountLockThreshold, Bounds.accountLockThreshold)
        config.ipLockThreshold = Self.clamp(ipLockThreshold, Bounds.ipLockThreshold)
        config.lockWindow = Double(Self.clamp(lockWindowMinutes, Bounds.lockWindowMinutes)) * 60
        config.lockDuration = Double(Self.clamp(lockMinutes, Bounds.lockMinutes)) * 60
        return config
    }

    /// A short description for the audit log.
    var summary: String {
        "密码最短 \(minimumLength) 位、至少 \(requiredClasses) 类字符、不得重复最近 \(historyDepth) 次、有效期 "
            + (maximumAgeDays == 0 ? "不限" : "\(maximumAgeDays) 天")
            + "；账号 \(accountLockThreshold) 次、地址 \(ipLockThreshold) 次失败（\(lockWindowMinutes) 分钟内）锁定 \(lockMinutes) 分钟"
    }

    private static func clamp(_ value: Int, _ range: ClosedRange<Int>) -> Int {
        min(max(value, range.lowerBound), range.upperBound)
    }
}

/// Reads and writes the stored policy. Each node keeps what it read for a few seconds, so a request does not
/// query `settings` every time; the node that saves sees its change at once, others within `maximumAge`.
final class SecurityPolicyStore: Sendable {
    static let maximumAge: UInt64 = 5_000_000_000

    private struct Cached {
        let policy: SecurityPolicy?
        let readAt: UInt64
    }

    private let cached = NIOLockedValueBox<Cached?>(nil)

    /// The stored policy, or nil when none was saved.
    func current(on database: any Database) async throws -> SecurityPolicy? {
        let now = DispatchTime.now().uptimeNanoseconds
        if let cached = cached.withLockedValue({ $0 }), now &- cached.readAt < Self.maximumAge {
            return cached.policy
        }
        let policy = try await Setting.find(SecurityPolicy.settingKey, on: database)
            .flatMap { try? JSONDecoder().decode(SecurityPolicy.self, from: Data($0.value.utf8)) }
        cached.withLockedValue { $0 = Cached(policy: policy, readAt: now) }
        return policy
    }

    /// Stores the policy for every node.
    func save(_ policy: SecurityPolicy, on database: any Database) async throws {
        let value = String(decoding: try JSONEncoder().encode(policy), as: UTF8.self)
        try await Setting.upsert(SecurityPolicy.settingKey, value: value, on: database)
        cached.withLockedValue { $0 = Cached(policy: policy, readAt: DispatchTime.now().uptimeNanoseconds) }
    }
}

extension Application {
    private struct SecurityPolicyStoreKey: StorageKey { typealias Value = SecurityPolicyStore }

    var securityPolicies: SecurityPolicyStore {
        get { storage[SecurityPolicyStoreKey.self] ?? SecurityPolicyStore() }
        set { storage[SecurityPolicyStoreKey.self] = newValue }
    }
}

/// The configuration a request sees: the one read at start with the stored security policy over it.
struct EffectiveConfigKey: StorageKey { typealias Value = AppConfig }

/// Puts the stored security policy into `req.config` before anything signs in or checks a password, so the
/// login, lock and password code read one place whatever set the rule.
struct SecurityPolicyMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Probes (/healthz, /readyz, /metrics) read no policy: they must answer while the database is not ready.
        if !request.url.path.hasPrefix("/static/"), !HealthController.probePaths.contains(request.url.path),
           let policy = try await request.application.securityPolicies.current(on: request.db)
        {
            request.storage[EffectiveConfigKey.self] = policy.applied(to: request.application.config)
        }
        return try await next.respond(to: request)
    }
}
