import Foundation
import Vapor

/// Totals of list scopes, kept a moment on each node: the officials of one city opening 企业信息查询 within the
/// same couple of seconds share one `COUNT(*)` over the city's enterprises instead of running one each — at a
/// million enterprises that count, not the page, is what a list request costs. A total is counted again once it is
/// `maxAge` old (the overview's check interval, 2 s; 0 in tests), and requests that miss together wait for one count.
/// While that recount runs, requests get the total before it, if it is younger than `staleFactor` × `maxAge`: before,
/// the request that found a total expired waited for the recount, so every scope's count made one reader in each
/// interval wait 0.1–1.5 s at a million enterprises.
actor ListCounts {
    private struct Entry {
        var at: Date
        var task: Task<any Sendable, any Error>
        /// A recount under way while `task`'s value is still served.
        var refreshing = false
    }

    private var entries: [String: Entry] = [:]
    /// Different filters and scopes a node keeps at once; beyond it the oldest half is dropped.
    private let capacity = 4096
    /// How many times `maxAge` an expired total may still be shown while it is counted again.
    static let staleFactor = 10.0

    /// The total under `key` if counted less than `maxAge` ago, else `count()`'s.
    func total(_ key: String, maxAge: TimeInterval, now: Date, _ count: @escaping @Sendable () async throws -> Int)
        async throws -> Int
    {
        try await value("count|" + key, maxAge: maxAge, now: now, count)
    }

    /// Any other figure a list page reads beside its rows (a run's cohorts in the scope), kept the same way.
    func value<Value: Sendable>(_ key: String, maxAge: TimeInterval, now: Date,
                                _ compute: @escaping @Sendable () async throws -> Value) async throws -> Value
    {
        guard maxAge > 0 else { return try await compute() }
        if let entry = entries[key], now >= entry.at {
            let age = now.timeIntervalSince(entry.at)
            if age < maxAge, let value = try await entry.task.value as? Value { return value }
            if age < maxAge * Self.staleFactor {
                if !entry.refreshing { refresh(key, at: now, compute) }
                if let value = try? await entry.task.value as? Value { return value }
            }
        }
        if entries.count >= capacity {
            let kept = entries.sorted { $0.value.at > $1.value.at }.prefix(capacity / 2)
            entries = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
        }
        let task = Task<any Sendable, any Error> { try await compute() }
        entries[key] = Entry(at: now, task: task)
        do {
            if let value = try await task.value as? Value { return value }
            entries[key] = nil
            return try await compute()
        } catch {
            // A failed count is not kept: the next request counts again.
            entries[key] = nil
            throw error
        }
    }

    /// Counts `key` again in the background; the result replaces the entry unless a newer one came meanwhile. A
    /// failed recount leaves the old total (until it is too old) and lets the next request try again.
    private func refresh<Value: Sendable>(_ key: String, at now: Date,
                                          _ compute: @escaping @Sendable () async throws -> Value) {
        entries[key]?.refreshing = true
        Task {
            do {
                let value = try await compute()
                self.store(key, at: now, value)
            } catch {
                self.entries[key]?.refreshing = false
            }
        }
    }

    private func store(_ key: String, at: Date, _ value: any Sendable) {
        if let current = entries[key], current.at > at { return }
        entries[key] = Entry(at: at, task: Task<any Sendable, any Error> { value })
    }
}

extension Application {
    private struct ListCountsKey: StorageKey { typealias Value = ListCounts }

    /// This node's short-lived list totals (set once by `configure`).
    var listCounts: ListCounts {
        get { storage[ListCountsKey.self] ?? ListCounts() }
        set { storage[ListCountsKey.self] = newValue }
    }
}
