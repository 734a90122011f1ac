/// A required question left unanswered: where it is, to list before 提交.
public struct MissingAnswer: Sendable, Hashable {
    public let sectionID: String
    public let sectionTitle: String
    public let step: Int
    public let questionID: String
    public let questionText: String

    /// `第2步 数字化经营：产品设计`.
    public var message: String { "第\(step)步 \(sectionTitle)：\(questionText)" }
}
