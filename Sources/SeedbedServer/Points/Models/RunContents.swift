import Foundation
import NIOConcurrencyHelpers
import SeedbedDomain

/// A run's stored scheme and cohort keys decoded once per process. A national run's row carries some 160 KB of
/// them as JSON, and 积分结果查询, 我的积分, the API and the run list decoded them on every request — the run picker
/// once per listed run. The key is the text itself (its hash, then the whole text compared), so a run whose stored
/// text changed, or another database's run with the same id, is never answered from an older decoding.
final class RunContents: Sendable {
    static let shared = RunContents()

    struct Decoded: Sendable {
        let scheme: InnovationScheme?
        let keys: [CohortKey]
    }

    private struct Entry: Sendable {
        let schemeText: String
        let keysText: String
        let decoded: Decoded
    }

    private let entries = NIOLockedValueBox<[Int: Entry]>([:])
    /// Runs kept at once; beyond it the map starts again. A national run's decoding is about a megabyte, so this
    /// bounds the cache near 64 MB; a platform lists a handful of runs, and with more than 64 visible the run
    /// picker decodes as it did before this cache.
    private let capacity = 64

    func decoded(_ run: ScoringRun) -> Decoded {
        let (schemeText, keysText) = (run.schemeContent, run.cohortKeys)
        // The bytes, not the `String`s: hashing and comparing a String goes through Unicode normalisation, which
        // for 160 KB of Chinese JSON costs a good part of what the decoding does.
        var hasher = Hasher()
        Self.combine(schemeText, into: &hasher)
        Self.combine(keysText, into: &hasher)
        let key = hasher.finalize()
        if let entry = entries.withLockedValue({ $0[key] }), Self.sameBytes(entry.schemeText, schemeText),
           Self.sameBytes(entry.keysText, keysText)
        {
            return entry.decoded
        }
        let decoded = Decoded(scheme: try? run.scheme(), keys: run.keys)
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(schemeText: schemeText, keysText: keysText, decoded: decoded)
        }
        return decoded
    }

    private static func combine(_ text: String, into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        var (a, b) = (a, b)
        guard a.utf8.count == b.utf8.count else { return false }
        return a.withUTF8 { left in b.withUTF8 { right in left.elementsEqual(right) } }
    }
}
