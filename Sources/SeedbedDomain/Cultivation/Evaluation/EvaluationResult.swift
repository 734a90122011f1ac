/// The answer of `POST /api/v1/evaluations`: the rule, the version that `asOf` selected, the verdict, the score,
/// every condition with its value, threshold and gap, and every scored indicator with its points.
public struct EvaluationResult: Sendable, Hashable, Encodable {
    public enum Verdict: String, Sendable, Hashable, Codable {
        case qualified
        case notQualified = "not_qualified"
        case unknown

        init(_ status: RuleStatus) {
            switch status {
            case .met: self = .qualified
            case .notMet: self = .notQualified
            case .unknown: self = .unknown
            }
        }
    }

    /// Where a condition comes from: a basic condition (all must hold), the score line, or a direct condition
    /// (any one replaces the score).
    public enum ConditionKind: String, Sendable, Hashable, Codable {
        case basic
        case score
        case direct
    }

    public struct Condition: Sendable, Hashable, Encodable {
        public let id: String
        public let label: String
        public let kind: ConditionKind
        /// nil: unknown (data missing).
        public let met: Bool?
        public let value: Double?
        public let threshold: Double?
        public let gap: Double?
        public let unit: String
        public let description: String

        enum CodingKeys: String, CodingKey { case id, label, kind, met, value, threshold, gap, unit, description }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(label, forKey: .label)
            try container.encode(kind, forKey: .kind)
            try container.encode(met, forKey: .met)
            try container.encode(value, forKey: .value)
            try container.encode(threshold, forKey: .threshold)
            try container.encode(gap, forKey: .gap)
            try container.encode(unit, forKey: .unit)
            try container.encode(description, forKey: .description)
        }
    }

    public struct Indicator: Sendable, Hashable, Encodable {
        public let id: String
        public let label: String
        public let group: String
        public let value: Double?
        public let unit: String
        public let points: Double
        /// The most the enterprise can have (above `points` only when data is missing).
        public let possiblePoints: Double
        public let max: Double
        public let band: String?

        enum CodingKeys: String, CodingKey { case id, label, group, value, unit, points, possiblePoints, max, band }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(label, forKey: .label)
            try container.encode(group, forKey: .group)
            try container.encode(value, forKey: .value)
            try container.encode(unit, forKey: .unit)
            try container.encode(points, forKey: .points)
            try container.encode(possiblePoints, forKey: .possiblePoints)
            try container.encode(max, forKey: .max)
            try container.encode(band, forKey: .band)
        }
    }

    public let rule: EvaluationRule
    /// The version id, e.g. `specialized_sme_2026`.
    public let version: String
    public let versionTitle: String
    public let asOf: String
    /// The fact year evaluated.
    public let year: Int
    public let verdict: Verdict
    public let score: Double
    public let possibleScore: Double
    /// nil when the rule has no score line.
    public let passLine: Double?
    public let conditions: [Condition]
    public let indicators: [Indicator]
    public let notes: [String]

    enum CodingKeys: String, CodingKey {
        case rule, version, versionTitle, asOf, year, verdict, score, possibleScore, passLine, conditions, indicators
        case notes
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(version, forKey: .version)
        try container.encode(versionTitle, forKey: .versionTitle)
        try container.encode(asOf, forKey: .asOf)
        try container.encode(year, forKey: .year)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(score, forKey: .score)
        try container.encode(possibleScore, forKey: .possibleScore)
        try container.encode(passLine, forKey: .passLine)
        try container.encode(conditions, forKey: .conditions)
        try container.encode(indicators, forKey: .indicators)
        try container.encode(notes, forKey: .notes)
    }

    /// Shapes a verdict; every number that is not finite becomes null.
    public init(rule: EvaluationRule, asOf: LocalDate, verdict: ScoreVerdict) {
        func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        func met(_ status: RuleStatus) -> Bool? { status == .unknown ? nil : status == .met }
        func condition(_ check: ConditionCheck, _ kind: ConditionKind) -> Condition {
            Condition(id: check.id, label: check.title, kind: kind, met: met(check.status), value: finite(check.value),
                      threshold: finite(check.threshold), gap: finite(check.gap), unit: check.unit,
                      description: check.description)
        }
        var conditions = verdict.conditions.filter { !$0.informational }.map { condition($0, .basic) }
        if verdict.passLine.isFinite {
            let gap: Double? = verdict.scoreStatus == .met ? 0
                : verdict.scoreStatus == .notMet ? Swift.max(0, verdict.passLine - verdict.total) : nil
            conditions.append(Condition(
                id: "score", label: "评价得分", kind: .score, met: met(verdict.scoreStatus), value: finite(verdict.total),
                threshold: verdict.passLine, gap: finite(gap), unit: "分",
                description: "评价得分不低于 \(NumberText.plain(verdict.passLine)) 分"
                    + (verdict.groups.contains { $0.minimum != nil } ? "，且各组得分不低于组内下限" : "")))
        }
        conditions += verdict.directConditions.map { condition($0, .direct) }
        self.rule = rule
        version = verdict.version.id
        versionTitle = verdict.version.title
        self.asOf = asOf.description
        year = verdict.year
        self.verdict = Verdict(verdict.status)
        score = finite(verdict.total) ?? 0
        possibleScore = finite(verdict.possibleTotal) ?? 0
        passLine = finite(verdict.passLine)
        self.conditions = conditions
        indicators = verdict.indicators.map { line in
            Indicator(id: line.id, label: line.name, group: line.group, value: finite(line.value), unit: line.unit,
                      points: finite(line.points) ?? 0, possiblePoints: finite(line.possiblePoints) ?? 0,
                      max: finite(line.maxPoints) ?? 0, band: line.band)
        }
        notes = verdict.notes
    }
}

extension EvaluationRequest {
    /// Runs the rule. A date no version covers, or an input the rule refuses, is an `EvaluationRequestError`.
    public func evaluate() throws(EvaluationRequestError) -> EvaluationResult {
        let verdict: ScoreVerdict
        do {
            switch rule {
            case .techSME:
                verdict = try TechSMEEvaluator.evaluate(enterprise: facts, profile: profile, year: year, date: asOf)
            case .hightech:
                verdict = try HightechPrescreen.evaluate(enterprise: facts, profile: profile, year: year, date: asOf)
            case .innovativeSME:
                verdict = try InnovativeSMEEvaluator.evaluate(enterprise: facts, profile: profile, year: year,
                                                              date: asOf, inputs: innovative)
            case .specializedSME:
                verdict = try SpecializedSMEEvaluator.evaluate(enterprise: facts, profile: profile, year: year,
                                                               date: asOf, inputs: specialized)
            }
        } catch {
            switch error {
            case .noVersionInForce: throw EvaluationRequestError(field: "asOf", reason: error.message)
            default: throw EvaluationRequestError(field: "", reason: error.message)
            }
        }
        return EvaluationResult(rule: rule, asOf: asOf, verdict: verdict)
    }
}
