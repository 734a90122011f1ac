import Foundation

/// The tabs of 科技创新券申领统计表 (seed 004 §4.2): by voucher type, enterprise size, industry category, high-tech field.
public enum VoucherStatisticsTab: String, Sendable, CaseIterable, Hashable {
    case type, size, industry, field

    public var label: String {
        switch self {
        case .type: "按券种"
        case .size: "按企业规模"
        case .industry: "按产业类型"
        case .field: "按高新技术领域"
        }
    }

    var groupHeader: String {
        switch self {
        case .type: "券种"
        case .size: "企业规模"
        case .industry: "产业类型"
        case .field: "高新技术领域"
        }
    }
}

/// One voucher as the statistics count it, with its enterprise's classes.
public struct VoucherFact: Sendable, Equatable {
    public let enterpriseID: Int
    public let type: VoucherType
    public let claimed: VoucherAmount
    public let redeemed: VoucherAmount
    /// nil: 无法判断 (no report with employees and revenue).
    public let size: EnterpriseSize?
    /// nil: industry not filled.
    public let category: IndustryCategory?
    /// nil: field not filled.
    public let field: TechField?

    public init(enterpriseID: Int, type: VoucherType, claimed: VoucherAmount, redeemed: VoucherAmount,
                size: EnterpriseSize?, category: IndustryCategory?, field: TechField?) {
        self.enterpriseID = enterpriseID
        self.type = type
        self.claimed = claimed
        self.redeemed = redeemed
        self.size = size
        self.category = category
        self.field = field
    }
}

/// One row of the claim statistics: distinct enterprises, vouchers, the exact sums and the redemption rate.
public struct VoucherStatisticsRow: Sendable, Equatable {
    public let label: String
    public let enterprises: Int
    public let vouchers: Int
    public let claimed: VoucherAmount
    public let redeemed: VoucherAmount

    /// 兑付率: redeemed ÷ claimed as a percentage with two decimals (exact decimal arithmetic, half up); "—" when
    /// nothing was claimed.
    public var rate: String {
        guard claimed.fen > 0 else { return "—" }
        var ratio = Decimal(redeemed.fen) * 100 / Decimal(claimed.fen)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &ratio, 2, .plain)
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.minimumFractionDigits = 2
        formatter.maximumFractionDigits = 2
        formatter.minimumIntegerDigits = 1
        return (formatter.string(from: rounded as NSDecimalNumber) ?? "0.00") + "%"
    }
}

/// 科技创新券申领统计表 for one tab and year: a row per class (all classes, zeros included) and the 合计 row, whose
/// enterprise count is of distinct enterprises (an enterprise with vouchers of two types counts once).
public struct VoucherStatisticsTable: Sendable, Equatable {
    public let tab: VoucherStatisticsTab
    public let year: Int
    public let rows: [VoucherStatisticsRow]
    public let total: VoucherStatisticsRow

    public var title: String { "科技创新券申领统计表（\(year)年·\(tab.label)）" }

    public static let headers = ["申领企业数（家）", "申领张数（张）", "申领金额（元）", "兑付金额（元）", "兑付率"]
    public var headers: [String] { [tab.groupHeader] + Self.headers }

    public var notes: [String] {
        var notes = ["统计申领年度为所选年度的创新券（含已作废、已过期的）；金额单位为元，按分精确合计；兑付率为兑付金额 ÷ 申领金额。",
                     "合计行的申领企业数按企业去重：同一企业申领多种券只计一次。"]
        switch tab {
        case .type: break
        case .size: notes.append("企业规模：按企业所选年度（没有则为之前最近年度）年报的从业人员和营业收入，以工业企业口径推算；缺少其一为“无法判断”。")
        case .industry: notes.append("产业类型：按企业所属行业（国民经济行业门类）归入三次产业。")
        case .field: notes.append("高新技术领域：按企业填报的技术领域。")
        }
        return notes + ["统计范围：您的数据权限内的企业，按企业当前所在区县、园区归类。"]
    }

    public init(tab: VoucherStatisticsTab, year: Int, facts: [VoucherFact]) {
        self.tab = tab
        self.year = year
        let groups: [(label: String, matches: (VoucherFact) -> Bool)]
        switch tab {
        case .type:
            groups = VoucherType.allCases.map { type in (type.label, { $0.type == type }) }
        case .size:
            groups = EnterpriseSize.allCases.map { size in (size.label + "企业", { $0.size == size }) }
                + [("无法判断", { $0.size == nil })]
        case .industry:
            groups = IndustryCategory.allCases.map { category in (category.label, { $0.category == category }) }
                + [("行业未填", { $0.category == nil })]
        case .field:
            groups = TechField.allCases.map { field in (field.label, { $0.field == field }) }
                + [("领域未填", { $0.field == nil })]
        }
        rows = groups.map { Self.row($0.label, facts.filter($0.matches)) }
        total = Self.row("合计", facts)
    }

    static func row(_ label: String, _ facts: [VoucherFact]) -> VoucherStatisticsRow {
        VoucherStatisticsRow(label: label, enterprises: Set(facts.map(\.enterpriseID)).count, vouchers: facts.count,
                             claimed: facts.reduce(.zero) { $0 + $1.claimed },
                             redeemed: facts.reduce(.zero) { $0 + $1.redeemed })
    }
}
