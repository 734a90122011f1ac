import Foundation
import NIOConcurrencyHelpers
import SeedbedDomain
import Vapor

/// Page parts rendered once and served as HTML text while what they show stays the same: a statistics table is
/// a pure function of the overview snapshot, the reader's scope and the query, and rendering the national
/// 区县入库企业情况统计表 (350 KB, thousands of cells escaped one by one) cost 60 ms of CPU on every visit. The key
/// names everything the part depends on, the snapshot's version and build time included, so an entry is never
/// stale: a new snapshot gives new keys, and the old ones leave when the budget is spent.
final class RenderedFragments: Sendable {
    private struct State {
        var entries: [String: String] = [:]
        var bytes = 0
        var hits = 0
    }

    private let state = NIOLockedValueBox(State())
    /// UTF-8 bytes kept at most; when a new part would pass it, everything kept is dropped.
    let budget: Int

    init(budget: Int = 16 << 20) {
        self.budget = budget
    }

    /// The text kept under `key`, or `render()`'s, kept for the next request.
    func html(_ key: String, _ render: () -> String) -> String {
        if let kept = state.withLockedValue({ state -> String? in
            guard let kept = state.entries[key] else { return nil }
            state.hits += 1
            return kept
        }) {
            return kept
        }
        let html = render()
        let size = html.utf8.count
        guard size <= budget else { return html }
        state.withLockedValue { state in
            if state.bytes + size > budget {
                state.entries.removeAll(keepingCapacity: true)
                state.bytes = 0
            }
            if state.entries.updateValue(html, forKey: key) == nil { state.bytes += size }
        }
        return html
    }

    /// Requests answered from a kept part (for tests and the bench).
    var hits: Int { state.withLockedValue { $0.hits } }
}

/// Values computed from the overview snapshot and kept under a key that names the snapshot (version and build time)
/// and everything else they depend on, like `RenderedFragments` but for values: the overview's counts over a
/// national scope walk a million slots per request. At most `capacity` are kept; a full cache starts again.
final class KeptValues<Value: Sendable>: Sendable {
    private let entries = NIOLockedValueBox([String: Value]())
    let capacity: Int

    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    func value(_ key: String, _ compute: () -> Value) -> Value {
        if let kept = entries.withLockedValue({ $0[key] }) { return kept }
        let value = compute()
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
        return value
    }
}

extension Application {
    private struct OverviewResultsKey: StorageKey { typealias Value = KeptValues<OverviewResult> }

    /// This node's overview counts per (snapshot, scope, filters, page) (set once by `configure`).
    var overviewResults: KeptValues<OverviewResult> {
        get { storage[OverviewResultsKey.self] ?? KeptValues() }
        set { storage[OverviewResultsKey.self] = newValue }
    }

    private struct RenderedFragmentsKey: StorageKey { typealias Value = RenderedFragments }

    /// This node's rendered page parts (set once by `configure`).
    var fragments: RenderedFragments {
        get { storage[RenderedFragmentsKey.self] ?? RenderedFragments() }
        set { storage[RenderedFragmentsKey.self] = newValue }
    }
}
