/// Something the server must do because of a transition. The workflow decides; the server only performs.
public enum WorkflowEffect: Sendable, Hashable {
    /// An in-app message to the enterprise (我的消息).
    case messageEnterprise(WorkflowMessage)
    /// An SMS to the enterprise's registered phone.
    case textEnterprise(String)
    /// A to-do for the organisation that must review next.
    case notifyReviewer(ReviewerRef, WorkflowMessage)
    /// The filing is finally approved: project the approved version's content into facts (DESIGN.md §4).
    case projectFacts
}

/// A titled message in Chinese.
public struct WorkflowMessage: Sendable, Hashable {
    public let title: String
    public let body: String

    public init(title: String, body: String) {
        self.title = title
        self.body = body
    }
}
