/// What 专精特新 evaluation needs that facts do not hold; nil is "unknown".
public struct SpecializedSMEInputs: Sendable, Hashable {
    /// Years in a niche market (从事特定细分市场年限).
    public var yearsInNiche: Double?
    public var fieldClass: SpecializedFieldClass?
    /// 数字化水平 level 1–4 (the latest completed assessment).
    public var digitalLevel: Int?
    /// 质量管理 items held (certifications, awards …).
    public var qualityItems: Int?
    public var highValueClassOneIP: Bool?
    public var selfDevelopedClassOneIP: Bool?
    /// Has an R&D institution below municipal level (区县级或其他); facts count municipal and above only.
    public var lowerLevelInstitution: Bool?
    /// A provincial S&T award in the top 3 or a national one in the top 5, in the last 3 years.
    public var rankedAward: Bool?
    /// 创客中国 national top 500 in the last 3 years.
    public var makerChinaTop500: Bool?
    /// 特色化 points per indicator id of the province's scheme; an absent id is unknown.
    public var featurePoints: [String: Double]
    /// 2026: holds 科技和创新型中小企业.
    public var holdsInnovativeTitle: Bool?
    /// 2026: holds a Ⅰ类 IP with economic benefit.
    public var beneficialClassOneIP: Bool?
    /// 2026: market share 较为靠前 (from a market-share ranking).
    public var leadingMarketShare: Bool?

    public init(yearsInNiche: Double? = nil, fieldClass: SpecializedFieldClass? = nil, digitalLevel: Int? = nil,
                qualityItems: Int? = nil, highValueClassOneIP: Bool? = nil, selfDevelopedClassOneIP: Bool? = nil,
                lowerLevelInstitution: Bool? = nil, rankedAward: Bool? = nil, makerChinaTop500: Bool? = nil,
                featurePoints: [String: Double] = [:], holdsInnovativeTitle: Bool? = nil,
                beneficialClassOneIP: Bool? = nil, leadingMarketShare: Bool? = nil)
    {
        self.yearsInNiche = yearsInNiche
        self.fieldClass = fieldClass
        self.digitalLevel = digitalLevel
        self.qualityItems = qualityItems
        self.highValueClassOneIP = highValueClassOneIP
        self.selfDevelopedClassOneIP = selfDevelopedClassOneIP
        self.lowerLevelInstitution = lowerLevelInstitution
        self.rankedAward = rankedAward
        self.makerChinaTop500 = makerChinaTop500
        self.featurePoints = featurePoints
        self.holdsInnovativeTitle = holdsInnovativeTitle
        self.beneficialClassOneIP = beneficialClassOneIP
        self.leadingMarketShare = leadingMarketShare
    }

    /// Checks the inputs against the rule and the province's scheme, with Chinese messages.
    public func validate(features: ProvincialFeatureScheme) throws(RuleError) {
        if let years = yearsInNiche, !(years.isFinite && years >= 0 && years <= 200) {
            throw .invalidInput(field: "从事特定细分市场年限", reason: "应为 0 至 200 之间的数字")
        }
        if let level = digitalLevel, !(1...4).contains(level) {
            throw .invalidInput(field: "数字化水平", reason: "应为一级至四级（1–4）")
        }
        if let items = qualityItems, !(0...1000).contains(items) {
            throw .invalidInput(field: "质量管理", reason: "项数应为 0 至 1000")
        }
        let byID = Dictionary(features.indicators.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (id, points) in featurePoints.sorted(by: { $0.key < $1.key }) {
            guard let indicator = byID[id] else {
                throw .invalidInput(field: "特色化指标", reason: "“\(id)”不是本省设置的指标")
            }
            guard points.isFinite, points >= 0, points <= indicator.maxPoints else {
                throw .invalidInput(field: indicator.name,
                                    reason: "得分应在 0 至 \(NumberText.plain(indicator.maxPoints)) 分之间")
            }
        }
    }
}
