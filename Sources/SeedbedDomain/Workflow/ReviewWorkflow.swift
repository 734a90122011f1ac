import Foundation

/// The one review workflow of the platform (DESIGN.md §2): pure functions from a filing's state and an action
/// to its next state, the decision record and the effects to perform, or a typed refusal.
///
/// Rules of motion:
/// - submitting goes to the first step of the route resolved for the enterprise at that moment, except that
///   a resubmission after a return goes to the level that returned it;
/// - approval at step k moves to step k + 1 (审核中), or to 审核通过 at the last step;
/// - 退回修改 and 不通过 stay at the deciding step; 不通过 is final;
/// - the enterprise may edit in 草稿 and 退回修改. Where the kind allows it (basic info), it may also change a
///   submitted filing nobody has decided yet: editing (暂存) withdraws it to 草稿, so the reviewer's queue drops
///   it and a decision on the old version is stale; submitting again re-enters at the same step as a new round.
///   Changing an approved unlocked filing starts a new series at the first step; its approved version stays
///   valid (`Filing.hasApprovedVersion`) until the change is approved;
/// - every accepted action increases the version by one; every action names the version it was made on and is
///   refused with `.staleVersion` otherwise, so of two reviewers deciding one version exactly one wins;
/// - windows and prerequisites restrict what the enterprise does (start, edit, submit), never the reviewers.
public struct ReviewWorkflow: Sendable {
    private let policies: [FilingKind: FilingPolicy]

    private init(validated policies: [FilingKind: FilingPolicy]) {
        self.policies = policies
    }

    /// The platform's default policies (`FilingPolicy.standard(for:)`).
    public static let standard = ReviewWorkflow(validated: Dictionary(
        uniqueKeysWithValues: FilingKind.allCases.map { ($0, FilingPolicy.standard(for: $0)) }))

    /// The standard policies with some replaced, e.g. application windows administrators set per province.
    public init(overriding custom: [FilingPolicy]) throws(WorkflowError) {
        var policies = ReviewWorkflow.standard.policies
        for policy in custom {
            if let problem = policy.problem() { throw .invalidPolicy(policy.kind, problem) }
            policies[policy.kind] = policy
        }
        self.policies = policies
    }

    /// The policy applied to a kind.
    public func policy(for kind: FilingKind) -> FilingPolicy {
        policies[kind] ?? .standard(for: kind)
    }

    // MARK: - Enterprise actions

    /// A new draft, if the enterprise may file this kind today (window and prerequisites). Whether it may hold
    /// another one (one basic info, one annual report per year) is the server's question.
    public func start(_ kind: FilingKind, for enterprise: FilingEnterprise, on day: LocalDate) throws(WorkflowError)
        -> Filing {
        let policy = policy(for: kind)
        try checkOpen(policy, for: enterprise, on: day)
        try checkPrerequisites(policy, for: enterprise)
        return Filing(newDraftOf: kind)
    }

    /// The enterprise saves changes (暂存). Allowed in 草稿 and 退回修改; in 提交待审核 where the kind allows it
    /// (withdraws to 草稿); in 审核通过 of an unlocked kind (starts a new series as 草稿).
    public func edit(_ filing: Filing, expectedVersion: Int, by enterprise: FilingEnterprise, on day: LocalDate)
        throws(WorkflowError) -> WorkflowTransition {
        guard filing.version == expectedVersion else { throw .staleVersion }
        let policy = policy(for: filing.kind)
        var next = filing
        switch filing.status {
        case .draft, .returned:
            break
        case .submitted:
            guard policy.editableWhileSubmitted else { throw .awaitingReview }
            next.status = .draft
        case .inReview:
            throw .underReview
        case .approved:
            guard !policy.locksOnApproval else { throw .locked(filing.kind) }
            next.status = .draft
            next.stepIndex = nil
        case .rejected:
            throw .closed
        }
        try checkOpen(policy, for: enterprise, on: day)
        next.version = try Self.increment(filing.version)
        return WorkflowTransition(filing: next)
    }

    /// The enterprise submits (提交) from 草稿 or 退回修改, or resubmits a submitted or approved filing where the
    /// kind allows changing it then. Each submission is a new round; the route is resolved again for the
    /// enterprise's current location, and the submission enters at the step that returned it, if any.
    public func submit(_ filing: Filing, expectedVersion: Int, by enterprise: FilingEnterprise, on day: LocalDate)
        throws(WorkflowError) -> WorkflowTransition {
        guard filing.version == expectedVersion else { throw .staleVersion }
        let policy = policy(for: filing.kind)
        let resumeLevel: ReviewLevel?
        switch filing.status {
        case .draft, .returned:
            resumeLevel = filing.step(at: filing.stepIndex)?.level
        case .submitted:
            guard policy.editableWhileSubmitted else { throw .awaitingReview }
            resumeLevel = filing.step(at: filing.stepIndex)?.level
        case .inReview:
            throw .underReview
        case .approved:
            guard !policy.locksOnApproval else { throw .locked(filing.kind) }
            resumeLevel = nil
        case .rejected:
            throw .closed
        }
        try checkOpen(policy, for: enterprise, on: day)
        try checkPrerequisites(policy, for: enterprise)
        let route = try policy.route(for: enterprise.location)
        let entry = Self.entryIndex(of: resumeLevel, in: route, chain: policy.chain)
        guard route.indices.contains(entry) else { throw .invalidPolicy(filing.kind, "审核层级不能为空") }
        var next = filing
        next.status = .submitted
        next.route = route
        next.stepIndex = entry
        next.round = try Self.increment(filing.round)
        next.version = try Self.increment(filing.version)
        let step = route[entry]
        let message = WorkflowMessage(
            title: "待审核：\(filing.kind.label)",
            body: "有一份\(filing.kind.label)（第 \(next.round) 次提交）等待\(step.reviewer.label)审核。")
        return WorkflowTransition(filing: next, effects: [.notifyReviewer(step.reviewer, message)])
    }

    // MARK: - Reviewer decisions

    /// A reviewer decides on the filing version `expectedVersion`. The deciding organisation must be the one
    /// the current step waits for; 退回修改 and 不通过 need a reason. Every decision messages the enterprise.
    public func apply(_ decision: ReviewDecision, to filing: Filing, expectedVersion: Int) throws(WorkflowError)
        -> WorkflowTransition {
        guard filing.version == expectedVersion else { throw .staleVersion }
        guard let index = filing.stepIndex, let step = filing.currentStep else { throw .notPending(filing.status) }
        guard step.reviewer.admits(decision.reviewer.organization) else { throw .notReviewer }
        let policy = policy(for: filing.kind)
        guard policy.verdicts.contains(decision.verdict) else { throw .verdictNotAllowed(decision.verdict, filing.kind) }
        let opinion = decision.opinion.trimmingCharacters(in: .whitespacesAndNewlines)
        if decision.verdict.requiresReason && opinion.isEmpty { throw .reasonRequired(decision.verdict) }
        guard opinion.count <= ReviewDecision.opinionLimit else {
            throw .opinionTooLong(limit: ReviewDecision.opinionLimit)
        }

        var next = filing
        next.version = try Self.increment(filing.version)
        let record = ReviewRecord(
            round: filing.round, stepIndex: index, level: step.level, reviewer: step.reviewer,
            organizationID: decision.reviewer.organization.id, reviewerUserID: decision.reviewer.userID,
            verdict: decision.verdict, opinion: opinion, time: decision.time, version: filing.version)
        let kind = filing.kind.label
        let said = opinion.isEmpty ? "" : "审核意见：\(opinion)"
        var effects: [WorkflowEffect] = []
        switch decision.verdict {
        case .approve:
            if let following = filing.step(at: index + 1) {
                next.status = .inReview
                next.stepIndex = index + 1
                effects.append(.messageEnterprise(WorkflowMessage(
                    title: "\(kind)已通过\(step.reviewer.label)审核",
                    body: "您提交的\(kind)已通过\(step.reviewer.label)审核，已转\(following.reviewer.label)审核。\(said)")))
                effects.append(.notifyReviewer(following.reviewer, WorkflowMessage(
                    title: "待审核：\(filing.kind.label)",
                    body: "有一份\(kind)已通过\(step.reviewer.label)审核，等待\(following.reviewer.label)审核。")))
            } else {
                next.status = .approved
                next.stepIndex = nil
                next.lastApprovedRound = filing.round
                effects.append(.messageEnterprise(WorkflowMessage(
                    title: "\(kind)审核通过",
                    body: "您提交的\(kind)已通过\(step.reviewer.label)审核。\(said)")))
                if policy.textsOnApproval {
                    effects.append(.textEnterprise("您提交的\(kind)已审核通过，请登录平台查看。"))
                }
                effects.append(.projectFacts)
            }
        case .returnForRevision:
            next.status = .returned
            effects.append(.messageEnterprise(WorkflowMessage(
                title: "\(kind)被退回修改",
                body: "您提交的\(kind)被\(step.reviewer.label)退回修改。退回原因：\(opinion)。请修改后重新提交。")))
        case .reject:
            next.status = .rejected
            effects.append(.messageEnterprise(WorkflowMessage(
                title: "\(kind)审核不通过",
                body: "您提交的\(kind)未通过\(step.reviewer.label)审核。原因：\(opinion)")))
        }
        return WorkflowTransition(filing: next, record: record, effects: effects)
    }

    /// The same decision on many filings, each accepted or refused on its own (no all-or-nothing). Refused
    /// where the kind does not allow batch decisions at the filing's current level. An id given twice is
    /// decided once: the second sees the version the first produced and is stale.
    public func applyBatch<ID: Hashable & Sendable>(_ decision: ReviewDecision, to items: [BatchItem<ID>])
        -> [BatchOutcome<ID>] {
        var latest: [ID: Filing] = [:]
        var outcomes: [BatchOutcome<ID>] = []
        outcomes.reserveCapacity(items.count)
        for item in items {
            let filing = latest[item.id] ?? item.filing
            do throws(WorkflowError) {
                guard filing.version == item.expectedVersion else { throw .staleVersion }
                if let step = filing.currentStep, !policy(for: filing.kind).batchLevels.contains(step.level) {
                    throw .batchNotAllowed(filing.kind, step.level)
                }
                let transition = try apply(decision, to: filing, expectedVersion: item.expectedVersion)
                latest[item.id] = transition.filing
                outcomes.append(BatchOutcome(id: item.id, result: .success(transition)))
            } catch {
                outcomes.append(BatchOutcome(id: item.id, result: .failure(error)))
            }
        }
        return outcomes
    }

    // MARK: - Moves

    /// The filing after its enterprise moved to `location` (another county, zone …). A filing waiting for a
    /// decision waits for the reviewer of the same level at the new place — the route is resolved there, and the
    /// step taken as on resubmission: the step of that level, or the one a merge folded it into. It becomes a new
    /// version, so a decision made on the old routing is stale. Other filings need nothing (`nil`): a returned
    /// one resolves its route again when resubmitted, and the routes of closed ones are history.
    public func reroute(_ filing: Filing, to location: EnterpriseLocation) throws(WorkflowError)
        -> WorkflowTransition? {
        guard let index = filing.stepIndex, let step = filing.currentStep else { return nil }
        let policy = policy(for: filing.kind)
        let route = try policy.route(for: location)
        let entry = Self.entryIndex(of: step.level, in: route, chain: policy.chain)
        guard route.indices.contains(entry) else { throw .invalidPolicy(filing.kind, "审核层级不能为空") }
        guard route != filing.route || entry != index else { return nil }
        var next = filing
        next.route = route
        next.stepIndex = entry
        // The levels below merged into the first step at the new place (a city without counties): nobody there
        // has decided yet, so it waits as a submission.
        if entry == 0 { next.status = .submitted }
        next.version = try Self.increment(filing.version)
        let reviewer = route[entry].reviewer
        let message = WorkflowMessage(
            title: "待审核：\(filing.kind.label)",
            body: "企业迁移后，有一份\(filing.kind.label)转由迁入地\(reviewer.label)审核。")
        return WorkflowTransition(filing: next, effects: [.notifyReviewer(reviewer, message)])
    }

    // MARK: - Checks

    /// Whether the enterprise may edit the filing now (to show or hide 编辑); `edit` says why not.
    public func mayEdit(_ filing: Filing, by enterprise: FilingEnterprise, on day: LocalDate) -> Bool {
        (try? edit(filing, expectedVersion: filing.version, by: enterprise, on: day)) != nil
    }

    /// Whether the enterprise may submit the filing now (to show or hide 提交).
    public func maySubmit(_ filing: Filing, by enterprise: FilingEnterprise, on day: LocalDate) -> Bool {
        (try? submit(filing, expectedVersion: filing.version, by: enterprise, on: day)) != nil
    }

    /// Refuses when no window that concerns the enterprise is open on the day.
    public func checkOpen(_ kind: FilingKind, for enterprise: FilingEnterprise, on day: LocalDate)
        throws(WorkflowError) {
        try checkOpen(policy(for: kind), for: enterprise, on: day)
    }

    /// Refuses with the prompt of the first prerequisite the enterprise does not meet (shown on the entry page,
    /// e.g. 积分数据填报 before basic info is approved).
    public func checkPrerequisites(_ kind: FilingKind, for enterprise: FilingEnterprise) throws(WorkflowError) {
        try checkPrerequisites(policy(for: kind), for: enterprise)
    }

    private func checkOpen(_ policy: FilingPolicy, for enterprise: FilingEnterprise, on day: LocalDate)
        throws(WorkflowError) {
        let openness = policy.openness(for: enterprise, on: day)
        guard openness.open else { throw .outsideWindow(policy.kind, openings: openness.applicable) }
    }

    private func checkPrerequisites(_ policy: FilingPolicy, for enterprise: FilingEnterprise) throws(WorkflowError) {
        if let missing = policy.prerequisites.first(where: { !$0.isMet(by: enterprise) }) {
            throw .prerequisiteMissing(missing, for: policy.kind)
        }
    }

    /// Where a submission enters the route: the step of the level that returned it — or, when that level was
    /// merged into a later one, the step that covers it — otherwise the first step.
    private static func entryIndex(of level: ReviewLevel?, in route: [ReviewStep], chain: [ReviewLevel]) -> Int {
        guard let level, let position = chain.firstIndex(of: level) else { return 0 }
        return route.firstIndex { (chain.firstIndex(of: $0.level) ?? -1) >= position } ?? 0
    }

    private static func increment(_ value: Int) throws(WorkflowError) -> Int {
        let (sum, overflow) = value.addingReportingOverflow(1)
        guard !overflow else { throw .corruptFiling("计数器溢出") }
        return sum
    }
}
