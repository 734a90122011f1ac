/// 企业规模 as the statistics count it, estimated from a year's report with the industrial thresholds of
/// 《统计上大中小微型企业划分办法（2017）》: 大型 从业人员 ≥ 1000 且营业收入 ≥ 4 亿元; 中型 ≥ 300 人且 ≥ 2000 万元;
/// 小型 ≥ 20 人且 ≥ 300 万元; 微型 below. The annual report asks the enterprise's own answer too, but it is not
/// projected as a fact, so the statistics use one rule for everyone (the page says so).
public enum EnterpriseSize: Int, Sendable, CaseIterable {
    case large = 0, medium, small, micro

    public var label: String {
        switch self {
        case .large: "大型"
        case .medium: "中型"
        case .small: "小型"
        case .micro: "微型"
        }
    }

    /// nil when either number is missing.
    public static func classify(employees: Double, revenue: Double) -> EnterpriseSize? {
        guard employees.isFinite, revenue.isFinite else { return nil }
        if employees >= 1000 && revenue >= 40_000 { return .large }
        if employees >= 300 && revenue >= 2_000 { return .medium }
        if employees >= 20 && revenue >= 300 { return .small }
        return .micro
    }
}

/// 产业类别 (三次产业划分规定): 第一产业 A, 第二产业 B–E, 第三产业 the rest.
public enum IndustryCategory: Int, Sendable, CaseIterable {
    case primary = 0, secondary, tertiary

    public var label: String {
        switch self {
        case .primary: "第一产业"
        case .secondary: "第二产业"
        case .tertiary: "第三产业"
        }
    }

    /// The category of a section index in `IndustrySection.all`; nil for unknown.
    public static func of(sectionIndex: UInt8) -> IndustryCategory? {
        guard Int(sectionIndex) < IndustrySection.all.count else { return nil }
        switch IndustrySection.all[Int(sectionIndex)].letter {
        case "A": return .primary
        case "B", "C", "D", "E": return .secondary
        default: return .tertiary
        }
    }

    /// 规模以上工业: mining, manufacturing and utilities (B, C, D) with main-business revenue ≥ 2000 万元.
    public static func isAboveScaleIndustrial(sectionIndex: UInt8, mainRevenue: Double) -> Bool {
        guard Int(sectionIndex) < IndustrySection.all.count, mainRevenue.isFinite, mainRevenue >= 2_000 else { return false }
        return ["B", "C", "D"].contains(IndustrySection.all[Int(sectionIndex)].letter)
    }
}

/// The kind of a zone as the city overview (全市概况图) groups them: 两江新区 (a national new area), national
/// high-tech and economic-technological zones, municipal high-tech zones. Organisations carry no such attribute,
/// so the kind is read from the official name, which always says it.
public enum ZoneType: Int, Sendable, CaseIterable {
    case newArea = 0, national, municipal, other

    public var label: String {
        switch self {
        case .newArea: "两江新区等国家级新区"
        case .national: "国家级高新区和经开区"
        case .municipal: "市级高新区"
        case .other: "其他园区"
        }
    }

    public static func classify(name: String) -> ZoneType {
        if name.contains("新区") { return .newArea }
        if name.contains("市级") { return .municipal }
        if name.contains("高新") || name.contains("新技术") || name.contains("经济技术开发区") || name.contains("经开区") {
            return .national
        }
        return .other
    }
}
