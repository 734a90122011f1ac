/// One line of a stage rule: "an enterprise younger than `ageBelow` years and/or with revenue below
/// `revenueBelow` 万元 is in `stage`".
///
/// Bounds are exclusive upper bounds so that a value exactly on a boundary falls in the next (higher) stage,
/// as RULES.md says of every band. A clause with no bound never matches.
public struct StageClause: Hashable, Sendable, Codable {
    /// How the conditions of a clause combine.
    public enum Combination: String, Hashable, Sendable, Codable {
        /// Every bound must hold (且).
        case all
        /// One bound is enough (或).
        case any
    }

    public var stage: DevelopmentStage
    /// 成立年限 (years) below which the clause holds.
    public var ageBelow: Double?
    /// 营业收入 (万元) below which the clause holds.
    public var revenueBelow: Double?
    public var combination: Combination

    public init(stage: DevelopmentStage, ageBelow: Double? = nil, revenueBelow: Double? = nil,
                combination: Combination = .any)
    {
        self.stage = stage
        self.ageBelow = ageBelow
        self.revenueBelow = revenueBelow
        self.combination = combination
    }

    /// Three-valued: `nil` when a value the answer depends on is missing.
    func matches(ageYears: Double?, revenue: Double?) -> Bool? {
        var results: [Bool?] = []
        if let ageBelow { results.append(ageYears.map { $0 < ageBelow }) }
        if let revenueBelow { results.append(revenue.map { $0 < revenueBelow }) }
        guard !results.isEmpty else { return false }
        switch combination {
        case .all:
            if results.contains(false) { return false }
            return results.contains(nil) ? nil : true
        case .any:
            if results.contains(true) { return true }
            return results.contains(nil) ? nil : false
        }
    }
}
