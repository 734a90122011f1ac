import Foundation

/// A 知识价值信用评级 scheme (RULES.md §12, Chongqing): versioned data like `InnovationScheme`, stored with every
/// rating it produced. Base indicators (知识产权, 研发投入) carry weights that add up to the scheme's base score;
/// bonus indicators (科技人才, 创新产品, 创新企业) add points on top, up to `bonusCap`. Every indicator turns one fact
/// into a method value (0…1) with the innovation-points `ScoringMethod` (bands, count with cap, yes/no) and scores
/// `method value × weight`. The total decides the grade by the scheme's cut-offs, each grade with its recommended
/// credit line.
///
/// Arithmetic is in hundredths of a point (`Int`): each indicator's points are rounded to 0.01 once and the total is
/// their exact sum, so an explanation always adds up to the total and a total on a cut-off is on it, not 0.000001
/// below.
public struct CreditRatingScheme: Hashable, Sendable, Codable {
    /// Stable id shared by all versions.
    public var id: String
    /// Version number, from 1; a rating names the version it was computed with.
    public var version: Int
    public var name: String
    /// First day the version applies, `yyyy-MM-dd`.
    public var effectiveFrom: String
    /// Shown wherever the scheme is (e.g. that the default's numbers are the platform's, not an official list).
    public var notice: String?
    public var indicators: [CreditIndicator]
    /// The most points the bonus indicators together may add, or nil for no cap.
    public var bonusCap: Double?
    /// Grade cut-offs from the best grade down; the last one is the floor every rated enterprise reaches.
    public var grades: [CreditGradeRule]

    public init(id: String, version: Int, name: String, effectiveFrom: String, notice: String? = nil,
                indicators: [CreditIndicator], bonusCap: Double?, grades: [CreditGradeRule])
    {
        self.id = id
        self.version = version
        self.name = name
        self.effectiveFrom = effectiveFrom
        self.notice = notice
        self.indicators = indicators
        self.bonusCap = bonusCap
        self.grades = grades
    }

    public var reference: SchemeReference { SchemeReference(id: id, version: version) }

    /// The full base score: the base indicators' weights added up.
    public var baseFullScore: Double {
        indicators.filter { $0.group == .base }.reduce(0) { $0 + $1.weight }
    }

    /// The filed facts a run must load: derived facts (Ⅰ类/Ⅱ类, 研发投入强度, 科技人员占比) replaced by their inputs.
    public var filedFactsNeeded: [FactID] {
        var needed: Set<FactID> = []
        for indicator in indicators {
            if let inputs = DerivedFacts.inputs(of: indicator.fact) {
                needed.formUnion(inputs.current)
            } else {
                needed.insert(indicator.fact)
            }
        }
        return needed.sorted()
    }

    /// What is wrong with the scheme, in Chinese; empty when it can rate.
    public func validate() -> [String] {
        var problems: [String] = []
        if indicators.isEmpty { problems.append("方案至少需要一个指标") }
        var seen: Set<String> = []
        for indicator in indicators {
            let label = "指标「\(indicator.name)」"
            if indicator.id.isEmpty || !seen.insert(indicator.id).inserted {
                problems.append("\(label)的编号为空或重复")
            }
            if !indicator.weight.isFinite || indicator.weight < 0 || indicator.weight > 1000 {
                problems.append("\(label)的权重须在 0 到 1000 之间")
            }
            switch indicator.method {
            case .percentile, .deduction:
                problems.append("\(label)只能用分段赋分、计数封顶或是否加分：信用评级按企业自身数据计分，不与他人比较")
            case .bands(let thresholds, let values):
                if thresholds.isEmpty || thresholds.count != values.count {
                    problems.append("\(label)的分段门槛与分值个数须相同且不为空")
                }
                if zip(thresholds, thresholds.dropFirst()).contains(where: { !($0 < $1) })
                    || thresholds.contains(where: { !$0.isFinite })
                {
                    problems.append("\(label)的分段门槛须从小到大排列")
                }
                if values.contains(where: { !$0.isFinite || $0 < 0 || $0 > 1 }) {
                    problems.append("\(label)的分段分值须在 0 到 1 之间")
                }
            case .countWithCap(let cap):
                if !cap.isFinite || cap <= 0 { problems.append("\(label)的封顶数须大于 0") }
            case .boolean:
                break
            }
        }
        if let bonusCap, !bonusCap.isFinite || bonusCap < 0 { problems.append("加分上限须为非负数") }
        if grades.map(\.grade) != CreditGrade.allCases {
            problems.append("等级须依次为 A、B、C、D、E 五级")
        }
        if zip(grades, grades.dropFirst()).contains(where: { !($0.minimumScore > $1.minimumScore) }) {
            problems.append("各等级的最低分须从高到低严格递减")
        }
        if grades.last.map({ $0.minimumScore != 0 }) ?? true { problems.append("最低一级（E）的最低分须为 0") }
        if grades.contains(where: { !$0.minimumScore.isFinite || $0.creditLine < 0 }) {
            problems.append("等级的最低分须为有限数，推荐授信额度不能为负")
        }
        return problems
    }
}

/// Whether an indicator belongs to the weighted base or adds bonus points.
public enum CreditIndicatorGroup: String, CaseIterable, Hashable, Sendable, Codable {
    /// 基础指标 (知识产权, 研发投入): weighted, their weights make up the base score.
    case base
    /// 加分指标 (科技人才, 创新产品, 创新企业): points on top, capped together.
    case bonus

    public var title: String {
        switch self {
        case .base: "基础指标"
        case .bonus: "加分指标"
        }
    }
}

/// The first-level dimension an indicator measures (RULES.md §12).
public enum CreditDimension: String, CaseIterable, Hashable, Sendable, Codable {
    case intellectualProperty = "ip"
    case rdInvestment = "rd"
    case talent
    case products
    case titles

    public var title: String {
        switch self {
        case .intellectualProperty: "知识产权"
        case .rdInvestment: "研发投入"
        case .talent: "科技人才"
        case .products: "创新产品"
        case .titles: "创新企业"
        }
    }
}

/// How a value of an indicator's fact reads.
public enum CreditValueUnit: String, Hashable, Sendable, Codable {
    /// 件, 人: a count.
    case count
    /// 万元
    case money
    /// A fraction shown as a percentage.
    case ratio
    /// 0/1 shown as 是/否.
    case flag

    /// The value as a person reads it.
    public func format(_ value: Double?, countUnit: String = "") -> String {
        guard let value, value.isFinite else { return "未填报" }
        switch self {
        case .count: return Self.number(value) + countUnit
        case .money: return Self.number(value) + " 万元"
        case .ratio: return String(format: "%.2f%%", value * 100)
        case .flag: return value > 0 ? "是" : "否"
        }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.2f", value)
    }
}

/// One indicator of a credit-rating scheme.
public struct CreditIndicator: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var group: CreditIndicatorGroup
    public var dimension: CreditDimension
    public var fact: FactID
    public var method: ScoringMethod
    /// Points at a method value of 1.
    public var weight: Double
    public var unit: CreditValueUnit
    /// 件, 人 … for counts.
    public var countUnit: String
    /// How the points are given, in Chinese (口径说明).
    public var note: String?

    public init(id: String, name: String, group: CreditIndicatorGroup, dimension: CreditDimension, fact: FactID,
                method: ScoringMethod, weight: Double, unit: CreditValueUnit, countUnit: String = "", note: String? = nil)
    {
        self.id = id
        self.name = name
        self.group = group
        self.dimension = dimension
        self.fact = fact
        self.method = method
        self.weight = weight
        self.unit = unit
        self.countUnit = countUnit
        self.note = note
    }
}

/// A credit grade, best first.
public enum CreditGrade: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    case a = "A", b = "B", c = "C", d = "D", e = "E"

    public var label: String { "\(rawValue) 级" }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    /// Better grades compare greater (A > E).
    public static func < (lhs: CreditGrade, rhs: CreditGrade) -> Bool { lhs.rank > rhs.rank }
}

/// One grade's cut-off and recommended credit line.
public struct CreditGradeRule: Hashable, Sendable, Codable {
    public var grade: CreditGrade
    /// The lowest total (inclusive) that reaches the grade.
    public var minimumScore: Double
    /// 推荐授信额度, 万元.
    public var creditLine: Int

    public init(grade: CreditGrade, minimumScore: Double, creditLine: Int) {
        self.grade = grade
        self.minimumScore = minimumScore
        self.creditLine = creditLine
    }

    /// The cut-off in hundredths of a point.
    var minimumCentis: Int { CreditPoints.centis(minimumScore) }
}

/// Hundredths of a point, the unit the rating adds in.
public enum CreditPoints {
    /// A point value in hundredths, rounded half away from zero and bounded so no input overflows.
    public static func centis(_ points: Double) -> Int {
        guard points.isFinite else { return 0 }
        return Int((min(max(points, -1e12), 1e12) * 100).rounded())
    }

    /// Hundredths as `12.50`.
    public static func text(_ centis: Int) -> String {
        let sign = centis < 0 ? "-" : ""
        let magnitude = centis.magnitude
        let fraction = magnitude % 100
        return sign + String(magnitude / 100) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
