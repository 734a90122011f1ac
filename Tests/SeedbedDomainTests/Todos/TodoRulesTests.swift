import SeedbedDomain
import Testing

@Suite("待办事项规则")
struct TodoRulesTests {
    static let today = LocalDate(daysSince1970: 20_000)

    static func publisher(_ kind: OrganizationKind, _ code: String?, id: Int = 1) throws -> TodoPublisher {
        try TodoPublisher(organizationID: id, kind: kind, regionCode: code)
    }

    @Test("截止前 3 天内为即将到期，过了截止日为已逾期，已完成不再标记")
    func deadlineBadges() {
        let today = Self.today
        #expect(TodoUrgency.of(deadline: today.adding(days: 10), today: today, state: .published) == .normal)
        #expect(TodoUrgency.of(deadline: today.adding(days: 4), today: today, state: .published) == .normal)
        #expect(TodoUrgency.of(deadline: today.adding(days: 3), today: today, state: .published) == .dueSoon)
        #expect(TodoUrgency.of(deadline: today, today: today, state: .published) == .dueSoon)
        #expect(TodoUrgency.of(deadline: today.adding(days: -1), today: today, state: .published) == .overdue)
        #expect(TodoUrgency.of(deadline: today.adding(days: -1), today: today, state: .completed) == .completed)
        #expect(TodoUrgency.dueSoon.label == "即将到期")
        #expect(TodoUrgency.overdue.label == "已逾期")
        #expect(TodoState.completed.label == "已完成")
        #expect(TodoState.published.label == "已发布")
    }

    @Test("火炬中心、省、市可以发布；区县、高新区、孵化器不能")
    func publishers() throws {
        #expect(try Self.publisher(.national, nil).regionPrefix == "")
        #expect(try Self.publisher(.province, "210000").regionPrefix == "21")
        #expect(try Self.publisher(.city, "210200").regionPrefix == "2102")
        for kind in [OrganizationKind.county, .zone, .incubator] {
            #expect(throws: TodoError.notPublisher) { try Self.publisher(kind, "210211") }
        }
        #expect(throws: TodoError.notPublisher) { try Self.publisher(.city, nil) }
        #expect(throws: TodoError.notPublisher) { try Self.publisher(.province, "21'--") }
        #expect(try Self.publisher(.city, "210200").recipientKinds == [.county, .zone, .incubator])
    }

    @Test("接收范围必须在发布单位辖区内：市不能向其他省的单位发布")
    func audienceScope() throws {
        let dalian = try Self.publisher(.city, "210200")
        #expect(try TodoAudience(kinds: [.county], regionPrefix: "").validated(for: dalian).regionPrefix == "2102")
        #expect(try TodoAudience(kinds: [.county], regionPrefix: "210211").validated(for: dalian).regionPrefix == "210211")
        #expect(throws: TodoError.regionOutOfScope("50")) {
            try TodoAudience(kinds: [.county], regionPrefix: "50").validated(for: dalian)
        }
        #expect(throws: TodoError.regionOutOfScope("2101")) {
            try TodoAudience(kinds: [.county], regionPrefix: "2101").validated(for: dalian)
        }
        #expect(throws: TodoError.regionOutOfScope("2102%")) {
            try TodoAudience(kinds: [.county], regionPrefix: "2102%").validated(for: dalian)
        }
        #expect(throws: TodoError.kindNotAllowed(.province)) {
            try TodoAudience(kinds: [.province, .county], regionPrefix: "").validated(for: dalian)
        }
        #expect(throws: TodoError.noKinds) { try TodoAudience(kinds: [], regionPrefix: "").validated(for: dalian) }
        let national = try Self.publisher(.national, nil)
        #expect(try TodoAudience(kinds: [.province], regionPrefix: "50").validated(for: national).regionPrefix == "50")
    }

    @Test("只有所选类型、所选地区内的单位收到待办，发布单位自己不收")
    func admission() throws {
        let liaoning = try Self.publisher(.province, "210000", id: 10)
        let audience = try TodoAudience(kinds: [.city, .zone], regionPrefix: "2102").validated(for: liaoning)
        #expect(audience.admits(.init(id: 2, kind: .city, regionCode: "210200"), publisher: liaoning))
        #expect(audience.admits(.init(id: 3, kind: .zone, regionCode: "210211"), publisher: liaoning))
        #expect(!audience.admits(.init(id: 4, kind: .county, regionCode: "210211"), publisher: liaoning))
        #expect(!audience.admits(.init(id: 5, kind: .city, regionCode: "210100"), publisher: liaoning))
        #expect(!audience.admits(.init(id: 6, kind: .zone, regionCode: nil), publisher: liaoning))
        let national = try Self.publisher(.national, nil, id: 1)
        let everywhere = try TodoAudience(kinds: [.zone], regionPrefix: "").validated(for: national)
        #expect(everywhere.admits(.init(id: 6, kind: .zone, regionCode: nil), publisher: national))
        let selfAddressed = try TodoAudience(kinds: [.city], regionPrefix: "").validated(for: liaoning)
        #expect(!selfAddressed.admits(.init(id: 10, kind: .city, regionCode: "210200"), publisher: liaoning))
    }

    @Test("新建待办的表单：名称、说明、截止日期逐项给出中文提示")
    func draftValidation() {
        let today = Self.today
        switch TodoDraft.validate(title: "  年报报送 ", description: "请上传", deadline: today.adding(days: 5).description,
                                  today: today) {
        case .success(let draft):
            #expect(draft.title == "年报报送")
            #expect(draft.deadline == today.adding(days: 5))
        case .failure(let errors): Issue.record("unexpected \(errors)")
        }
        guard case .failure(let errors) = TodoDraft.validate(title: "", description: String(repeating: "长", count: 2001),
                                                             deadline: today.adding(days: -1).description, today: today)
        else { Issue.record("accepted"); return }
        #expect(errors.messages["title"] == "请填写待办名称")
        #expect(errors.messages["description"] == "待办说明不能超过 2000 个字")
        #expect(errors.messages["deadline"] == "截止日期不能早于今天")
        guard case .failure(let bad) = TodoDraft.validate(title: "x", description: "y", deadline: "2026-02-30", today: today)
        else { Issue.record("accepted"); return }
        #expect(bad.messages["deadline"]?.hasPrefix("截止日期格式") == true)
    }

    @Test("催办只针对未完成的单位，同一天不重复")
    func reminders() {
        let today = Self.today
        #expect(TodoReminder.isLate(.published))
        #expect(!TodoReminder.isLate(.completed))
        #expect(TodoReminder.mayRemind(lastRemindedOn: nil, today: today))
        #expect(!TodoReminder.mayRemind(lastRemindedOn: today, today: today))
        #expect(TodoReminder.mayRemind(lastRemindedOn: today.adding(days: -1), today: today))
    }
}
