import Foundation

/// Synthetic data asked for outside what a run can hold (say, zero enterprises). The message is Chinese, as the
/// benchmark prints it.
public struct SyntheticDataError: Error, LocalizedError, Hashable, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var errorDescription: String? { message }
}
