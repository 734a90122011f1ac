/// Which 专精特新 main-product field class an enterprise's product belongs to (专业化 indicator).
public enum SpecializedFieldClass: String, Sendable, Hashable, Codable, CaseIterable {
    /// 在产业链供应链关键环节及关键领域“补短板”“锻长板”“填空白”取得实际成效.
    case keyLink
    /// 属于工业“六基”领域、中华老字号名录或企业主导产品服务关键产业链重点龙头企业（链主配套）.
    case foundation
    /// 不属于以上情况.
    case other

    public var label: String {
        switch self {
        case .keyLink: "补短板、锻长板、填空白"
        case .foundation: "工业六基、中华老字号或链主配套"
        case .other: "其他"
        }
    }
}

/// The 13 scored indicators of 专精特新中小企业 (RULES.md §8, version 2022), with their bands.
public struct SpecializedSMEIndicators: Sendable, Hashable, Codable {
    // 专业化
    public var mainBusinessShare: BandTable
    public var mainRevenueGrowth: BandTable
    /// Years in the niche: `nichePointsPerStep` per full `nicheYearsPerStep` years, at most `nicheMax`.
    public var nicheYearsPerStep: Double
    public var nichePointsPerStep: Double
    public var nicheMax: Double
    public var fieldKeyLink: Double
    public var fieldFoundation: Double
    // 精细化
    /// Points by 数字化水平 level 1…4.
    public var digitalLevelPoints: [Double]
    public var qualityPointsPerItem: Double
    public var qualityMax: Double
    public var netMargin: BandTable
    public var debtRatio: BandTable
    /// 特色化 total.
    public var featureMax: Double
    // 创新能力
    public var ip: IPLadder
    /// R&D: the better of the amount (万元) and the ratio to revenue.
    public var rdAmount: BandTable
    public var rdRatio: BandTable
    public var rdStaffShare: BandTable
    /// Points by R&D institution level: none, below municipal (区县级等), municipal, provincial, national.
    public var institutionPoints: [Double]

    /// The 2022 tables (工信部企业〔2022〕63号附件2).
    public static let v2022 = SpecializedSMEIndicators(
        mainBusinessShare: BandTable([
            PointBand(0.80, points: 5, label: "≥80%"), PointBand(0.70, points: 3, label: "70%–80%"),
            PointBand(0.60, points: 1, label: "60%–70%"), PointBand(0, points: 0, label: "<60%"),
        ]),
        mainRevenueGrowth: BandTable([
            PointBand(0.10, points: 10, label: "≥10%"), PointBand(0.08, points: 8, label: "8%–10%"),
            PointBand(0.06, points: 6, label: "6%–8%"), PointBand(0.04, points: 4, label: "4%–6%"),
            PointBand(0, points: 2, label: "0–4%"), PointBand(0, points: 0, label: "<0"),
        ]),
        nicheYearsPerStep: 2, nichePointsPerStep: 1, nicheMax: 5,
        fieldKeyLink: 5, fieldFoundation: 3,
        digitalLevelPoints: [0, 3, 5, 5],
        qualityPointsPerItem: 3, qualityMax: 5,
        netMargin: BandTable([
            PointBand(0.10, points: 10, label: "≥10%"), PointBand(0.08, points: 8, label: "8%–10%"),
            PointBand(0.06, points: 6, label: "6%–8%"), PointBand(0.04, points: 4, label: "4%–6%"),
            PointBand(0.02, points: 2, label: "2%–4%"), PointBand(0, points: 0, label: "<2%"),
        ]),
        debtRatio: BandTable([
            PointBand(0.50, points: 5, label: "≤50%"), PointBand(0.60, points: 3, label: "50%–60%"),
            PointBand(0.70, points: 1, label: "60%–70%"), PointBand(0, points: 0, label: ">70%"),
        ], direction: .lowerIsBetter),
        featureMax: 15,
        ip: IPLadder([
            IPStep(.classOneHighValue, atLeast: 1, points: 10, label: "Ⅰ类高价值知识产权"),
            IPStep(.classOneSelfDeveloped, atLeast: 1, points: 8, label: "自主研发Ⅰ类知识产权"),
            IPStep(.classOne, atLeast: 1, points: 6, label: "Ⅰ类知识产权"),
            IPStep(.classTwo, atLeast: 1, points: 2, label: "Ⅱ类知识产权"),
        ], noneLabel: "无"),
        rdAmount: BandTable([
            PointBand(500, points: 10, label: "研发费用≥500万元"), PointBand(400, points: 8, label: "400–500万元"),
            PointBand(300, points: 6, label: "300–400万元"), PointBand(200, points: 4, label: "200–300万元"),
            PointBand(100, points: 2, label: "100–200万元"), PointBand(0, points: 0, label: "<100万元"),
        ]),
        rdRatio: BandTable([
            PointBand(0.10, points: 10, label: "研发费用占比≥10%"), PointBand(0.08, points: 8, label: "8%–10%"),
            PointBand(0.06, points: 6, label: "6%–8%"), PointBand(0.04, points: 4, label: "4%–6%"),
            PointBand(0.03, points: 2, label: "3%–4%"), PointBand(0, points: 0, label: "<3%"),
        ]),
        rdStaffShare: BandTable([
            PointBand(0.20, points: 5, label: "≥20%"), PointBand(0.10, points: 3, label: "10%–20%"),
            PointBand(0.05, points: 1, label: "5%–10%"), PointBand(0, points: 0, label: "<5%"),
        ]),
        institutionPoints: [0, 2, 4, 8, 10])

    /// The most the 13 indicators give.
    public var maximum: Double {
        mainBusinessShare.maximum + mainRevenueGrowth.maximum + nicheMax + max(fieldKeyLink, fieldFoundation)
            + (digitalLevelPoints.max() ?? 0) + qualityMax + netMargin.maximum + debtRatio.maximum + featureMax
            + ip.maximum + max(rdAmount.maximum, rdRatio.maximum) + rdStaffShare.maximum
            + (institutionPoints.max() ?? 0)
    }
}
