/// How an enterprise's development stage is decided (RULES.md §13: configuration, not code).
///
/// The clauses are tried in order and the first that holds gives the stage; when none holds the stage is
/// `otherwise`. `stages` lists every stage the scheme weighs, in the order the UI shows them.
public struct StageRule: Hashable, Sendable, Codable {
    public var stages: [DevelopmentStage]
    public var clauses: [StageClause]
    public var otherwise: DevelopmentStage

    public init(stages: [DevelopmentStage], clauses: [StageClause], otherwise: DevelopmentStage) {
        self.stages = stages
        self.clauses = clauses
        self.otherwise = otherwise
    }

    /// The default rule (默认，可配置): 初创期 when founded less than 3 years ago or revenue below 500 万元;
    /// 成长期 when revenue is below 5000 万元; otherwise 稳定期.
    public static let standard = StageRule(
        stages: [.startup, .growth, .stable],
        clauses: [
            StageClause(stage: .startup, ageBelow: 3, revenueBelow: 500, combination: .any),
            StageClause(stage: .growth, revenueBelow: 5000),
        ],
        otherwise: .stable
    )

    /// The stage of an enterprise, or `nil` when a missing age or revenue leaves it undecided (an earlier clause
    /// might have held had the value been known). Non-finite values count as missing.
    public func stage(ageYears: Double?, revenue: Double?) -> DevelopmentStage? {
        let age = ageYears.flatMap { $0.isFinite ? $0 : nil }
        let money = revenue.flatMap { $0.isFinite ? $0 : nil }
        for clause in clauses {
            switch clause.matches(ageYears: age, revenue: money) {
            case .some(true): return clause.stage
            case .some(false): continue
            case .none: return nil
            }
        }
        return otherwise
    }

    /// Stage codes for whole columns (NaN = missing), as `ScoringInput` takes them: the index of the stage in
    /// `stages`, or `ScoringInput.undecidedStage` when it cannot be decided. Columns of unequal length are
    /// read as missing past their end.
    public func stageCodes(ageYears: [Double], revenue: [Double]) -> [UInt8] {
        let count = max(ageYears.count, revenue.count)
        var codeOf: [DevelopmentStage: UInt8] = [:]
        for (index, stage) in stages.enumerated() where index < Int(ScoringInput.undecidedStage) {
            if codeOf[stage] == nil { codeOf[stage] = UInt8(index) }
        }
        var codes = [UInt8](repeating: ScoringInput.undecidedStage, count: count)
        for slot in 0..<count {
            let age = slot < ageYears.count && !ageYears[slot].isNaN ? ageYears[slot] : nil
            let money = slot < revenue.count && !revenue[slot].isNaN ? revenue[slot] : nil
            if let stage = stage(ageYears: age, revenue: money), let code = codeOf[stage] {
                codes[slot] = code
            }
        }
        return codes
    }
}
