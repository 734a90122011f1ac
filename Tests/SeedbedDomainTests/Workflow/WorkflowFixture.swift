import Foundation
import SeedbedDomain
import Testing

/// A workflow, an enterprise and a day on which that enterprise may file everything, plus helpers that drive a
/// filing through the machine the way the server would.
struct WorkflowFixture {
    var workflow: ReviewWorkflow
    var enterprise: FilingEnterprise
    var day: LocalDate
    var now = Date(timeIntervalSince1970: 1_741_000_000)

    /// 大连市甘井子区 (210211), recognised, with everything a prerequisite may ask for, on 15 March 2025 — inside
    /// the 信息更新 window and inside the application window the fixture's administrators opened for 辽宁.
    static func standard(regionCode: String = "210211", zoneID: Int? = nil) throws -> WorkflowFixture {
        let round = FilingWindow(period: .dates(from: try LocalDate(iso: "2025-03-01"),
                                                through: try LocalDate(iso: "2025-04-30")),
                                 regionPrefix: "21")
        var innovative = FilingPolicy.standard(for: .innovativeSMEApplication)
        innovative.windows = [round]
        var specialized = FilingPolicy.standard(for: .specializedSMEApplication)
        specialized.windows = [round]
        return WorkflowFixture(
            workflow: try ReviewWorkflow(overriding: [innovative, specialized]),
            enterprise: FilingEnterprise(location: EnterpriseLocation(regionCode: regionCode, zoneID: zoneID),
                                         isRecognised: true, approvedKinds: Set(FilingKind.allCases),
                                         isOnExpressReportList: true, hasDigitalAssessment: true),
            day: try LocalDate(iso: "2025-03-15"))
    }

    /// The organisation a reviewer reference stands for (ids are made up but stable).
    static func organization(for reviewer: ReviewerRef) -> ScopeOrganization {
        switch reviewer {
        case .region(let code, let level):
            ScopeOrganization(id: Int(code) ?? 0, kind: OrganizationKind(level: level), regionCode: code)
        case .zone(let id):
            ScopeOrganization(id: id, kind: .zone, regionCode: nil)
        case .national:
            ScopeOrganization(id: 1, kind: .national, regionCode: nil)
        }
    }

    func decision(_ verdict: ReviewVerdict, _ opinion: String = "", by organization: ScopeOrganization,
                  user: Int = 11) -> ReviewDecision {
        ReviewDecision(verdict: verdict, opinion: opinion, reviewer: Reviewer(userID: user, organization: organization),
                       time: now)
    }

    /// A decision by whoever the filing waits for; 退回 and 不通过 get a reason.
    func decision(_ verdict: ReviewVerdict, on filing: Filing, user: Int = 11) throws -> ReviewDecision {
        let step = try #require(filing.currentStep)
        return decision(verdict, verdict.requiresReason ? "材料不全" : "同意",
                        by: Self.organization(for: step.reviewer), user: user)
    }

    func start(_ kind: FilingKind) throws -> Filing {
        try workflow.start(kind, for: enterprise, on: day)
    }

    func edit(_ filing: Filing) throws -> Filing {
        try workflow.edit(filing, expectedVersion: filing.version, by: enterprise, on: day).filing
    }

    func submit(_ filing: Filing) throws -> Filing {
        try workflow.submit(filing, expectedVersion: filing.version, by: enterprise, on: day).filing
    }

    func decide(_ verdict: ReviewVerdict, _ filing: Filing) throws -> WorkflowTransition {
        try workflow.apply(try decision(verdict, on: filing), to: filing, expectedVersion: filing.version)
    }

    /// A filing of the kind in the status, reached by ordinary moves; `nil` when the kind cannot reach it
    /// (审核中 needs a second step, 不通过 needs a kind that allows it).
    func filing(_ kind: FilingKind, in status: FilingStatus) throws -> Filing? {
        let policy = workflow.policy(for: kind)
        let draft = try start(kind)
        switch status {
        case .draft:
            return draft
        case .submitted:
            return try submit(draft)
        case .inReview:
            guard policy.chain.count > 1 else { return nil }
            return try decide(.approve, try submit(draft)).filing
        case .approved:
            var filing = try submit(draft)
            while filing.status != .approved { filing = try decide(.approve, filing).filing }
            return filing
        case .returned:
            return try decide(.returnForRevision, try submit(draft)).filing
        case .rejected:
            guard policy.verdicts.contains(.reject) else { return nil }
            return try decide(.reject, try submit(draft)).filing
        }
    }
}

/// The server's conditional `UPDATE … WHERE version = loaded`, in memory: a transition computed on a version
/// that is no longer current does not land.
struct FilingStore {
    private(set) var current: Filing

    mutating func commit(_ transition: WorkflowTransition, loadedVersion: Int) -> Bool {
        guard current.version == loadedVersion else { return false }
        current = transition.filing
        return true
    }
}
