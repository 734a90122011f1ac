import Foundation

/// 待办事项 (seed 001 §5, T5): the national centre, provinces and cities publish a to-do to organisations chosen by
/// kind and region within their own scope; each recipient completes it by uploading a file. The rules here are pure:
/// who may publish to whom, what a to-do's form must hold, how its deadline reads, when a late recipient may be
/// reminded.

/// Where one recipient stands on a to-do.
public enum TodoState: String, Sendable, Codable, CaseIterable, Hashable {
    /// Published to the recipient, nothing uploaded yet.
    case published
    /// The recipient uploaded its file (a later 重传 keeps it completed).
    case completed

    public var label: String {
        switch self {
        case .published: "已发布"
        case .completed: "已完成"
        }
    }
}

/// How a deadline reads on a given day: 即将到期 within three days, 已逾期 once past; a completed to-do is neither.
public enum TodoUrgency: String, Sendable, Hashable, CaseIterable {
    case normal
    case dueSoon
    case overdue
    case completed

    /// Days before the deadline (inclusive) from which a to-do reads 即将到期.
    public static let dueSoonDays = 3

    public static func of(deadline: LocalDate, today: LocalDate, state: TodoState) -> TodoUrgency {
        if state == .completed { return .completed }
        if today > deadline { return .overdue }
        return deadline.daysSince1970 - today.daysSince1970 <= dueSoonDays ? .dueSoon : .normal
    }

    public var label: String {
        switch self {
        case .normal: "进行中"
        case .dueSoon: "即将到期"
        case .overdue: "已逾期"
        case .completed: "已完成"
        }
    }

    /// The badge tone a page shows it with.
    public var tone: String {
        switch self {
        case .normal: "neutral"
        case .dueSoon: "warning"
        case .overdue: "danger"
        case .completed: "success"
        }
    }
}

/// Why a to-do could not be published, completed or reminded.
public enum TodoError: CodedError, Equatable {
    case notPublisher
    case noKinds
    case kindNotAllowed(OrganizationKind)
    case regionOutOfScope(String)
    case noRecipients
    case alreadyRemindedToday
    case nobodyToRemind
    case fileMissing

    public var code: String {
        switch self {
        case .notPublisher: "todo.not_publisher"
        case .noKinds: "todo.no_kinds"
        case .kindNotAllowed: "todo.kind_not_allowed"
        case .regionOutOfScope: "todo.region_out_of_scope"
        case .noRecipients: "todo.no_recipients"
        case .alreadyRemindedToday: "todo.already_reminded"
        case .nobodyToRemind: "todo.nobody_to_remind"
        case .fileMissing: "todo.file_missing"
        }
    }

    public var message: String {
        switch self {
        case .notPublisher: "只有火炬中心、省级和市级管理部门可以发布待办"
        case .noKinds: "请至少选择一类接收单位"
        case .kindNotAllowed(let kind): "不能向“\(kind.label)”单位发布待办"
        case .regionOutOfScope: "所选地区不在本单位管辖范围内"
        case .noRecipients: "所选类型和地区下没有接收单位，请调整接收范围"
        case .alreadyRemindedToday: "今天已催办过，请明天再催办"
        case .nobodyToRemind: "所有接收单位都已完成，无需催办"
        case .fileMissing: "请选择要上传的文件"
        }
    }

    public var failure: FailureKind {
        switch self {
        case .notPublisher: .forbidden
        case .alreadyRemindedToday, .nobodyToRemind: .conflict
        default: .invalid
        }
    }
}

/// An organisation that publishes to-dos, with the region prefix it may address ("" for the national centre).
public struct TodoPublisher: Sendable, Hashable {
    public let organizationID: Int
    public let kind: OrganizationKind
    /// Region prefix of its scope: "" everywhere, "21" 辽宁省, "2102" 大连市.
    public let regionPrefix: String

    /// The publisher an organisation is, or `notPublisher` (counties, zones, incubators; a regional organisation
    /// without a valid code).
    public init(organizationID: Int, kind: OrganizationKind, regionCode: String?) throws(TodoError) {
        self.organizationID = organizationID
        self.kind = kind
        switch kind {
        case .national:
            regionPrefix = ""
        case .province, .city:
            guard let code = regionCode, RegionCodes.isValid(code) else { throw .notPublisher }
            regionPrefix = RegionCodes.prefix(of: code, at: kind == .province ? .province : .city)
        case .county, .zone, .incubator:
            throw .notPublisher
        }
    }

    /// The kinds of organisation it may address: those below it (the national centre every regional kind, a
    /// province its cities, counties, zones and incubators, a city its counties, zones and incubators).
    public var recipientKinds: [OrganizationKind] {
        switch kind {
        case .national: [.province, .city, .county, .zone, .incubator]
        case .province: [.city, .county, .zone, .incubator]
        case .city: [.county, .zone, .incubator]
        case .county, .zone, .incubator: []
        }
    }
}

/// Who a to-do goes to: organisations of the chosen kinds whose region lies in the chosen prefix.
public struct TodoAudience: Sendable, Hashable {
    public let kinds: Set<OrganizationKind>
    /// "" (everywhere the publisher reaches), or a province, city or county prefix inside the publisher's.
    public let regionPrefix: String

    public init(kinds: Set<OrganizationKind>, regionPrefix: String) {
        self.kinds = kinds
        self.regionPrefix = regionPrefix
    }

    /// The audience as the publisher may send it: at least one kind, each one it may address, and a region
    /// inside its own ("" means the publisher's whole region).
    public func validated(for publisher: TodoPublisher) throws(TodoError) -> TodoAudience {
        guard !kinds.isEmpty else { throw .noKinds }
        let allowed = Set(publisher.recipientKinds)
        if let refused = OrganizationKind.allCases.first(where: { kinds.contains($0) && !allowed.contains($0) }) {
            throw .kindNotAllowed(refused)
        }
        let prefix = regionPrefix.isEmpty ? publisher.regionPrefix : regionPrefix
        guard [0, 2, 4, 6].contains(prefix.utf8.count), prefix.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              RegionCodes.code(prefix, liesIn: publisher.regionPrefix)
        else { throw .regionOutOfScope(regionPrefix) }
        return TodoAudience(kinds: kinds, regionPrefix: prefix)
    }

    /// Whether an organisation is addressed: one of the kinds, inside the region, and not the publisher itself.
    /// An organisation without a region code (a zone not yet placed) is reached only by an audience everywhere.
    public func admits(_ candidate: TodoCandidate, publisher: TodoPublisher) -> Bool {
        guard candidate.id != publisher.organizationID, kinds.contains(candidate.kind) else { return false }
        guard let code = candidate.regionCode else { return regionPrefix.isEmpty }
        return RegionCodes.code(code, liesIn: regionPrefix) && RegionCodes.code(code, liesIn: publisher.regionPrefix)
    }

    /// "区县级、高新区 · 2102", for the to-do's record; the server names the region.
    public var kindLabels: String {
        OrganizationKind.allCases.filter(kinds.contains).map(\.label).joined(separator: "、")
    }
}

/// An organisation a to-do might go to.
public struct TodoCandidate: Sendable, Hashable {
    public let id: Int
    public let kind: OrganizationKind
    public let regionCode: String?

    public init(id: Int, kind: OrganizationKind, regionCode: String?) {
        self.id = id
        self.kind = kind
        self.regionCode = regionCode
    }
}

/// The 新建待办 form, checked: title, description and deadline, with a Chinese message per field.
public struct TodoDraft: Sendable, Hashable {
    public static let titleLimit = 100
    public static let descriptionLimit = 2000

    public let title: String
    public let description: String
    public let deadline: LocalDate

    /// The draft, or the message of each field that is wrong. The deadline may not lie before `today`.
    public static func validate(title: String, description: String, deadline: String, today: LocalDate)
        -> Result<TodoDraft, TodoFormErrors>
    {
        var errors: [String: String] = [:]
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty {
            errors["title"] = "请填写待办名称"
        } else if title.count > titleLimit {
            errors["title"] = "待办名称不能超过 \(titleLimit) 个字"
        } else if title.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors["title"] = "待办名称含有不可见字符"
        }
        if description.isEmpty {
            errors["description"] = "请填写待办说明"
        } else if description.count > descriptionLimit {
            errors["description"] = "待办说明不能超过 \(descriptionLimit) 个字"
        } else if description.unicodeScalars.contains(where: {
            $0.properties.generalCategory == .control && !["\n", "\r", "\t"].contains($0)
        }) {
            errors["description"] = "待办说明含有不可见字符"
        }
        var day: LocalDate?
        let trimmed = deadline.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            errors["deadline"] = "请填写截止日期"
        } else if let parsed = try? LocalDate(iso: trimmed) {
            if parsed < today {
                errors["deadline"] = "截止日期不能早于今天"
            } else if parsed.daysSince1970 - today.daysSince1970 > 366 * 2 {
                errors["deadline"] = "截止日期不能晚于两年后"
            } else {
                day = parsed
            }
        } else {
            errors["deadline"] = "截止日期格式应为 年-月-日，如 2026-12-31"
        }
        guard errors.isEmpty, let day else { return .failure(TodoFormErrors(messages: errors)) }
        return .success(TodoDraft(title: title, description: description, deadline: day))
    }
}

/// The messages of a refused 新建待办 form, by field.
public struct TodoFormErrors: Error, Sendable, Hashable {
    public let messages: [String: String]
}

/// 催办: who is reminded, and how often.
public enum TodoReminder {
    /// Whether a recipient is reminded: it has not completed the to-do.
    public static func isLate(_ state: TodoState) -> Bool { state != .completed }

    /// A recipient is reminded at most once a day (China time).
    public static func mayRemind(lastRemindedOn: LocalDate?, today: LocalDate) -> Bool {
        guard let lastRemindedOn else { return true }
        return lastRemindedOn < today
    }
}
