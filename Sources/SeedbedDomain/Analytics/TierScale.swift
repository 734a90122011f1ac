/// 企业评价: how the overview groups scored enterprises into tiers.
///
/// Where a scoring run has been published, the tiers are that scheme's lists (领跑榜, 竞跑榜, 进取榜 …) and 未上榜
/// for scored enterprises on none of them, so the overview says what the published ranking says. Before any run
/// is published (or for a deployment that prefers it) the tiers are score bands with configurable lower bounds.
/// Unscored enterprises have no tier: the overview shows them as 未评分.
public struct TierScale: Sendable, Hashable {
    /// Tier labels; a slot's tier code is an index into this array.
    public let labels: [String]
    /// What the tiers follow, for the note under the chart.
    public let basis: String
    /// Lower bounds of the bands, highest first; empty for list tiers.
    public let thresholds: [Float]

    /// The code of unscored enterprises in the snapshot's `tiers` column.
    public static let unscored: UInt8 = 255
    /// The label of unscored enterprises.
    public static let unscoredLabel = "未评分"

    /// Bands `≥ t₀`, `t₁–t₀`, …, `< tₙ` from lower bounds given highest first. Bounds that are not finite,
    /// not in 0…10,000, not strictly descending, or more than 8, fall back to the standard bands.
    public static func bands(_ thresholds: [Double]) -> TierScale {
        let bounds = areValidBands(thresholds) ? thresholds : standardBands
        var labels = [NumberText.points(bounds[0]) + " 分及以上"]
        for index in 1..<bounds.count {
            labels.append(NumberText.points(bounds[index]) + "–" + NumberText.points(bounds[index - 1]) + " 分")
        }
        labels.append(NumberText.points(bounds[bounds.count - 1]) + " 分以下")
        return TierScale(labels: labels, basis: "按积分分段（平台默认方案，可配置）", thresholds: bounds.map { Float($0) })
    }

    /// Whether lower bounds can make bands: 1–8 of them, finite, in 0…10,000, strictly descending.
    public static func areValidBands(_ thresholds: [Double]) -> Bool {
        !thresholds.isEmpty && thresholds.count <= 8
            && thresholds.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 10_000 }
            && zip(thresholds, thresholds.dropFirst()).allSatisfy { $0 > $1 }
    }

    /// 85 / 70 / 50: the line of 70 is the absolute line of the default scheme (RULES.md §6).
    public static let standardBands: [Double] = [85, 70, 50]
    public static let standard = bands(standardBands)

    /// The lists of a published scheme, best first, and 未上榜 after them.
    public static func lists(_ names: [String], schemeName: String) -> TierScale {
        let cleaned = names.prefix(16).map { $0.isEmpty ? "榜单" : $0 }
        return TierScale(labels: cleaned + ["未上榜"], basis: "按已发布积分方案「\(schemeName)」的榜单", thresholds: [])
    }

    public var usesBands: Bool { !thresholds.isEmpty }

    /// The tier of a score under bands; `unscored` for NaN.
    public func tier(score: Float) -> UInt8 {
        guard score.isFinite else { return Self.unscored }
        guard usesBands else { return UInt8(clamping: labels.count - 1) }
        for (index, bound) in thresholds.enumerated() where score >= bound { return UInt8(index) }
        return UInt8(clamping: thresholds.count)
    }

    /// The tier of a published result by its list index (−1 or out of range: 未上榜).
    public func tier(listIndex: Int) -> UInt8 {
        guard !usesBands else { return UInt8(clamping: labels.count - 1) }
        if listIndex >= 0 && listIndex < labels.count - 1 { return UInt8(listIndex) }
        return UInt8(clamping: labels.count - 1)
    }

    /// The label of a tier code, 未评分 for anything else.
    public func label(of tier: UInt8) -> String {
        Int(tier) < labels.count ? labels[Int(tier)] : Self.unscoredLabel
    }
}
