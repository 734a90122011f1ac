import Fluent
import Foundation
import SQLKit

/// Limits attempts per subject (an account, an address, an address on one form) with counters kept in the
/// database and changed by single conditional statements, so a limit holds whatever the concurrency and on
/// every node: an attempt first takes a slot (`take`), and only an attempt that got one may go on to check a
/// password or a code. A slot is given back (`refund`) when the attempt turns out not to count.
///
/// Reading the attempts made so far and then deciding, as the login once did, lets 40 parallel requests all
/// read "4 so far" and all go on to check a password.
struct RateLimiter {
    let database: any Database
    let now: Date

    /// How many attempts a subject may make within a window, and how long it stays shut once it has made them.
    struct Rule: Sendable, Equatable {
        var limit: Int
        var window: TimeInterval
        /// 0: no separate lock; the subject opens again when its window ends.
        var lock: TimeInterval = 0
    }

    enum Outcome: Sendable, Equatable {
        /// The attempt may go on; `count` attempts (this one included) fall in the current window.
        case allowed(count: Int)
        /// Refused until the given time.
        case refused(until: Date)
    }

    static let schema = "rate_limits"

    private var sql: any SQLDatabase {
        get throws {
            guard let sql = database as? any SQLDatabase else { throw RateLimiterError.notSQL }
            return sql
        }
    }

    private var seconds: Double { now.timeIntervalSince1970 }

    /// Takes a slot for `subject` if its window has room and it is not locked; one statement decides.
    func take(_ subject: String, rule: Rule) async throws -> Outcome {
        let sql = try self.sql
        let cutoff = seconds - rule.window
        try await sql.raw("""
            INSERT INTO \(ident: Self.schema) (subject, hits, window_start, locked_until) \
            VALUES (\(bind: subject), 0, \(bind: seconds), NULL) ON CONFLICT (subject) DO NOTHING
            """).run()
        let row = try await sql.raw("""
            UPDATE \(ident: Self.schema) SET \
            hits = CASE WHEN window_start <= \(bind: cutoff) THEN 1 ELSE hits + 1 END, \
            window_start = CASE WHEN window_start <= \(bind: cutoff) THEN \(bind: seconds) ELSE window_start END \
            WHERE subject = \(bind: subject) \
            AND (locked_until IS NULL OR locked_until <= \(bind: seconds)) \
            AND (window_start <= \(bind: cutoff) OR hits < \(bind: rule.limit)) \
            RETURNING hits
            """).first()
        if let row, let count = try? row.decode(column: "hits", as: Int.self) {
            return .allowed(count: count)
        }
        return .refused(until: try await refusedUntil(subject, rule: rule))
    }

    /// Gives back a slot taken by an attempt that does not count (a wrong captcha, a successful login from a
    /// shared address).
    func refund(_ subject: String) async throws {
        try await sql.raw("""
            UPDATE \(ident: Self.schema) SET hits = hits - 1 WHERE subject = \(bind: subject) AND hits > 0
            """).run()
    }

    /// Clears the subject's count and lock (a successful login clears its account's failures).
    func reset(_ subject: String) async throws {
        try await sql.raw("""
            UPDATE \(ident: Self.schema) SET hits = 0, locked_until = NULL WHERE subject = \(bind: subject)
            """).run()
    }

    /// Shuts the subject for `duration`; counting starts afresh when the lock ends.
    func lock(_ subject: String, for duration: TimeInterval) async throws {
        try await sql.raw("""
            UPDATE \(ident: Self.schema) SET hits = 0, window_start = \(bind: seconds), \
            locked_until = \(bind: seconds + duration) WHERE subject = \(bind: subject)
            """).run()
    }

    /// Attempts counted in the subject's current window (0 once it has ended).
    func count(_ subject: String, rule: Rule) async throws -> Int {
        guard let row = try await sql.raw("""
            SELECT hits, window_start FROM \(ident: Self.schema) WHERE subject = \(bind: subject)
            """).first(),
            let hits = try? row.decode(column: "hits", as: Int.self),
            let start = try? row.decode(column: "window_start", as: Double.self),
            start > seconds - rule.window
        else { return 0 }
        return hits
    }

    /// The time a subject is shut until, if it is shut now.
    func lockedUntil(_ subject: String, rule: Rule) async throws -> Date? {
        guard let row = try await sql.raw("""
            SELECT hits, window_start, locked_until FROM \(ident: Self.schema) WHERE subject = \(bind: subject)
            """).first()
        else { return nil }
        if let until = try? row.decode(column: "locked_until", as: Double?.self), until > seconds {
            return Date(timeIntervalSince1970: until)
        }
        if let hits = try? row.decode(column: "hits", as: Int.self), hits >= rule.limit,
           let start = try? row.decode(column: "window_start", as: Double.self), start + rule.window > seconds
        {
            return Date(timeIntervalSince1970: start + rule.window)
        }
        return nil
    }

    /// Subjects starting with `prefix` that are shut now, with the time each opens again, soonest first.
    func locked(prefix: String, rule: Rule, limit: Int = 500) async throws -> [(subject: String, until: Date)] {
        let rows = try await sql.raw("""
            SELECT subject, hits, window_start, locked_until FROM \(ident: Self.schema) \
            WHERE subject LIKE \(bind: Like.escape(prefix) + "%") ESCAPE '\\' \
            AND (locked_until > \(bind: seconds) OR (hits >= \(bind: rule.limit) AND window_start > \(bind: seconds - rule.window))) \
            ORDER BY subject LIMIT \(bind: limit)
            """).all()
        return rows.compactMap { row in
            guard let subject = try? row.decode(column: "subject", as: String.self) else { return nil }
            var until: Double?
            if let lockedUntil = try? row.decode(column: "locked_until", as: Double?.self), lockedUntil > seconds {
                until = lockedUntil
            } else if let start = try? row.decode(column: "window_start", as: Double.self) {
                until = start + rule.window
            }
            return until.map { (subject, Date(timeIntervalSince1970: $0)) }
        }.sorted { $0.until < $1.until }
    }

    /// What a person refused by a limit reads: how many minutes until they may try again.
    static func tooOften(until: Date, now: Date) -> String {
        let minutes = max(1, Int(min(until.timeIntervalSince(now), 86_400) / 60) + 1)
        return "操作过于频繁，请 \(minutes) 分钟后再试"
    }

    private func refusedUntil(_ subject: String, rule: Rule) async throws -> Date {
        try await lockedUntil(subject, rule: rule) ?? now.addingTimeInterval(max(1, rule.window))
    }
}

enum RateLimiterError: Error {
    case notSQL
}
