import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The platform's notion of "now". Production uses the system clock; tests move it forward to check idle
/// timeouts, lock expiry and code lifetimes without sleeping.
public final class AppClock: Sendable {
    private let offset = NIOLockedValueBox<TimeInterval>(0)

    public init() {}

    public func now() -> Date { Date().addingTimeInterval(offset.withLockedValue { $0 }) }

    /// Moves the clock forward (tests only).
    public func advance(by seconds: TimeInterval) {
        offset.withLockedValue { $0 += seconds }
    }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = AppClock }

    /// Set once by `configure`; reading it earlier gives a fresh system clock.
    public var clock: AppClock {
        get { storage[ClockKey.self] ?? AppClock() }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    /// Now, by the application clock.
    public var now: Date { application.clock.now() }
}
