/// The score of 科技型中小企业评价 (RULES.md §11, 国科发政〔2017〕115号). Data: a version differing only in numbers is
/// another value of this type. The basic conditions and the pass line are parameters of the 国家科技型中小企业后备库
/// library, so a query can adjust them.
public struct TechSMERules: Sendable, Hashable, Codable {
    public var version: RuleVersion
    /// 科技人员指标 (20) by the S&T-staff share (fraction); the basic condition asks this line to score above 0.
    public var staffShare: BandTable
    /// 研发投入指标 (50): the better of R&D / sales and R&D / total cost (fractions).
    public var rdToSales: BandTable
    public var rdToCost: BandTable
    /// 科技成果指标 (30).
    public var ip: IPLadder
    /// Years the direct confirmations look back (awards, standards).
    public var directYears: Int

    /// 国科发政〔2017〕115号, in force from 2017-05-03.
    public static let v2017 = TechSMERules(
        version: RuleVersion(id: "tech_sme_2017", title: "科技型中小企业评价（国科发政〔2017〕115号）",
                             effectiveFrom: RuleVersion.day(2017, 5, 3)),
        staffShare: BandTable([
            PointBand(0.30, points: 20, label: "≥30%"),
            PointBand(0.25, points: 16, label: "25%–30%"),
            PointBand(0.20, points: 12, label: "20%–25%"),
            PointBand(0.15, points: 8, label: "15%–20%"),
            PointBand(0.10, points: 4, label: "10%–15%"),
            PointBand(0, points: 0, label: "<10%"),
        ]),
        rdToSales: BandTable([
            PointBand(0.06, points: 50, label: "研发费用占销售收入≥6%"),
            PointBand(0.05, points: 40, label: "研发费用占销售收入5%–6%"),
            PointBand(0.04, points: 30, label: "研发费用占销售收入4%–5%"),
            PointBand(0.03, points: 20, label: "研发费用占销售收入3%–4%"),
            PointBand(0.02, points: 10, label: "研发费用占销售收入2%–3%"),
            PointBand(0, points: 0, label: "研发费用占销售收入<2%"),
        ]),
        rdToCost: BandTable([
            PointBand(0.30, points: 50, label: "研发费用占成本费用≥30%"),
            PointBand(0.25, points: 40, label: "研发费用占成本费用25%–30%"),
            PointBand(0.20, points: 30, label: "研发费用占成本费用20%–25%"),
            PointBand(0.15, points: 20, label: "研发费用占成本费用15%–20%"),
            PointBand(0.10, points: 10, label: "研发费用占成本费用10%–15%"),
            PointBand(0, points: 0, label: "研发费用占成本费用<10%"),
        ]),
        ip: IPLadder([
            IPStep(.classOne, atLeast: 1, points: 30, label: "Ⅰ类≥1项"),
            IPStep(.classTwo, atLeast: 4, points: 24, label: "Ⅱ类≥4项"),
            IPStep(.classTwo, atLeast: 3, points: 18, label: "Ⅱ类3项"),
            IPStep(.classTwo, atLeast: 2, points: 12, label: "Ⅱ类2项"),
            IPStep(.classTwo, atLeast: 1, points: 6, label: "Ⅱ类1项"),
        ], noneLabel: "无知识产权"),
        directYears: 5)

    /// Every shipped version.
    public static let versions: [TechSMERules] = [.v2017]

    /// The version in force on `date`.
    public static func inForce(on date: LocalDate, among versions: [TechSMERules] = versions)
        throws(RuleError) -> TechSMERules
    {
        try RuleVersion.select(versions, on: date, rule: "科技型中小企业评价", version: \.version)
    }
}
