/// The result of an accepted action: the filing's new state (version + 1), the decision record to store when
/// the action was a decision, and the effects to perform. The server stores `filing` with a conditional update
/// on the version it loaded, then stores `record` and performs `effects` in the same transaction.
public struct WorkflowTransition: Sendable, Hashable {
    public let filing: Filing
    public let record: ReviewRecord?
    public let effects: [WorkflowEffect]

    public init(filing: Filing, record: ReviewRecord? = nil, effects: [WorkflowEffect] = []) {
        self.filing = filing
        self.record = record
        self.effects = effects
    }
}
