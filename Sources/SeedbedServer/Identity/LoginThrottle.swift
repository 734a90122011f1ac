import Fluent
import Foundation

/// Counts failed logins per account and per address and locks either when it crosses its threshold within
/// the window (5 per account, 20 per address, 15 minutes; configurable). A lock lasts `lockDuration`; failures
/// before a lock ended or before the last successful login do not count again.
///
/// Every attempt takes a slot from both counters before the password is checked (`begin`), in one conditional
/// statement each (`RateLimiter`), so a burst of parallel attempts checks at most the threshold of passwords;
/// `finish` then gives the slots back when the attempt does not count (a wrong captcha, a success from a shared
/// address) and locks a subject whose last slot went to a failure.
struct LoginThrottle {
    let database: any Database
    let config: AppConfig
    let now: Date

    /// Failure reasons that count toward a lock. A wrong captcha does not: the password was never checked.
    static let countedReasons = ["bad_password", "unknown_account", "disabled"]

    static func accountSubject(_ account: String) -> String { "login:account:" + account.lowercased() }
    static func ipSubject(_ ip: String) -> String { "login:ip:" + ip }

    private var limiter: RateLimiter { RateLimiter(database: database, now: now) }

    private var accountRule: RateLimiter.Rule {
        .init(limit: config.accountLockThreshold, window: config.lockWindow, lock: config.lockDuration)
    }

    private var ipRule: RateLimiter.Rule {
        .init(limit: config.ipLockThreshold, window: config.lockWindow, lock: config.lockDuration)
    }

    /// A login attempt that holds a slot on both counters.
    struct Attempt: Sendable {
        let account: String
        let ip: String
        let accountCount: Int
        let ipCount: Int
    }

    /// Takes a slot for the account and for the address; nil and the time the lock ends when either is shut
    /// (the refused attempt is logged).
    func begin(account: String, ip: String, userAgent: String?) async throws -> Result<Attempt, LockedOut> {
        let normalised = account.lowercased()
        let accountSubject = Self.accountSubject(normalised)
        let ipSubject = Self.ipSubject(ip)
        let accountTake = try await limiter.take(accountSubject, rule: accountRule)
        guard case .allowed(let accountCount) = accountTake else {
            try await log(account: normalised, ip: ip, userAgent: userAgent, success: false, reason: "locked")
            if case .refused(let until) = accountTake { return .failure(LockedOut(until: until)) }
            return .failure(LockedOut(until: now.addingTimeInterval(config.lockDuration)))
        }
        let ipTake = try await limiter.take(ipSubject, rule: ipRule)
        guard case .allowed(let ipCount) = ipTake else {
            try await limiter.refund(accountSubject)
            try await log(account: normalised, ip: ip, userAgent: userAgent, success: false, reason: "locked")
            if case .refused(let until) = ipTake { return .failure(LockedOut(until: until)) }
            return .failure(LockedOut(until: now.addingTimeInterval(config.lockDuration)))
        }
        return .success(Attempt(account: normalised, ip: ip, accountCount: accountCount, ipCount: ipCount))
    }

    struct LockedOut: Error, Sendable {
        let until: Date
    }

    /// Records how the attempt ended; after a counted failure that used a subject's last slot, locks it.
    /// Returns the subjects locked.
    @discardableResult
    func finish(_ attempt: Attempt, userAgent: String?, success: Bool, reason: String) async throws -> [String] {
        try await log(account: attempt.account, ip: attempt.ip, userAgent: userAgent, success: success, reason: reason)
        let accountSubject = Self.accountSubject(attempt.account)
        let ipSubject = Self.ipSubject(attempt.ip)
        if success {
            try await limiter.reset(accountSubject)
            try await limiter.refund(ipSubject)
            return []
        }
        guard Self.countedReasons.contains(reason) else {
            try await limiter.refund(accountSubject)
            try await limiter.refund(ipSubject)
            return []
        }
        var locked: [String] = []
        if attempt.accountCount >= config.accountLockThreshold {
            try await lock(accountSubject)
            locked.append(accountSubject)
        }
        if attempt.ipCount >= config.ipLockThreshold {
            try await lock(ipSubject)
            locked.append(ipSubject)
        }
        return locked
    }

    /// The time until which the account or address is locked, if it is (for pages that only ask).
    func lockedUntil(account: String, ip: String) async throws -> Date? {
        let account = try await limiter.lockedUntil(Self.accountSubject(account.lowercased()), rule: accountRule)
        let address = try await limiter.lockedUntil(Self.ipSubject(ip), rule: ipRule)
        return [account, address].compactMap { $0 }.max()
    }

    /// Failures left before the account locks.
    func remainingTries(account: String) async throws -> Int {
        let count = try await limiter.count(Self.accountSubject(account.lowercased()), rule: accountRule)
        return max(0, config.accountLockThreshold - count)
    }

    private func log(account: String, ip: String, userAgent: String?, success: Bool, reason: String) async throws {
        try await LoginAttempt(account: account, ip: ip, userAgent: userAgent, success: success,
                               reason: reason, at: now).create(on: database)
    }

    private func lock(_ subject: String) async throws {
        try await limiter.lock(subject, for: config.lockDuration)
        try await LoginLock(subject: subject, lockedUntil: now.addingTimeInterval(config.lockDuration),
                            createdAt: now).create(on: database)
    }
}
