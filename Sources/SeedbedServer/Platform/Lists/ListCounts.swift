import Foundation
import Vapor

/// Totals of list scopes, kept a moment on each node: the officials of one city opening 企业信息查询 within the
/// same couple of seconds share one `COUNT(*)` over the city's enterprises instead of running one each — at a
/// million enterprises that count, not the page, is what a list request costs. A total is at most `maxAge`
/// old (the overview's check interval, 2 s; 0 in tests), and requests that miss together wait for one count.
actor ListCounts {
    private var entries: [String: (at: Date, task: Task<any Sendable, any Error>)] = [:]
    /// Different filters and scopes a node keeps at once; beyond it the oldest half is dropped.
    private let capacity = 4096

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
        if let entry = entries[key], now.timeIntervalSince(entry.at) < maxAge, now >= entry.at,
           let value = try await entry.task.value as? Value
        {
            return value
        }
        if entries.count >= capacity {
            let kept = entries.sorted { $0.value.at > $1.value.at }.prefix(capacity / 2)
            entries = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
        }
        let task = Task<any Sendable, any Error> { try await compute() }
        entries[key] = (now, task)
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
}

extension Application {
    private struct ListCountsKey: StorageKey { typealias Value = ListCounts }

    /// This node's short-lived list totals (set once by `configure`).
    var listCounts: ListCounts {
        get { storage[ListCountsKey.self] ?? ListCounts() }
        set { storage[ListCountsKey.self] = newValue }
    }
}
