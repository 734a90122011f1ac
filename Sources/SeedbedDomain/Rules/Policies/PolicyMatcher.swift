import Foundation

/// What a policy reads besides the rule engine's input, one slot per enterprise (the same slots): the region and
/// industry codes as stored on the record, and the highest MIIT cultivation level held on the evaluation date.
public struct PolicySubjects: Sendable {
    public var regionCodes: [String]
    /// `C39`, nil when the record does not say.
    public var industryCodes: [String?]
    /// 0 none, 1 创新型中小企业, 2 专精特新中小企业, 3 专精特新"小巨人".
    public var cultivationLevels: [Int]

    public init(regionCodes: [String], industryCodes: [String?], cultivationLevels: [Int]) {
        self.regionCodes = regionCodes
        self.industryCodes = industryCodes
        self.cultivationLevels = cultivationLevels
    }

    /// One enterprise.
    public init(regionCode: String, industryCode: String?, cultivationLevel: Int) {
        self.init(regionCodes: [regionCode], industryCodes: [industryCode], cultivationLevels: [cultivationLevel])
    }
}

/// One condition of a policy for one enterprise: the engine's check (value, threshold, gap) and the condition.
public struct PolicyCheck: Sendable, Hashable {
    public let condition: PolicyCondition
    public let check: ConditionCheck

    public var status: RuleStatus { check.status }

    /// How it reads after 符合： / 尚缺： — "研发费用占比 3.5%", "研发费用占比 尚缺 1.2 个百分点",
    /// "营业收入 超出 500万元", "持有有效的高新技术企业认定", "研发费用占比（数据不足）".
    public var phrase: String {
        let unit = condition.unit
        switch check.status {
        case .met:
            if case .flag = unit { return condition.requirement }
            return "\(condition.title) \(check.value.map { unit.text($0) } ?? "—")（\(condition.requirement)）"
        case .notMet:
            if case .flag = unit { return condition.requirement }
            guard let gap = check.gap else { return "\(condition.requirement)（不符合）" }
            let verb = condition.isCeiling ? "超出" : "尚缺"
            let current = check.value.map { "，现为 \(unit.text($0))" } ?? ""
            return "\(condition.title) \(verb) \(NumberText.plain(gap)) \(unit.gapSymbol)（\(condition.requirement)\(current)）"
        case .unknown:
            return "\(condition.requirement)（数据不足，无法判断）"
        }
    }
}

extension PolicyCondition {
    /// A "不高于" condition: a miss is an excess, not a shortfall.
    var isCeiling: Bool {
        switch self {
        case .age(let comparison, _), .metric(_, let comparison, _): comparison == .atMost
        default: false
        }
    }
}

/// One policy's verdict for one enterprise: matched when every condition is met, with the reasons.
public struct PolicyVerdict: Sendable, Hashable {
    public let status: RuleStatus
    public let checks: [PolicyCheck]

    public var met: [PolicyCheck] { checks.filter { $0.status == .met } }
    public var missing: [PolicyCheck] { checks.filter { $0.status == .notMet } }
    public var unknown: [PolicyCheck] { checks.filter { $0.status == .unknown } }

    /// "符合：…；尚缺：…；数据不足：…", the parts that apply.
    public var reason: String {
        var parts: [String] = []
        if !met.isEmpty { parts.append("符合：" + met.map(\.phrase).joined(separator: "、")) }
        if !missing.isEmpty { parts.append("尚缺：" + missing.map(\.phrase).joined(separator: "、")) }
        if !unknown.isEmpty { parts.append("数据不足：" + unknown.map(\.condition.requirement).joined(separator: "、")) }
        return parts.isEmpty ? "该政策未设适用条件" : parts.joined(separator: "；")
    }
}

/// A policy's conditions evaluated over every slot: one status column per condition, and the verdict.
public struct PolicyOutcome: Sendable {
    public let conditions: [PolicyCondition]
    /// Per condition, the engine's outcome (numeric and title conditions) or nil (profile flags).
    let engine: [ConditionOutcome?]
    let ruleConditions: [RuleCondition?]
    let parameters: ParameterValues
    /// Per condition, a status byte per slot.
    let statuses: [[UInt8]]
    /// `RuleStatus` raw value per slot: every condition met.
    public let membership: [UInt8]

    public var count: Int { membership.count }

    public func status(at slot: Int) -> RuleStatus {
        slot >= 0 && slot < membership.count ? RuleStatus(byte: membership[slot]) : .unknown
    }

    /// The slots that match, ascending.
    public var matchingSlots: [Int] { membership.indices.filter { membership[$0] == RuleStatus.met.rawValue } }

    /// Every condition of one slot with its numbers and the verdict.
    public func verdict(at slot: Int) -> PolicyVerdict {
        guard slot >= 0, slot < membership.count else { return PolicyVerdict(status: .unknown, checks: []) }
        var checks: [PolicyCheck] = []
        for (index, condition) in conditions.enumerated() {
            let check: ConditionCheck
            if let outcome = engine[index], let rule = ruleConditions[index] {
                check = ConditionCheck(rule, outcome, slot: slot, values: parameters)
            } else {
                check = .flag(id: "c\(index)", title: condition.title, description: condition.requirement,
                              status: RuleStatus(byte: statuses[index][slot]))
            }
            checks.append(PolicyCheck(condition: condition, check: check))
        }
        return PolicyVerdict(status: status(at: slot), checks: checks)
    }
}

/// Matches policies to enterprises (定向政策推送): numeric, age, field and certificate conditions go through the
/// libraries' rule engine (`ConditionKernel`, the same comparison, tolerance, units and gaps as every library);
/// region, industry codes and MIIT levels are read from the subjects. Missing data is unknown, never a miss.
public enum PolicyMatcher {
    public static func evaluate(_ conditions: [PolicyCondition], input: EvaluationInput, subjects: PolicySubjects)
        throws(RuleError) -> PolicyOutcome
    {
        let count = input.count
        var ruleConditions: [RuleCondition?] = []
        for (index, condition) in conditions.enumerated() {
            ruleConditions.append(ruleCondition(condition, id: "c\(index)"))
        }
        var cache = ScoreCache()
        let parameters = ParameterValues(values: [:], overridden: [])
        var engine: [ConditionOutcome?] = []
        var statuses: [[UInt8]] = []
        for (index, condition) in conditions.enumerated() {
            if let rule = ruleConditions[index] {
                let outcome = try ConditionKernel.evaluate(rule, input: input, values: parameters, cache: &cache)
                engine.append(outcome)
                statuses.append(outcome.status)
            } else {
                engine.append(nil)
                statuses.append(flags(condition, input: input, subjects: subjects))
            }
        }
        var membership = [UInt8](repeating: RuleStatus.met.rawValue, count: count)
        for column in statuses {
            for slot in 0..<min(count, column.count) {
                membership[slot] = RuleStatus(byte: membership[slot]).and(RuleStatus(byte: column[slot])).rawValue
            }
        }
        return PolicyOutcome(conditions: conditions, engine: engine, ruleConditions: ruleConditions,
                             parameters: parameters, statuses: statuses, membership: membership)
    }

    /// One enterprise's verdict.
    public static func verdict(_ conditions: [PolicyCondition], enterprise: EnterpriseFacts,
                               profile: EnterpriseProfile, subjects: PolicySubjects, year: Int, date: LocalDate)
        throws(RuleError) -> PolicyVerdict
    {
        let input = EvaluationInput(enterprise: enterprise, profile: profile, year: year, date: date)
        return try evaluate(conditions, input: input, subjects: subjects).verdict(at: 0)
    }

    /// The engine condition of a policy condition, nil for the ones read from the subjects.
    static func ruleCondition(_ condition: PolicyCondition, id: String) -> RuleCondition? {
        switch condition {
        case .region, .industry:
            return nil
        case .techField(let fields):
            guard fields.isEmpty else { return nil }
            return RuleCondition(id: id, title: condition.title, template: condition.requirement,
                                 measure: .inHightechField, threshold: .constant(1), unit: .flag)
        case .title(let title):
            guard let rule = title.ruleTitle else { return nil }
            return RuleCondition(id: id, title: condition.title, template: condition.requirement,
                                 measure: .holdsTitle(rule), threshold: .constant(1), unit: .flag)
        case .age(let comparison, let years):
            return RuleCondition(id: id, title: condition.title, template: condition.requirement,
                                 measure: .yearsSinceRegistration, comparison: comparison,
                                 threshold: .constant(years), unit: .years)
        case .metric(let metric, let comparison, let value):
            return RuleCondition(id: id, title: condition.title, template: condition.requirement,
                                 measure: metric.measure, comparison: comparison, threshold: .constant(value),
                                 unit: metric.unit)
        }
    }

    /// Status bytes of a condition read from the subjects and the profile.
    static func flags(_ condition: PolicyCondition, input: EvaluationInput, subjects: PolicySubjects) -> [UInt8] {
        let count = input.count
        func column(_ status: (Int) -> RuleStatus) -> [UInt8] { (0..<count).map { status($0).rawValue } }
        switch condition {
        case .region(let prefix):
            return column { slot in
                guard slot < subjects.regionCodes.count, RegionCodes.isValid(subjects.regionCodes[slot]) else {
                    return .unknown
                }
                return RuleStatus(RegionCodes.code(subjects.regionCodes[slot], liesIn: prefix))
            }
        case .industry(let codes):
            return column { slot in
                guard slot < subjects.industryCodes.count, let code = subjects.industryCodes[slot], !code.isEmpty else {
                    return .unknown
                }
                return RuleStatus(codes.contains { code.uppercased().hasPrefix($0) })
            }
        case .techField(let fields):
            let wanted = Set(fields.map { Int8($0.rawValue) })
            let profile = input.profile.techField
            return column { slot in
                let code = profile[slot]
                return code < 0 ? .unknown : RuleStatus(wanted.contains(code))
            }
        case .title(let title):
            let level = title.cultivationLevel ?? 0
            return column { slot in
                slot < subjects.cultivationLevels.count ? RuleStatus(subjects.cultivationLevels[slot] >= level) : .unknown
            }
        case .age, .metric:
            return [UInt8](repeating: RuleStatus.unknown.rawValue, count: count)
        }
    }
}

/// The numbers an enterprise types into 模拟测算 (in 万元 and 人): each replaces the year's fact; nothing is
/// stored.
public struct PolicyHypothesis: Sendable, Hashable {
    public var values: [PolicyMetric: Double]

    public init(values: [PolicyMetric: Double] = [:]) { self.values = values }

    /// The metrics a person types (the R&D ratio follows from revenue and R&D expense).
    public static let typed: [PolicyMetric] = [.revenue, .rdExpense, .employees, .stStaff]

    /// From the form: empty fields keep the filed value; a field that is not a non-negative number is an error.
    public static func parse(_ form: [String: String]) throws(PolicyConditionError) -> PolicyHypothesis {
        var values: [PolicyMetric: Double] = [:]
        for metric in typed {
            let text = String((form[metric.rawValue] ?? "").trimmingCharacters(in: .whitespaces).prefix(30))
            if text.isEmpty { continue }
            guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let value = Double(text),
                  value.isFinite, value >= 0, value <= metric.maximum
            else {
                throw PolicyConditionError(field: metric.rawValue,
                                           message: "\(metric.label)“\(text)”应为 0 到 \(NumberText.plain(metric.maximum)) 之间的数字")
            }
            if case .count = metric.unit, value != value.rounded() {
                throw PolicyConditionError(field: metric.rawValue, message: "\(metric.label)应为整数")
            }
            values[metric] = value
        }
        return PolicyHypothesis(values: values)
    }

    public var isEmpty: Bool { values.isEmpty }

    /// The facts with the typed numbers put into `year`; derived facts of that year are recomputed by the engine.
    public func applied(to facts: EnterpriseFacts, year: Int) -> EnterpriseFacts {
        var result = facts
        for (metric, value) in values {
            switch metric {
            case .revenue: result.set(.revenue, value, in: year)
            case .rdExpense: result.set(.rdExpense, value, in: year)
            case .employees: result.set(.employees, value, in: year)
            case .stStaff: result.set(.stStaff, value, in: year)
            case .rdRatio: break
            }
        }
        // Ratios held from the filing would be stale: drop them so the engine derives them again.
        for id in [FactID.rdRatio, .stStaffRatio, .rdStaffRatio] { result.set(id, nil, in: year) }
        return result
    }
}
