/// The basic conditions of one version of 专精特新中小企业. Conditions a version does not have are nil or false.
public struct SpecializedSMEConditions: Sendable, Hashable, Codable {
    /// Years in a niche market (不少于).
    public var nicheYears: Double
    /// R&D amount (万元) and ratio (fraction), in each of the last `rdYears` years.
    public var rdAmount: Double
    public var rdRatio: Double
    public var rdYears: Int
    /// Revenue (万元) — or new equity (万元) over `equityYears` years instead.
    public var revenue: Double
    public var equityAlternative: Double
    public var equityYears: Int
    /// 2026: main-business share (fraction), debt ratio ceiling (fraction).
    public var mainBusinessShare: Double?
    public var maxDebtRatio: Double?
    /// 2026: holds 科技和创新型中小企业; Ⅰ类 IP with economic benefit (waived by a provincial top-3 award or a
    /// provincial R&D institution); market share 较为靠前.
    public var requiresInnovativeTitle: Bool
    public var requiresBeneficialIP: Bool
    public var requiresLeadingMarketShare: Bool
    /// Score line.
    public var passLine: Double
    /// 2022 direct conditions: 2-year average R&D (万元) and 2-year new equity (万元); nil when the version has
    /// no direct conditions.
    public var directAverageRD: Double?
    public var directEquity: Double?
}

/// A version of 专精特新中小企业: its conditions and the scored indicators.
public struct SpecializedSMERules: Sendable, Hashable, Codable {
    public var version: RuleVersion
    public var conditions: SpecializedSMEConditions
    public var indicators: SpecializedSMEIndicators

    /// 2022 (工信部企业〔2022〕63号附件2), until 2026-03-31.
    public static let v2022 = SpecializedSMERules(
        version: RuleVersion(id: "specialized_sme_2022", title: "专精特新 2022（工信部企业〔2022〕63号附件2）",
                             effectiveFrom: RuleVersion.day(2022, 6, 1), effectiveUntil: RuleVersion.day(2026, 3, 31)),
        conditions: SpecializedSMEConditions(
            nicheYears: 2, rdAmount: 100, rdRatio: 0.03, rdYears: 1, revenue: 1000, equityAlternative: 2000,
            equityYears: 2, mainBusinessShare: nil, maxDebtRatio: nil, requiresInnovativeTitle: false,
            requiresBeneficialIP: false, requiresLeadingMarketShare: false, passLine: 60, directAverageRD: 1000,
            directEquity: 6000),
        indicators: .v2022)

    /// 2026 (《优质中小企业梯度培育管理办法》, 工信部企业〔2026〕2号), from 2026-04-01. Thresholds not yet checked
    /// against the official text: the configurable default ("默认方案，可配置"); the platform evaluation score
    /// uses the 2022 indicator tables until the new ones are published.
    public static let v2026 = SpecializedSMERules(
        version: RuleVersion(id: "specialized_sme_2026",
                             title: "专精特新 2026（《优质中小企业梯度培育管理办法》工信部企业〔2026〕2号）",
                             effectiveFrom: RuleVersion.day(2026, 4, 1), confirmed: false),
        conditions: SpecializedSMEConditions(
            nicheYears: 3, rdAmount: 100, rdRatio: 0.03, rdYears: 2, revenue: 1500, equityAlternative: 2000,
            equityYears: 2, mainBusinessShare: 0.80, maxDebtRatio: 0.80, requiresInnovativeTitle: true,
            requiresBeneficialIP: true, requiresLeadingMarketShare: true, passLine: 50, directAverageRD: nil,
            directEquity: nil),
        indicators: .v2022)

    /// Every shipped version.
    public static let versions: [SpecializedSMERules] = [.v2022, .v2026]

    /// The version in force on `date` (2026-04-01 switches from 2022 to 2026).
    public static func inForce(on date: LocalDate, among versions: [SpecializedSMERules] = versions)
        throws(RuleError) -> SpecializedSMERules
    {
        try RuleVersion.select(versions, on: date, rule: "专精特新中小企业", version: \.version)
    }
}
