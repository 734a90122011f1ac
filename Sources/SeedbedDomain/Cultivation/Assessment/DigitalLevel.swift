/// The level bands of RULES.md §9: 一级 20–40 · 二级 40–60 · 三级 60–80 · 四级 ≥ 80 points. A score exactly on a
/// boundary falls in the higher band (40 is 二级). Below 20 no level is reached: `level(score:)` is nil and the
/// pages say 未达一级; the 专精特新 数字化水平 indicator then reads the enterprise as having no level.
public enum DigitalLevel {
    /// The lower bound of 一级, 二级, 三级, 四级.
    public static let thresholds: [Double] = [20, 40, 60, 80]

    /// The level (1–4) of a total score, or nil below 20. The score is rounded to 0.01 first, so 79.999999 from
    /// scaling reads as the 80 it is.
    public static func level(score: Double) -> Int? {
        let rounded = (score * 100).rounded() / 100
        guard rounded.isFinite else { return nil }
        var level: Int?
        for (index, threshold) in thresholds.enumerated() where rounded >= threshold { level = index + 1 }
        return level
    }

    /// 一级 … 四级, or 未达一级.
    public static func label(_ level: Int?) -> String {
        switch level {
        case 1: "一级"
        case 2: "二级"
        case 3: "三级"
        case 4: "四级"
        default: "未达一级"
        }
    }
}
