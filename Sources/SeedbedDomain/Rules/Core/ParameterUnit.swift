/// The unit of a condition and of its parameters, as people read and type them.
///
/// Percent parameters are typed as percentages (10 means 10 %) while facts hold fractions; a condition in
/// percent compares its measure × 100, and its gap is in percentage points.
public enum ParameterUnit: Sendable, Hashable, Codable {
    case percent
    /// 万元.
    case wanYuan
    /// A count, with its measure word (人, 项, 件 …).
    case count(String)
    case years
    case points
    /// Yes or no (1 / 0).
    case flag
    /// One of several options; the value is the option's index.
    case choice([String])

    /// Written after a value: "%", "万元", "人", "年", "分".
    public var symbol: String {
        switch self {
        case .percent: "%"
        case .wanYuan: "万元"
        case .count(let word): word
        case .years: "年"
        case .points: "分"
        case .flag, .choice: ""
        }
    }

    /// Written after a gap: percentage points for percentages.
    public var gapSymbol: String {
        switch self {
        case .percent: "个百分点"
        default: symbol
        }
    }

    /// What the measure (in fact units) is multiplied by to read in this unit.
    var scale: Double {
        if case .percent = self { return 100 }
        return 1
    }

    /// A value as text with its unit, e.g. "8.5%", "3000万元", "是".
    func text(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        switch self {
        case .flag:
            return value >= 0.5 ? "是" : "否"
        case .choice(let options):
            let rounded = value.rounded()
            return rounded >= 0 && rounded < Double(options.count) ? options[Int(rounded)] : NumberText.plain(value)
        default:
            return NumberText.plain(value) + symbol
        }
    }
}
