/// One second-level indicator (二级指标) of a scheme: which fact it reads, how it turns the value into
/// points, and its weight in each development stage.
///
/// The fact may be a derived one (`revenue_growth`, `rd_ratio` …) that the caller computes before scoring.
/// In JSON, `id`, `direction` and `weights` sit at the top level of each indicator, so a scheme of percentile
/// indicators is also readable by the pandas peer (`score_pandas.py`).
public struct Indicator: Hashable, Sendable, Codable {
    /// Stable id, unique within a scheme (used in results and in JSON).
    public var id: String
    /// Chinese name shown in the UI (研发费用总额 …).
    public var name: String
    public var group: IndicatorGroup
    public var fact: FactID
    public var method: ScoringMethod
    /// Which end is better, for the percentile method (ignored by the others).
    public var direction: RankDirection
    /// Points at a method value of 1, per stage; a stage missing here weighs 0.
    public var weights: [DevelopmentStage: Double]
    /// An optional explanation for the scheme page (口径说明).
    public var note: String?

    public init(id: String, name: String, group: IndicatorGroup, fact: FactID, method: ScoringMethod,
                direction: RankDirection = .higher, weights: [DevelopmentStage: Double], note: String? = nil)
    {
        self.id = id
        self.name = name
        self.group = group
        self.fact = fact
        self.method = method
        self.direction = direction
        self.weights = weights
        self.note = note
    }

    /// The weight in `stage` (0 when the stage has none).
    public func weight(in stage: DevelopmentStage) -> Double { weights[stage] ?? 0 }

    /// Points for a method value at a weight: `methodValue * weight`, negated for a deduction (a zero stays +0,
    /// so no "-0" reaches the screen). The engine, the breakdown and the estimate all use this one expression so
    /// their numbers agree to the bit.
    static func points(methodValue: Double, weight: Double, subtracts: Bool) -> Double {
        let product = methodValue * weight
        return subtracts && product != 0 ? -product : product
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, group, fact, method, direction, weights, note
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? id
        group = try container.decodeIfPresent(IndicatorGroup.self, forKey: .group) ?? .technology
        fact = try container.decodeIfPresent(FactID.self, forKey: .fact) ?? FactID(id)
        method = try container.decodeIfPresent(ScoringMethod.self, forKey: .method) ?? .percentile
        direction = try container.decodeIfPresent(RankDirection.self, forKey: .direction) ?? .higher
        weights = try container.decode([DevelopmentStage: Double].self, forKey: .weights)
        note = try container.decodeIfPresent(String.self, forKey: .note)
    }
}
