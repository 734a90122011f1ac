/// Where a filing stands in its review (审核状态).
public enum FilingStatus: String, Sendable, Codable, CaseIterable, Hashable {
    /// 草稿: being written (暂存), or withdrawn by an edit after submission, or a changed approved basic info.
    case draft
    /// 提交待审核: submitted; the current step has not decided yet in this round.
    case submitted
    /// 审核中: a lower step approved in this round; a higher one must decide.
    case inReview = "in_review"
    /// 审核通过.
    case approved
    /// 退回修改: sent back with a reason; the enterprise revises and resubmits.
    case returned
    /// 不通过: refused for good.
    case rejected

    /// Chinese name of the status.
    public var label: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "提交待审核"
        case .inReview: "审核中"
        case .approved: "审核通过"
        case .returned: "退回修改"
        case .rejected: "不通过"
        }
    }
}

/// The workflow state of one filing (its content lives elsewhere, as versioned documents). Only
/// `ReviewWorkflow` moves it; the server stores these fields and restores them with the validating initialiser.
public struct Filing: Sendable, Hashable, Codable {
    public let kind: FilingKind
    public internal(set) var status: FilingStatus
    /// Changes on every transition and every edit; decisions and edits name the version they were made on.
    public internal(set) var version: Int
    /// Submissions so far; decisions are numbered by it.
    public internal(set) var round: Int
    /// The resolved chain of the current series of submissions (empty before the first submission). Resolved
    /// when a series starts and kept through returns and resubmissions, so a resubmission reaches the same
    /// organisation that returned it.
    public internal(set) var route: [ReviewStep]
    /// Position in `route`: the step waiting to decide (提交待审核, 审核中), the step that decided (退回修改,
    /// 不通过), or where the next submission enters (a withdrawn 草稿); `nil` otherwise.
    public internal(set) var stepIndex: Int?
    /// The latest round that ended in approval; an approved version exists when it is set, even while a later
    /// change of an unlocked kind is being written or reviewed.
    public internal(set) var lastApprovedRound: Int?

    /// A new, never submitted draft at version 1.
    init(newDraftOf kind: FilingKind) {
        self.kind = kind
        self.status = .draft
        self.version = 1
        self.round = 0
        self.route = []
        self.stepIndex = nil
        self.lastApprovedRound = nil
    }

    /// Restores a stored filing, refusing fields that contradict each other.
    public init(kind: FilingKind, status: FilingStatus, version: Int, round: Int, route: [ReviewStep],
                stepIndex: Int?, lastApprovedRound: Int?) throws(WorkflowError) {
        self.kind = kind
        self.status = status
        self.version = version
        self.round = round
        self.route = route
        self.stepIndex = stepIndex
        self.lastApprovedRound = lastApprovedRound
        if let problem = consistencyProblem() { throw .corruptFiling(problem) }
    }

    private func consistencyProblem() -> String? {
        // Both counters are incremented by transitions, so their maximum is refused rather than overflowed.
        if version < 1 || version == Int.max { return "版本号超出范围" }
        if round < 0 || round == Int.max { return "提交轮次超出范围" }
        if let stepIndex, !route.indices.contains(stepIndex) { return "审核层级序号超出审核路线" }
        if let lastApprovedRound, lastApprovedRound < 1 || lastApprovedRound > round {
            return "最近通过轮次超出提交轮次"
        }
        switch status {
        case .draft:
            return nil
        case .submitted, .returned, .rejected:
            return stepIndex == nil || round < 1 ? "“\(status.label)”状态缺少审核层级" : nil
        case .inReview:
            return (stepIndex ?? 0) < 1 || round < 1 ? "“审核中”状态须处于第二级及以上审核层级" : nil
        case .approved:
            if stepIndex != nil || route.isEmpty { return "“审核通过”状态的审核层级不一致" }
            return lastApprovedRound == round ? nil : "“审核通过”状态须记录本轮通过"
        }
    }

    /// The step waiting for a decision, when the filing waits for one.
    public var currentStep: ReviewStep? {
        guard status == .submitted || status == .inReview else { return nil }
        return step(at: stepIndex)
    }

    /// The organisation whose queue the filing is in; store its `key` in an indexed column for review lists.
    public var pendingReviewer: ReviewerRef? { currentStep?.reviewer }

    /// The step that returned or refused it (shown with the reason).
    public var decidingStep: ReviewStep? {
        guard status == .returned || status == .rejected else { return nil }
        return step(at: stepIndex)
    }

    /// Whether an approved version exists (for prerequisites such as points data needing basic info).
    public var hasApprovedVersion: Bool { lastApprovedRound != nil }

    /// Whether the filing may be deleted: a draft never submitted (重大变更 drafts may be deleted, seed 002).
    public var isDeletable: Bool { status == .draft && round == 0 }

    /// Whether the organisation may decide on the filing now.
    public func awaitsDecision(by organization: ScopeOrganization) -> Bool {
        currentStep?.reviewer.admits(organization) ?? false
    }

    func step(at index: Int?) -> ReviewStep? {
        guard let index, route.indices.contains(index) else { return nil }
        return route[index]
    }

    private enum CodingKeys: String, CodingKey {
        case kind, status, version, round, route, stepIndex, lastApprovedRound
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(kind: container.decode(FilingKind.self, forKey: .kind),
                      status: container.decode(FilingStatus.self, forKey: .status),
                      version: container.decode(Int.self, forKey: .version),
                      round: container.decode(Int.self, forKey: .round),
                      route: container.decode([ReviewStep].self, forKey: .route),
                      stepIndex: container.decodeIfPresent(Int.self, forKey: .stepIndex),
                      lastApprovedRound: container.decodeIfPresent(Int.self, forKey: .lastApprovedRound))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(status, forKey: .status)
        try container.encode(version, forKey: .version)
        try container.encode(round, forKey: .round)
        try container.encode(route, forKey: .route)
        try container.encodeIfPresent(stepIndex, forKey: .stepIndex)
        try container.encodeIfPresent(lastApprovedRound, forKey: .lastApprovedRound)
    }
}
