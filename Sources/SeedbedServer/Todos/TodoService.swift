import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

extension Access {
    /// 待办发布: the national centre (every to-do), provinces and cities (their own).
    static let todoPublishers = Access(roles: [.national, .province, .city])
    /// 我的待办: the organisations a to-do may go to.
    static let todoRecipients = Access(roles: [.province, .city, .county, .zone, .incubator])
    /// 我的消息 of officials: every government organisation.
    static let officials = Access(roles: [.national, .province, .city, .county, .zone, .incubator])
}

/// The to-do rules applied to the database: who publishes, who receives, which to-do a person may open.
enum TodoService {
    /// The kinds a recipient picker offers, with their labels as the form shows them.
    static func kindLabel(_ kind: OrganizationKind) -> String {
        switch kind {
        case .province: "省级管理部门"
        case .city: "市级管理部门"
        case .county: "区县管理部门"
        case .zone: "高新区"
        case .incubator: "孵化器"
        case .national: "火炬中心"
        }
    }

    /// The publisher the signed-in user's organisation is, or 403.
    static func publisher(_ user: CurrentUser) throws -> TodoPublisher {
        guard let id = user.organizationID, let kind = user.organizationKind, kind.role == user.role else {
            throw TodoError.notPublisher
        }
        return try TodoPublisher(organizationID: id, kind: kind, regionCode: user.organizationRegionCode)
    }

    /// The region a prefix names, in words: "" 全国, "21" 辽宁省, "2102" 辽宁省大连市.
    static func regionName(_ prefix: String) -> String {
        guard !prefix.isEmpty else { return "全国" }
        let code = prefix + String(repeating: "0", count: max(0, 6 - prefix.count))
        return RegionNames.name(code)
    }

    /// The regions a publisher may narrow its audience to: its whole region, then the divisions one level down.
    static func regionOptions(_ publisher: TodoPublisher) -> [SelectOption] {
        let table = RegionTable.shipped
        var options = [SelectOption(value: "", label: "全部（\(regionName(publisher.regionPrefix))）")]
        let children: [Region]
        switch publisher.regionPrefix.count {
        case 0: children = table.provinces
        case 2: children = table.drillDownChildren(of: publisher.regionPrefix + "0000")
        case 4: children = table.children(of: publisher.regionPrefix + "00")
        default: children = []
        }
        options += children.map { SelectOption(value: $0.scopePrefix, label: $0.name) }
        return options
    }

    /// The active organisations an audience reaches, by name. A municipality's placeholder 市辖区 rows have no bureau
    /// and are left out.
    static func recipients(_ audience: TodoAudience, publisher: TodoPublisher, on db: any Database) async throws
        -> [Organization]
    {
        var query = Organization.query(on: db).filter(\.$active == true).filter(\.$kind ~~ Array(audience.kinds))
        if !audience.regionPrefix.isEmpty {
            query = query.filter(\.$regionCode >= audience.regionPrefix).filter(\.$regionCode < audience.regionPrefix + ":")
        }
        return try await query.sort(\.$name).all().filter { organization in
            guard let id = organization.id else { return false }
            if let code = organization.regionCode, RegionTable.shipped[code]?.isPlaceholder == true { return false }
            return audience.admits(TodoCandidate(id: id, kind: organization.kind, regionCode: organization.regionCode),
                                   publisher: publisher)
        }
    }

    /// A to-do the user published (the national centre: any to-do), or 404 — a missing one and another's look alike.
    static func published(_ req: Request) async throws -> (CurrentUser, TodoRecord) {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id").flatMap({ InputNumber.integer($0, in: InputRange.id) }),
              let todo = try await TodoRecord.find(id, on: req.db),
              user.role == .national || (user.organizationID != nil && todo.publisherOrgID == user.organizationID)
        else {
            try await req.audit.record(.refusedRead, outcome: .denied, targetType: "todo",
                                       targetID: req.parameters.get("id"))
            throw AppError.notFound("待办不存在")
        }
        return (user, todo)
    }

    /// A to-do addressed to the user's organisation, with its row, or 404.
    static func received(_ req: Request) async throws -> (CurrentUser, TodoRecord, TodoRecipient) {
        let user = try req.requireUser()
        guard let organizationID = user.organizationID,
              let id = req.parameters.get("id").flatMap({ InputNumber.integer($0, in: InputRange.id) }),
              let recipient = try await TodoRecipient.query(on: req.db).filter(\.$todoID == id)
                .filter(\.$organizationID == organizationID).first(),
              let todo = try await TodoRecord.find(id, on: req.db)
        else {
            try await req.audit.record(.refusedRead, outcome: .denied, targetType: "todo",
                                       targetID: req.parameters.get("id"))
            throw AppError.notFound("待办不存在")
        }
        return (user, todo, recipient)
    }

    /// One attachment of a to-do, by its id in the URL, or 404.
    static func attachment(_ req: Request, of todo: TodoRecord) async throws -> (TodoAttachment, StoredFile) {
        guard let todoID = todo.id,
              let id = req.parameters.get("attachment").flatMap({ InputNumber.integer($0, in: InputRange.id) }),
              let attachment = try await TodoAttachment.query(on: req.db).filter(\.$id == id)
                .filter(\.$todoID == todoID).first(),
              let file = try await StoredFile.find(attachment.fileID, on: req.db)
        else { throw AppError.notFound("附件不存在") }
        return (attachment, file)
    }

    /// Hands a kept file to the browser under `name`, audited.
    static func download(_ file: StoredFile, name: String, todo: TodoRecord, req: Request) async throws -> Response {
        guard let url = try await req.application.fileStore.open(sha256: file.sha256, on: req.db) else {
            throw AppError.notFound("文件已过期或已被删除")
        }
        try await req.audit.record(.download, targetType: "todo", targetID: todo.id.map(String.init),
                                   detail: "待办“\(todo.title)”：\(name)")
        return try await req.download(url, name: name, contentType: file.contentType, removingAfterwards: false)
    }

    /// The kinds of file a to-do's attachments and uploads may be.
    static let allowedFiles: Set<FileKind> = [.pdf, .jpeg, .png, .xlsx, .docx, .zip]
    static let maxAttachments = 5

    /// Keeps one upload (publisher attachment or recipient file), owned by the user; the name as typed is returned
    /// beside the stored file.
    static func keep(_ upload: File, purpose: String, user: CurrentUser, req: Request) async throws
        -> (file: StoredFile, name: String)
    {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-todo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(buffer: upload.data).write(to: url)
        let stored = try await req.files.keep(url, name: upload.filename, purpose: purpose, owner: user.id,
                                              allowed: allowedFiles)
        let typed = upload.filename.trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "\\", with: "_")
        let name = String(typed.unicodeScalars.filter { $0.properties.generalCategory != .control }.prefix(120)
            .map(Character.init))
        return (stored, name.isEmpty ? stored.name : name)
    }
}

/// Open to-dos of an organisation, for the officials' workbench and the floating notice.
enum OpenTodos {
    struct Item: Sendable {
        let id: Int
        let title: String
        let publisher: String
        let deadline: LocalDate
        let urgency: TodoUrgency
        var link: String { "\(Page.myTodos.path)/\(id)" }
    }

    /// How many to-dos addressed to the user's organisation are not completed; 0 for anyone else.
    static func count(for user: CurrentUser, on db: any Database) async throws -> Int {
        try await OfficialCounts.load(for: user, on: db).openTodos
    }

    /// The open to-dos, nearest deadline first.
    static func list(for user: CurrentUser, limit: Int = 5, today: LocalDate, on db: any Database) async throws -> [Item] {
        guard Page.myTodos.access.admits(user), let organizationID = user.organizationID else { return [] }
        let open = try await TodoRecipient.query(on: db).filter(\.$organizationID == organizationID)
            .filter(\.$state == .published).all(\.$todoID)
        guard !open.isEmpty else { return [] }
        let todos = try await TodoRecord.query(on: db).filter(\.$id ~~ open).sort(\.$deadline).sort(\.$id)
            .limit(max(1, min(limit, 100))).all()
        return todos.compactMap { todo in
            todo.id.map { Item(id: $0, title: todo.title, publisher: todo.publisherName, deadline: todo.deadlineDay,
                               urgency: TodoUrgency.of(deadline: todo.deadlineDay, today: today, state: .published)) }
        }
    }
}

/// The officials' inbox, for the workbench.
enum OfficialMessages {
    /// The organisation's newest messages.
    static func recent(for user: CurrentUser, limit: Int = 5, on db: any Database) async throws -> [OfficialMessage] {
        guard Page.inbox.access.admits(user), let organizationID = user.organizationID else { return [] }
        return try await OfficialMessage.query(on: db).filter(\.$organizationID == organizationID)
            .sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(max(1, min(limit, 100))).all()
    }

    /// The organisation's unread messages; 0 for anyone else.
    static func unreadCount(for user: CurrentUser, on db: any Database) async throws -> Int {
        try await OfficialCounts.load(for: user, on: db).unreadInbox
    }
}
