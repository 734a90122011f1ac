/// An error a person or a program can be told about: a stable machine `code` for the API and the logs, a Chinese
/// `message` for the page, and the `failure` class that decides the HTTP status.
///
/// Every domain error adopts it, so the server maps them all in one place (its error middleware) instead of
/// converting each one by hand where it is caught; one that escapes still reaches the user as the right status
/// and message, never as a 500.
public protocol CodedError: Error, Sendable {
    /// Stable machine code (`workflow.stale_version`); part of the API, never reworded.
    var code: String { get }
    /// Chinese sentence for the person who tried.
    var message: String { get }
    /// What kind of refusal this is.
    var failure: FailureKind { get }
}

/// The classes of failure a coded error can be, each one HTTP status.
public enum FailureKind: Sendable, Hashable {
    /// The input is wrong (a field, a parameter, an uploaded file): 422.
    case invalid
    /// The input is fine but the thing it acts on is not in a state that allows it (changed since it was
    /// loaded, already decided, outside its window): 409.
    case conflict
    /// What was asked for does not exist: 404.
    case notFound
    /// The person may not do this: 403.
    case forbidden
    /// Stored data or a definition the platform ships is inconsistent: nobody's input caused it, so the person
    /// sees a generic message and the detail goes to the log (500).
    case `internal`
}
