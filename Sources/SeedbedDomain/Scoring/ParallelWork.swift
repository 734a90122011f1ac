import Dispatch
import Foundation

/// The two ways scoring spreads work over the cores.
package enum ParallelWork {
    /// Runs `body(i)` for every `i` in `0..<iterations` on all cores; returns when all have finished.
    package static func forEach(_ iterations: Int, _ body: @Sendable (Int) -> Void) {
        guard iterations > 0 else { return }
        if iterations == 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
        }
    }

    /// Runs one worker per core (at most `tasks`); each calls `body` once with a shared counter and takes task
    /// numbers from it until none are left. Workers keep their buffers between tasks, so tasks are balanced
    /// dynamically (a core slowed by a neighbour simply takes fewer) without each task allocating — and
    /// page-faulting — fresh memory.
    static func workers(tasks: Int, _ body: @Sendable (_ counter: Counter) -> Void) {
        guard tasks > 0 else { return }
        let counter = Counter(count: tasks)
        forEach(min(tasks, max(1, ProcessInfo.processInfo.activeProcessorCount))) { _ in body(counter) }
    }

    /// Hands out task numbers `0..<count`, each once.
    final class Counter: @unchecked Sendable {
        // `next` is only touched under `lock`, which makes sharing the counter safe.
        private let lock = NSLock()
        private var next = 0
        private let count: Int

        init(count: Int) { self.count = count }

        /// The next task number, or `nil` when all are taken.
        func take() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < count else { return nil }
            next += 1
            return next - 1
        }
    }
}
