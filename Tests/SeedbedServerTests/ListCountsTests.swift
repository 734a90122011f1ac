import Foundation
@testable import SeedbedServer
import Testing

/// The node's kept list totals: counted once per interval, and an expired total shown while it is counted again,
/// so a reader never waits for the recount of a total the node already has.
@Suite("列表合计的短时保留")
struct ListCountsTests {
    /// Counts calls; a count may be held until the test lets it finish.
    actor Counter {
        private(set) var calls = 0
        private var held = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func hold() { held = true }

        func release() {
            held = false
            for continuation in waiting { continuation.resume() }
            waiting = []
        }

        func count() async -> Int {
            calls += 1
            let result = calls
            if held { await withCheckedContinuation { waiting.append($0) } }
            return result
        }
    }

    @Test("期限内复用同一次计数；过期后先给出原合计并在后台重新计数，计数完成后给出新合计；过旧的合计不再使用")
    func staleWhileCounting() async throws {
        let counts = ListCounts()
        let counter = Counter()
        let start = Date(timeIntervalSince1970: 1_000_000)
        func total(at seconds: TimeInterval) async throws -> Int {
            try await counts.total("k", maxAge: 2, now: start.addingTimeInterval(seconds)) { await counter.count() }
        }
        #expect(try await total(at: 0) == 1)
        #expect(try await total(at: 1) == 1)
        #expect(await counter.calls == 1)

        // Expired: the recount is held, and the reader still gets the total it replaces at once.
        await counter.hold()
        #expect(try await total(at: 3) == 1)
        #expect(try await total(at: 3.5) == 1, "one recount at a time")
        await counter.release()
        var refreshed = 1
        for _ in 0..<1_000 where refreshed == 1 {
            refreshed = try await total(at: 4)
            if refreshed == 1 { try await Task.sleep(nanoseconds: 1_000_000) }
        }
        #expect(refreshed == 2)
        #expect(await counter.calls == 2)

        // Ten intervals later the kept total is too old to show: the reader waits for a new count.
        #expect(try await total(at: 3 + 2 * ListCounts.staleFactor + 1) == 3)
        #expect(await counter.calls == 3)
    }

    @Test("计数失败不保留；过期合计的重新计数失败时仍给出原合计，下一次请求再计数")
    func failedCounts() async throws {
        struct Failure: Error {}
        let counts = ListCounts()
        let start = Date(timeIntervalSince1970: 2_000_000)
        await #expect(throws: Failure.self) {
            try await counts.total("f", maxAge: 2, now: start) { throw Failure() }
        }
        #expect(try await counts.total("f", maxAge: 2, now: start) { 7 } == 7)
        #expect(try await counts.total("f", maxAge: 2, now: start.addingTimeInterval(3)) { throw Failure() } == 7)
        var after = 7
        for _ in 0..<1_000 where after == 7 {
            after = try await counts.total("f", maxAge: 2, now: start.addingTimeInterval(3.5)) { 8 }
            if after == 7 { try await Task.sleep(nanoseconds: 1_000_000) }
        }
        #expect(after == 8)
    }
}
