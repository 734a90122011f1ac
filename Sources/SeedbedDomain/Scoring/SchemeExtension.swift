/// A locality's scheme derived from a base scheme ("18+M"): the base's indicators, possibly reweighted, plus
/// the locality's own indicators. Stored as data so the base can move to a new version and the locality re-derive.
public struct SchemeExtension: Hashable, Sendable, Codable {
    /// The base scheme version this extension was written against.
    public var base: SchemeReference
    public var id: String
    public var version: Int
    public var name: String
    public var effectiveFrom: String
    /// The locality's indicators ("M"), scored after the base's.
    public var localIndicators: [Indicator]
    /// New stage weights for base indicators, by indicator id (replacing the base's weights of that indicator).
    public var weightOverrides: [String: [DevelopmentStage: Double]]
    /// When true and the base has a full score, the base's full-score indicators are scaled in each stage so
    /// that base plus local full-score weights add up to the full score again (e.g. 18 indicators scaled to
    /// 90 points next to 10 local points).
    public var rescaleToFullScore: Bool
    /// The locality's lists and line, or `nil` to keep the base's.
    public var tiers: TierRule?

    public init(base: SchemeReference, id: String, version: Int, name: String, effectiveFrom: String,
                localIndicators: [Indicator], weightOverrides: [String: [DevelopmentStage: Double]] = [:],
                rescaleToFullScore: Bool = true, tiers: TierRule? = nil)
    {
        self.base = base
        self.id = id
        self.version = version
        self.name = name
        self.effectiveFrom = effectiveFrom
        self.localIndicators = localIndicators
        self.weightOverrides = weightOverrides
        self.rescaleToFullScore = rescaleToFullScore
        self.tiers = tiers
    }

    /// The derived scheme, validated. Refused when `base` is not the version this extension names, when an
    /// override names no base indicator, or when the result has problems (duplicate ids, local weights above
    /// the full score …).
    public func apply(to baseScheme: InnovationScheme) throws(SchemeError) -> InnovationScheme {
        guard baseScheme.reference == base else {
            throw .baseMismatch(expected: base, actual: baseScheme.reference)
        }
        var problems: [SchemeProblem] = []
        let baseIDs = Set(baseScheme.indicators.map(\.id))
        for id in weightOverrides.keys.sorted() where !baseIDs.contains(id) {
            problems.append(SchemeProblem(code: "override_unknown_indicator",
                                          message: "权重调整引用了基础方案中不存在的指标「\(id)」", indicatorID: id))
        }
        var baseIndicators = baseScheme.indicators.map { indicator in
            var copy = indicator
            if let weights = weightOverrides[indicator.id] { copy.weights = weights }
            return copy
        }
        if rescaleToFullScore, let fullScore = baseScheme.fullScore {
            for stage in baseScheme.stages {
                let localSum = Self.fullScoreSum(localIndicators, stage)
                let baseSum = Self.fullScoreSum(baseIndicators, stage)
                let remaining = fullScore - localSum
                if remaining < 0 {
                    problems.append(SchemeProblem(
                        code: "local_weights_exceed_full_score",
                        message: "「\(stage)」本地指标权重合计 \(InnovationScheme.format(localSum)) 超过满分 "
                            + "\(InnovationScheme.format(fullScore))"))
                    continue
                }
                guard baseSum > 0 else { continue }
                let factor = remaining / baseSum
                for index in baseIndicators.indices where baseIndicators[index].group.countsTowardFullScore {
                    if let weight = baseIndicators[index].weights[stage] {
                        baseIndicators[index].weights[stage] = weight * factor
                    }
                }
            }
        }
        var derived = baseScheme
        derived.id = id
        derived.version = version
        derived.name = name
        derived.effectiveFrom = effectiveFrom
        derived.isDefault = false
        derived.basedOn = base
        derived.indicators = baseIndicators + localIndicators
        if let tiers { derived.tiers = tiers }
        problems += derived.validate()
        guard problems.isEmpty else { throw .invalid(problems) }
        return derived
    }

    private static func fullScoreSum(_ indicators: [Indicator], _ stage: DevelopmentStage) -> Double {
        indicators.filter { $0.group.countsTowardFullScore }.reduce(0.0) { $0 + $1.weight(in: stage) }
    }
}
