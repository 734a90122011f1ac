import Foundation

/// The kind of a finance product of the 金融超市 (seed 000 §2.8). Stored as its raw value.
public enum FinanceProductType: String, Codable, Sendable, CaseIterable, Hashable {
    case credit
    case ipPledge = "ip_pledge"
    case techLoan = "tech_loan"
    case investLoan = "invest_loan"
    case guarantee
    case other

    public var label: String {
        switch self {
        case .credit: "信用贷"
        case .ipPledge: "知识产权质押贷"
        case .techLoan: "科技贷"
        case .investLoan: "投贷联动"
        case .guarantee: "担保贷"
        case .other: "其他"
        }
    }
}

/// Whether a product is offered (上架) or withdrawn (下架). Only 上架 products are shown and may be applied for.
public enum FinanceProductStatus: String, Codable, Sendable, CaseIterable, Hashable {
    case listed
    case unlisted

    public var label: String {
        switch self {
        case .listed: "上架"
        case .unlisted: "下架"
        }
    }
}

/// Where an enterprise's application for a finance product stands.
public enum FinanceApplicationState: String, Codable, Sendable, CaseIterable, Hashable {
    case submitted
    case accepted
    case disbursed
    case rejected

    public var label: String {
        switch self {
        case .submitted: "已提交"
        case .accepted: "已受理"
        case .disbursed: "已放款"
        case .rejected: "未通过"
        }
    }

    public var tone: String {
        switch self {
        case .submitted: "warning"
        case .accepted: "info"
        case .disbursed: "success"
        case .rejected: "danger"
        }
    }

    /// Whether no decision may follow.
    public var isFinal: Bool { self == .disbursed || self == .rejected }
}

/// What a bank does to an application: 受理, 放款 (with the amount lent) or 未通过 (with the reason).
public enum FinanceDecision: String, Codable, Sendable, CaseIterable, Hashable {
    case accept
    case disburse
    case reject

    public var label: String {
        switch self {
        case .accept: "受理"
        case .disburse: "放款"
        case .reject: "不予通过"
        }
    }

    /// The state the decision leaves the application in.
    public var target: FinanceApplicationState {
        switch self {
        case .accept: .accepted
        case .disburse: .disbursed
        case .reject: .rejected
        }
    }

    /// The states the decision may be taken from: 受理 only a submitted application, 放款 only an accepted one
    /// (never before 受理), 未通过 either of them.
    public var sources: Set<FinanceApplicationState> {
        switch self {
        case .accept: [.submitted]
        case .disburse: [.accepted]
        case .reject: [.submitted, .accepted]
        }
    }
}

/// A refused finance step, with the sentence the person reads.
public enum FinanceError: CodedError, Equatable {
    case notAllowed(FinanceDecision, from: FinanceApplicationState)
    case stale

    public var code: String {
        switch self {
        case .notAllowed: "finance.transition_not_allowed"
        case .stale: "finance.stale_decision"
        }
    }

    public var message: String {
        switch self {
        case .notAllowed(let decision, let state):
            switch (decision, state) {
            case (.disburse, .submitted): "申请尚未受理，不能放款"
            case (_, let state) where state.isFinal: "申请\(state.label)，不能再\(decision.label)"
            default: "申请当前为“\(state.label)”，不能\(decision.label)"
            }
        case .stale: "该申请已被他人处理，请刷新后查看最新状态"
        }
    }

    public var failure: FailureKind { .conflict }
}

/// The one state machine of finance applications.
public enum FinanceWorkflow {
    /// The state after `decision`, or the reason it is refused.
    public static func apply(_ decision: FinanceDecision, to state: FinanceApplicationState)
        -> Result<FinanceApplicationState, FinanceError>
    {
        decision.sources.contains(state) ? .success(decision.target) : .failure(.notAllowed(decision, from: state))
    }

    /// The decisions a bank may take on an application in `state`.
    public static func decisions(from state: FinanceApplicationState) -> [FinanceDecision] {
        FinanceDecision.allCases.filter { $0.sources.contains(state) }
    }
}

/// The conditions a product sets on who may apply: a minimum innovation score, a list (榜单) the enterprise must
/// be on or above (0 = the best list), and a region (a GB/T 2260 code prefix: "21" 辽宁省, "2102" 大连市).
public struct FinanceConditions: Sendable, Hashable {
    public var minimumScore: Double?
    public var maximumListIndex: Int?
    public var regionPrefix: String?

    public init(minimumScore: Double? = nil, maximumListIndex: Int? = nil, regionPrefix: String? = nil) {
        self.minimumScore = minimumScore
        self.maximumListIndex = maximumListIndex
        self.regionPrefix = regionPrefix
    }

    /// The enterprise's latest published score, as the conditions read it.
    public struct Standing: Sendable, Hashable {
        public var total: Double
        /// The list the enterprise is on, 0 = best; nil (or negative) when on none.
        public var listIndex: Int?

        public init(total: Double, listIndex: Int?) {
            self.total = total
            self.listIndex = listIndex
        }
    }

    /// Why an enterprise in `regionCode` with `standing` (nil: no published score) may not apply; empty when it
    /// may. `listNames` names the lists, best first, for the sentences.
    public func unmet(regionCode: String, standing: Standing?, listNames: [String]) -> [String] {
        var reasons: [String] = []
        if let prefix = regionPrefix, !prefix.isEmpty, !RegionCodes.code(regionCode, liesIn: prefix) {
            reasons.append("本产品仅面向指定地区的企业，贵企业所在地区不在服务范围内")
        }
        if minimumScore != nil || maximumListIndex != nil, standing == nil {
            reasons.append("本产品要求创新积分，贵企业尚无已发布的创新积分")
            return reasons
        }
        if let minimum = minimumScore, let standing, standing.total + 1e-9 < minimum {
            reasons.append("本产品要求创新积分不低于 \(Self.format(minimum)) 分，贵企业最新积分为 \(Self.format(standing.total)) 分")
        }
        if let maximum = maximumListIndex, let standing {
            let name = Self.listName(maximum, listNames)
            if let index = standing.listIndex, index >= 0 {
                if index > maximum {
                    reasons.append("本产品要求进入\(name)及以上，贵企业在\(Self.listName(index, listNames))")
                }
            } else {
                reasons.append("本产品要求进入\(name)及以上，贵企业未进入榜单")
            }
        }
        return reasons
    }

    public static func listName(_ index: Int, _ names: [String]) -> String {
        index >= 0 && index < names.count ? names[index] : "第 \(index + 1) 档榜单"
    }

    /// A score or a rate with at most two decimals and no trailing zeros.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// Parses and checks what a bank types into a product form: Chinese messages by field.
public enum FinanceInput {
    /// A decimal with at most two places inside `range`; nil when empty (and `optional`), or a message.
    public static func decimal(_ text: String?, label: String, range: ClosedRange<Double>, optional: Bool = false)
        -> Result<Double?, FinanceInputError>
    {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            return optional ? .success(nil) : .failure(FinanceInputError(message: "请填写\(label)"))
        }
        guard let value = InputNumber.decimal(trimmed, in: -1e12...1e12) else {
            return .failure(FinanceInputError(message: "\(label)须为数字"))
        }
        guard range.contains(value) else {
            return .failure(FinanceInputError(message: "\(label)须在 \(FinanceConditions.format(range.lowerBound))"
                + " 至 \(FinanceConditions.format(range.upperBound)) 之间"))
        }
        if let dot = trimmed.firstIndex(of: "."), trimmed[trimmed.index(after: dot)...].count > 2 {
            return .failure(FinanceInputError(message: "\(label)最多保留两位小数"))
        }
        return .success(value)
    }
}

public struct FinanceInputError: Error, Sendable, Equatable {
    public let message: String

    public init(message: String) {
        self.message = message
    }
}
