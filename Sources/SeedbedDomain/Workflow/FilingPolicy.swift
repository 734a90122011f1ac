/// How one kind of filing is reviewed, declared as data: the chain, what reviewers may decide, whether approval
/// locks it, when enterprises may file it and what must come first. `ReviewWorkflow` applies it.
public struct FilingPolicy: Sendable, Hashable {
    public var kind: FilingKind
    /// Review levels in order; approval at the last one approves the filing.
    public var chain: [ReviewLevel]
    /// Decisions reviewers may take. 通过 and 退回修改 are always needed; 不通过 (final) only where the kind allows it.
    public var verdicts: Set<ReviewVerdict>
    /// Approved filings cannot be changed (annual report); otherwise a change starts a new round (basic info).
    public var locksOnApproval: Bool
    /// The enterprise may change a submitted filing before anyone has decided on it (seed 000 §2.2).
    public var editableWhileSubmitted: Bool
    /// When the enterprise may start, edit and submit it (see `FilingWindow`).
    public var windows: [FilingWindow]
    /// What must hold before the enterprise may start or submit it.
    public var prerequisites: [FilingPrerequisite]
    /// Levels at which a reviewer may decide many filings at once.
    public var batchLevels: Set<ReviewLevel>
    /// Final approval is also announced by SMS to the registered phone (registration, seed 000 §2.1).
    public var textsOnApproval: Bool

    public init(kind: FilingKind, chain: [ReviewLevel], verdicts: Set<ReviewVerdict> = [.approve, .returnForRevision],
                locksOnApproval: Bool = true, editableWhileSubmitted: Bool = false,
                windows: [FilingWindow] = [.always], prerequisites: [FilingPrerequisite] = [],
                batchLevels: Set<ReviewLevel> = [], textsOnApproval: Bool = false) {
        self.kind = kind
        self.chain = chain
        self.verdicts = verdicts
        self.locksOnApproval = locksOnApproval
        self.editableWhileSubmitted = editableWhileSubmitted
        self.windows = windows
        self.prerequisites = prerequisites
        self.batchLevels = batchLevels
        self.textsOnApproval = textsOnApproval
    }

    /// The platform's default for each kind.
    ///
    /// - registration, basic info: reviewed where the enterprise belongs (its zone, otherwise its county).
    ///   Registration may be refused outright (not a genuine enterprise) and is announced by SMS; basic info
    ///   may be changed at any time, even submitted or approved, except that recognised enterprises may change
    ///   it (信息更新) only from 1 January to 30 April.
    /// - annual report: county then city (seed 004), locked once approved; counties may approve in batches.
    /// - points data, express report: reviewed where the enterprise belongs, locked once approved, batch allowed;
    ///   points data needs approved basic info, express reports the government's list.
    /// - applications: county → city → province, may be refused, closed until administrators set windows;
    ///   both need approved basic info, 专精特新 also the digital self-assessment.
    /// - major change, renewal: the recognition chain county → city → province, recognised enterprises only.
    public static func standard(for kind: FilingKind) -> FilingPolicy {
        let all: Set<ReviewVerdict> = [.approve, .returnForRevision, .reject]
        let recognitionChain: [ReviewLevel] = [.county, .city, .province]
        switch kind {
        case .registration:
            return FilingPolicy(kind: kind, chain: [.local], verdicts: all, textsOnApproval: true)
        case .basicInfo:
            let updateWindow = FilingPeriod.yearly(from: MonthDay(unchecked: 1, 1), through: MonthDay(unchecked: 4, 30))
            return FilingPolicy(kind: kind, chain: [.local], locksOnApproval: false, editableWhileSubmitted: true,
                                windows: [FilingWindow(period: .anytime, audience: .unrecognised),
                                          FilingWindow(period: updateWindow, audience: .recognised)],
                                batchLevels: [.local])
        case .annualReport:
            return FilingPolicy(kind: kind, chain: [.county, .city], batchLevels: [.county])
        case .pointsData:
            return FilingPolicy(kind: kind, chain: [.local], prerequisites: [.approved(.basicInfo)],
                                batchLevels: [.local])
        case .expressReport:
            return FilingPolicy(kind: kind, chain: [.local], prerequisites: [.onExpressReportList],
                                batchLevels: [.local])
        case .innovativeSMEApplication:
            return FilingPolicy(kind: kind, chain: recognitionChain, verdicts: all, windows: [],
                                prerequisites: [.approved(.basicInfo)])
        case .specializedSMEApplication:
            return FilingPolicy(kind: kind, chain: recognitionChain, verdicts: all, windows: [],
                                prerequisites: [.approved(.basicInfo), .digitalAssessment])
        case .majorChange, .renewal:
            return FilingPolicy(kind: kind, chain: recognitionChain, verdicts: all, prerequisites: [.recognised])
        }
    }

    /// The route a submission takes for an enterprise: each level resolved to its organisation, consecutive
    /// levels that land on the same organisation merged into the later level (东莞市 reviews an annual report
    /// once, as the city), so nobody is asked to approve the same filing twice.
    public func route(for location: EnterpriseLocation) throws(WorkflowError) -> [ReviewStep] {
        var steps: [ReviewStep] = []
        for level in chain {
            let step = ReviewStep(level: level, reviewer: try level.reviewer(for: location))
            if let last = steps.last, last.reviewer == step.reviewer {
                steps[steps.count - 1] = step
            } else {
                steps.append(step)
            }
        }
        return steps
    }

    /// The windows that concern the enterprise, and whether one of them is open on the day.
    func openness(for enterprise: FilingEnterprise, on day: LocalDate) -> (open: Bool, applicable: [FilingWindow]) {
        let applicable = windows.filter { $0.applies(to: enterprise) }
        return (applicable.contains { $0.period.contains(day) }, applicable)
    }

    /// Why the policy cannot work, if it cannot.
    func problem() -> String? {
        if chain.isEmpty { return "审核层级不能为空" }
        if Set(chain).count != chain.count { return "审核层级不能重复" }
        if !verdicts.contains(.approve) || !verdicts.contains(.returnForRevision) {
            return "审核结论必须包含“通过”和“退回修改”"
        }
        return nil
    }
}
