/// The numbers of 创新型中小企业评价 (RULES.md §7, 工信部企业〔2022〕63号附件1). Data: a version differing only in
/// numbers is another value of this type.
public struct InnovativeSMERules: Sendable, Hashable, Codable {
    public var version: RuleVersion
    public var passLine: Double
    /// Group minimums: 创新能力, 成长性, 专业化.
    public var innovationMinimum: Double
    public var growthMinimum: Double
    public var specializationMinimum: Double
    /// 与企业主导产品相关的有效知识产权.
    public var ip: IPLadder
    /// 研发费用占营业收入比重 (fraction).
    public var rdRatio: BandTable
    /// 主营业务收入增长率 (fraction).
    public var mainRevenueGrowth: BandTable
    /// 资产负债率 (fraction, lower is better).
    public var debtRatio: BandTable
    /// 主导产品属于《战略性新兴产业分类》: yes / no points.
    public var strategicYes: Double
    public var strategicNo: Double
    /// 主营业务收入占营业收入比重 (fraction).
    public var mainBusinessShare: BandTable
    /// Direct conditions: years looked back for awards and equity, and the equity threshold (万元).
    public var directYears: Int
    public var directEquity: Double

    /// 工信部企业〔2022〕63号附件1, in force from 2022-06-01 (still used after 2026-04-01 until a merged standard).
    public static let v2022 = InnovativeSMERules(
        version: RuleVersion(id: "innovative_sme_2022", title: "创新型中小企业（工信部企业〔2022〕63号附件1）",
                             effectiveFrom: RuleVersion.day(2022, 6, 1)),
        passLine: 60, innovationMinimum: 20, growthMinimum: 15, specializationMinimum: 15,
        ip: IPLadder([
            IPStep(.classOneHighValue, atLeast: 1, points: 20, label: "Ⅰ类高价值知识产权≥1项"),
            IPStep(.classOneSelfDeveloped, atLeast: 1, points: 15, label: "自主研发Ⅰ类知识产权≥1项"),
            IPStep(.classOne, atLeast: 1, points: 10, label: "Ⅰ类知识产权≥1项"),
            IPStep(.classTwo, atLeast: 1, points: 5, label: "Ⅱ类知识产权≥1项"),
        ], noneLabel: "无"),
        rdRatio: BandTable([
            PointBand(0.05, points: 20, label: "≥5%"),
            PointBand(0.03, points: 15, label: "3%–5%"),
            PointBand(0.02, points: 10, label: "2%–3%"),
            PointBand(0.01, points: 5, label: "1%–2%"),
            PointBand(0, points: 0, label: "<1%"),
        ]),
        mainRevenueGrowth: BandTable([
            PointBand(0.15, points: 20, label: "≥15%"),
            PointBand(0.10, points: 15, label: "10%–15%"),
            PointBand(0.05, points: 10, label: "5%–10%"),
            PointBand(0, points: 5, label: "0–5%"),
            PointBand(0, points: 0, label: "<0"),
        ]),
        debtRatio: BandTable([
            PointBand(0.55, points: 10, label: "≤55%"),
            PointBand(0.75, points: 5, label: "55%–75%"),
            PointBand(0, points: 0, label: ">75%"),
        ], direction: .lowerIsBetter),
        strategicYes: 10, strategicNo: 5,
        mainBusinessShare: BandTable([
            PointBand(0.70, points: 20, label: "≥70%"),
            PointBand(0.60, points: 15, label: "60%–70%"),
            PointBand(0.55, points: 10, label: "55%–60%"),
            PointBand(0.50, points: 5, label: "50%–55%"),
            PointBand(0, points: 0, label: "<50%"),
        ]),
        directYears: 3, directEquity: 500)

    /// Every shipped version.
    public static let versions: [InnovativeSMERules] = [.v2022]

    /// The version in force on `date`.
    public static func inForce(on date: LocalDate, among versions: [InnovativeSMERules] = versions)
        throws(RuleError) -> InnovativeSMERules
    {
        try RuleVersion.select(versions, on: date, rule: "创新型中小企业评价", version: \.version)
    }
}
