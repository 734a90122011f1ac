/// One filing in a batch decision, with the version the reviewer saw in the list.
public struct BatchItem<ID: Hashable & Sendable>: Sendable {
    public var id: ID
    public var filing: Filing
    public var expectedVersion: Int

    public init(id: ID, filing: Filing, expectedVersion: Int) {
        self.id = id
        self.filing = filing
        self.expectedVersion = expectedVersion
    }
}

/// What became of one filing in a batch decision.
public struct BatchOutcome<ID: Hashable & Sendable>: Sendable {
    public let id: ID
    public let result: Result<WorkflowTransition, WorkflowError>

    /// The transition to store, when accepted.
    public var transition: WorkflowTransition? {
        if case .success(let transition) = result { return transition }
        return nil
    }

    /// Why it was refused, when refused.
    public var error: WorkflowError? {
        if case .failure(let error) = result { return error }
        return nil
    }
}
