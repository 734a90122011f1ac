import Fluent
import Foundation

/// Counts failed logins per account and per address and locks either when it crosses its threshold within
/// the window (5 per account, 20 per address, 15 minutes; configurable). A lock lasts `lockDuration`; failures
/// before a lock ended or before the last successful login do not count again.
struct LoginThrottle {
    let database: any Database
    let config: AppConfig
    let now: Date

    /// Failure reasons that count toward a lock. A wrong captcha does not: the password was never checked.
    static let countedReasons = ["bad_password", "unknown_account", "disabled"]

    static func accountSubject(_ account: String) -> String { "account:" + account.lowercased() }
    static func ipSubject(_ ip: String) -> String { "ip:" + ip }

    /// The time until which the account or address is locked, if it is.
    func lockedUntil(account: String, ip: String) async throws -> Date? {
        let subjects = [Self.accountSubject(account), Self.ipSubject(ip)]
        let lock = try await LoginLock.query(on: database)
            .filter(\.$subject ~~ subjects)
            .filter(\.$lockedUntil > now)
            .sort(\.$lockedUntil, .descending)
            .first()
        return lock?.lockedUntil
    }

    /// Records an attempt; after a counted failure, locks what crossed its threshold. Returns the locks made.
    @discardableResult
    func record(account: String, ip: String, userAgent: String?, success: Bool, reason: String)
        async throws -> [String]
    {
        let normalised = account.lowercased()
        try await LoginAttempt(account: normalised, ip: ip, userAgent: userAgent, success: success,
                               reason: reason, at: now).create(on: database)
        guard !success, Self.countedReasons.contains(reason) else { return [] }
        var locked: [String] = []
        let accountFailures = try await failures(subject: Self.accountSubject(normalised)) {
            $0.filter(\.$account == normalised)
        }
        if accountFailures >= config.accountLockThreshold {
            try await lock(Self.accountSubject(normalised))
            locked.append(Self.accountSubject(normalised))
        }
        let ipFailures = try await failures(subject: Self.ipSubject(ip)) { $0.filter(\.$ip == ip) }
        if ipFailures >= config.ipLockThreshold {
            try await lock(Self.ipSubject(ip))
            locked.append(Self.ipSubject(ip))
        }
        return locked
    }

    /// Failures left before the account locks.
    func remainingTries(account: String) async throws -> Int {
        let normalised = account.lowercased()
        let count = try await failures(subject: Self.accountSubject(normalised)) {
            $0.filter(\.$account == normalised)
        }
        return max(0, config.accountLockThreshold - count)
    }

    private func failures(subject: String, _ narrow: (QueryBuilder<LoginAttempt>) -> QueryBuilder<LoginAttempt>)
        async throws -> Int
    {
        var since = now.addingTimeInterval(-config.lockWindow)
        if let lastLock = try await LoginLock.query(on: database).filter(\.$subject == subject)
            .sort(\.$lockedUntil, .descending).first(), lastLock.lockedUntil > since
        {
            since = lastLock.lockedUntil
        }
        if subject.hasPrefix("account:"),
           let lastSuccess = try await narrow(LoginAttempt.query(on: database)).filter(\.$success == true)
            .sort(\.$at, .descending).first(), lastSuccess.at > since
        {
            since = lastSuccess.at
        }
        return try await narrow(LoginAttempt.query(on: database))
            .filter(\.$success == false)
            .filter(\.$reason ~~ Self.countedReasons)
            .filter(\.$at > since)
            .count()
    }

    private func lock(_ subject: String) async throws {
        try await LoginLock(subject: subject, lockedUntil: now.addingTimeInterval(config.lockDuration),
                            createdAt: now).create(on: database)
    }
}
