/// The numbers of the 高企 innovation-capacity assessment (RULES.md §10, 国科发火〔2016〕32号 and its 工作指引) as
/// a pre-screen reads them from facts. Data: a version differing only in numbers is another value of this type.
/// The pass line (71) and the other conditions are parameters of the 高企后备库 library.
public struct HightechPrescreenRules: Sendable, Hashable, Codable {
    public var version: RuleVersion
    /// 知识产权 — 数量 (≤ 8) by Ⅰ类 / Ⅱ类 counts.
    public var ipQuantity: IPLadder
    /// 知识产权 — 技术的先进程度, 对主要产品的核心支持作用, 获得方式: facts cannot show them.
    public var ipAdvancementMax: Double
    public var ipCoreSupportMax: Double
    public var ipObtainingMax: Double
    /// 知识产权 — 加分: standards led or joined in the last years (count bands).
    public var standardsBonus: BandTable
    /// 知识产权 total cap.
    public var ipCap: Double
    /// 成果转化 by the annual average number of conversions.
    public var conversions: BandTable
    /// 研究开发组织管理水平: facts cannot show it.
    public var organisationMax: Double
    /// 成长性: net-asset growth and sales growth, g = ½·(Y2/Y1 + Y3/Y2) − 1.
    public var netAssetGrowth: BandTable
    public var salesGrowth: BandTable
    /// Years looked back for conversions, standards and growth.
    public var historyYears: Int

    /// 国科发火〔2016〕32号, in force from 2016-01-01.
    public static let v2016 = HightechPrescreenRules(
        version: RuleVersion(id: "hightech_2016", title: "高新技术企业认定（国科发火〔2016〕32号）",
                             effectiveFrom: RuleVersion.day(2016, 1, 1)),
        ipQuantity: IPLadder([
            IPStep(.classOne, atLeast: 1, points: 7, upTo: 8, label: "Ⅰ类≥1项"),
            IPStep(.classTwo, atLeast: 5, points: 5, upTo: 6, label: "Ⅱ类≥5项"),
            IPStep(.classTwo, atLeast: 3, points: 3, upTo: 4, label: "Ⅱ类3–4项"),
            IPStep(.classTwo, atLeast: 1, points: 1, upTo: 2, label: "Ⅱ类1–2项"),
        ], noneLabel: "无知识产权"),
        ipAdvancementMax: 8, ipCoreSupportMax: 8, ipObtainingMax: 6,
        standardsBonus: BandTable([
            PointBand(1, points: 1, upTo: 2, label: "参与编制标准≥1项"),
            PointBand(0, points: 0, label: "无"),
        ]),
        ipCap: 30,
        conversions: BandTable([
            PointBand(5, points: 25, upTo: 30, label: "年均≥5项"),
            PointBand(4, points: 19, upTo: 24, label: "年均≥4项"),
            PointBand(3, points: 13, upTo: 18, label: "年均≥3项"),
            PointBand(2, points: 7, upTo: 12, label: "年均≥2项"),
            PointBand(1, points: 1, upTo: 6, label: "年均≥1项"),
            PointBand(0, points: 0, label: "年均不足1项"),
        ]),
        organisationMax: 20,
        netAssetGrowth: growthBands,
        salesGrowth: growthBands,
        historyYears: 3)

    static let growthBands = BandTable([
        PointBand(0.35, points: 9, upTo: 10, label: "≥35%"),
        PointBand(0.25, points: 7, upTo: 8, label: "≥25%"),
        PointBand(0.15, points: 5, upTo: 6, label: "≥15%"),
        PointBand(0.05, points: 3, upTo: 4, label: "≥5%"),
        PointBand(0, inclusive: false, points: 1, upTo: 2, label: ">0"),
        PointBand(0, points: 0, label: "≤0"),
    ])

    /// Every shipped version.
    public static let versions: [HightechPrescreenRules] = [.v2016]

    /// The version in force on `date`.
    public static func inForce(on date: LocalDate, among versions: [HightechPrescreenRules] = versions)
        throws(RuleError) -> HightechPrescreenRules
    {
        try RuleVersion.select(versions, on: date, rule: "高新技术企业认定", version: \.version)
    }
}
