import Fluent
import Foundation
import SeedbedDomain
import Vapor

/// A to-do (待办事项) one organisation published: title, description, deadline; its recipients and attachments are
/// rows of their own.
final class TodoRecord: Model, @unchecked Sendable {
    static let schema = "todos"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "publisher_org_id") var publisherOrgID: Int
    @Field(key: "publisher_user_id") var publisherUserID: Int
    /// The publishing organisation's name when it published, shown to recipients.
    @Field(key: "publisher_name") var publisherName: String
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    /// `yyyy-MM-dd`, China time.
    @Field(key: "deadline") var deadline: String
    /// Who it went to, in words (区县级、高新区 · 辽宁省大连市).
    @Field(key: "audience") var audience: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var deadlineDay: LocalDate { (try? LocalDate(iso: deadline)) ?? LocalDate(daysSince1970: 0) }
}

/// A file the publisher attached to a to-do.
final class TodoAttachment: Model, @unchecked Sendable {
    static let schema = "todo_attachments"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "todo_id") var todoID: Int
    @Field(key: "file_id") var fileID: Int
    /// The name the publisher's computer gave it.
    @Field(key: "original_name") var originalName: String

    init() {}
}

/// One organisation a to-do went to, and where it stands: its upload, when it completed, how often it was reminded.
final class TodoRecipient: Model, @unchecked Sendable {
    static let schema = "todo_recipients"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "todo_id") var todoID: Int
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "state") var state: TodoState
    @OptionalField(key: "file_id") var fileID: Int?
    @OptionalField(key: "file_name") var fileName: String?
    @OptionalField(key: "completed_by") var completedBy: Int?
    @OptionalField(key: "completed_at") var completedAt: Date?
    @OptionalField(key: "reminded_at") var remindedAt: Date?
    @Field(key: "reminder_count") var reminderCount: Int

    init() {}
}

/// What a message to an organisation is about.
enum OfficialMessageCategory: String, Codable, CaseIterable, Sendable {
    /// A to-do was published to the organisation.
    case todoPublished = "待办通知"
    /// The publisher reminded the organisation of an open to-do (催办).
    case todoReminder = "催办"
    /// Anything else the platform tells an organisation.
    case notice = "系统通知"

    var label: String { rawValue }
}

/// An in-app message to a government organisation (我的消息 of officials): every person of the organisation reads
/// it, and it is read once one of them opened it.
final class OfficialMessage: Model, @unchecked Sendable {
    static let schema = "official_messages"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "category") var category: OfficialMessageCategory
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @OptionalField(key: "link") var link: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}

    init(to organizationID: Int, category: OfficialMessageCategory, title: String, body: String, link: String?,
         at time: Date) {
        self.organizationID = organizationID
        self.category = category
        self.title = title
        self.body = body
        self.link = link
        createdAt = time
    }
}
