import Foundation

/// 科技创新券的券种 (seed 004 §4.2 counts claims 按创新券类型). The seed names no list; these are the service kinds the
/// Chongqing scheme funds (研发设计、检验检测、技术转移、知识产权、科技咨询) and 大型科学仪器共享.
public enum VoucherType: String, Sendable, Codable, CaseIterable, Hashable {
    case researchDesign = "research_design"
    case testing
    case technologyTransfer = "technology_transfer"
    case intellectualProperty = "intellectual_property"
    case consulting
    case instrumentSharing = "instrument_sharing"

    public var label: String {
        switch self {
        case .researchDesign: "研发设计"
        case .testing: "检验检测"
        case .technologyTransfer: "技术转移"
        case .intellectualProperty: "知识产权"
        case .consulting: "科技咨询"
        case .instrumentSharing: "大型仪器共享"
        }
    }

    /// The type a person or a program names: its Chinese label (with or without 券/服务) or its code.
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var bare = trimmed
        for suffix in ["服务券", "券", "服务"] where bare.hasSuffix(suffix) { bare = String(bare.dropLast(suffix.count)) }
        guard let match = VoucherType.allCases.first(where: { $0.rawValue == trimmed || $0.label == bare }) else { return nil }
        self = match
    }
}

/// Where a voucher stands: claimed and not yet used, used in part, used in full, or closed unused (作废/过期).
public enum VoucherState: String, Sendable, Codable, CaseIterable, Hashable {
    case claimed
    case partlyRedeemed = "partly_redeemed"
    case redeemed
    case void
    case expired

    public var label: String {
        switch self {
        case .claimed: "已申领"
        case .partlyRedeemed: "部分兑付"
        case .redeemed: "已兑付"
        case .void: "已作废"
        case .expired: "已过期"
        }
    }

    public var tone: String {
        switch self {
        case .claimed: "info"
        case .partlyRedeemed: "warning"
        case .redeemed: "success"
        case .void, .expired: "neutral"
        }
    }

    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let match = VoucherState.allCases.first(where: { $0.rawValue == trimmed || $0.label == trimmed }) else {
            return nil
        }
        self = match
    }

    /// The state the amounts imply when none is given.
    public static func implied(claimed: VoucherAmount, redeemed: VoucherAmount) -> VoucherState {
        if redeemed.fen == 0 { return .claimed }
        return redeemed.fen >= claimed.fen ? .redeemed : .partlyRedeemed
    }

    /// Why this state cannot go with these amounts, nil when it can.
    public func problem(claimed: VoucherAmount, redeemed: VoucherAmount) -> String? {
        switch self {
        case .claimed: redeemed.fen == 0 ? nil : "状态为已申领时兑付金额应为 0"
        case .partlyRedeemed:
            redeemed.fen > 0 && redeemed.fen < claimed.fen ? nil : "状态为部分兑付时兑付金额应大于 0 且小于申领金额"
        case .redeemed: redeemed.fen == claimed.fen ? nil : "状态为已兑付时兑付金额应等于申领金额"
        case .void, .expired: redeemed.fen < claimed.fen ? nil : "已全额兑付的创新券不能为\(label)"
        }
    }
}

/// A sum of money in 元, held exactly as a whole number of 分 (no floating-point drift in sums). One voucher is at
/// most `VoucherAmount.maximum` (1 000 万元); sums saturate rather than overflow.
public struct VoucherAmount: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let fen: Int64

    public init(fen: Int64) { self.fen = max(fen, 0) }

    public static let zero = VoucherAmount(fen: 0)
    /// 1 000 万元.
    public static let maximum = VoucherAmount(fen: 1_000_000_000)

    public static func < (lhs: VoucherAmount, rhs: VoucherAmount) -> Bool { lhs.fen < rhs.fen }

    /// The sum, saturating at `Int64.max` 分.
    public static func + (lhs: VoucherAmount, rhs: VoucherAmount) -> VoucherAmount {
        let (sum, overflow) = lhs.fen.addingReportingOverflow(rhs.fen)
        return VoucherAmount(fen: overflow ? .max : sum)
    }

    /// 元 with two decimals, e.g. `12500.00`.
    public var description: String {
        let whole = fen / 100, cents = fen % 100
        return "\(whole)." + (cents < 10 ? "0" : "") + String(cents)
    }

    /// The amount as a number for a spreadsheet cell (exact to the 分 for any amount a platform holds).
    public var yuan: Double { Double(fen) / 100 }

    /// Parses 元 as a person or a program writes it: digits with at most two decimals, thousands separators
    /// allowed; nil for anything else (negative, exponent, NaN, more decimals, beyond 1 000 万元).
    public static func parse(_ text: String) -> VoucherAmount? {
        var text = text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: ",", with: "")
            .replacingOccurrences(of: "，", with: "")
        if text.hasSuffix("元") { text = String(text.dropLast()) }
        guard !text.isEmpty, text.count <= 16 else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let wholeText = parts.first, !wholeText.isEmpty, wholeText.count <= 9,
              wholeText.allSatisfy({ $0.isASCII && $0.isNumber }), let whole = Int64(wholeText)
        else { return nil }
        var cents: Int64 = 0
        if parts.count == 2 {
            let decimals = parts[1]
            guard !decimals.isEmpty, decimals.count <= 2, decimals.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int64(decimals)
            else { return nil }
            cents = decimals.count == 1 ? value * 10 : value
        }
        let amount = VoucherAmount(fen: whole * 100 + cents)
        return amount <= maximum ? amount : nil
    }
}

/// The fields of a voucher record, in the order an import template and the API name them.
public enum VoucherField: String, Sendable, CaseIterable, Hashable {
    case uscc, number, type, claimedAmount, redeemedAmount, provider, claimedOn, redeemedOn, state, year

    /// The import template's column header.
    public var header: String {
        switch self {
        case .uscc: "统一社会信用代码"
        case .number: "创新券编号"
        case .type: "券种"
        case .claimedAmount: "申领金额（元）"
        case .redeemedAmount: "兑付金额（元）"
        case .provider: "服务机构"
        case .claimedOn: "申领日期"
        case .redeemedOn: "兑付日期"
        case .state: "状态"
        case .year: "年度"
        }
    }

    public var required: Bool { [.uscc, .number, .type, .claimedAmount, .claimedOn].contains(self) }
}

/// One voucher as a source states it, every value as text (a spreadsheet cell or a JSON value).
public struct VoucherInput: Sendable {
    public var values: [VoucherField: String]

    public init(_ values: [VoucherField: String]) { self.values = values }

    func text(_ field: VoucherField) -> String {
        (values[field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A voucher whose values are all valid; which enterprise it names is checked against the writer's scope later.
public struct VoucherDraft: Sendable, Equatable {
    public let uscc: String
    public let number: String
    public let type: VoucherType
    public let claimed: VoucherAmount
    public let redeemed: VoucherAmount
    public let provider: String
    public let claimedOn: LocalDate
    public let redeemedOn: LocalDate?
    public let state: VoucherState
    public let year: Int

    public init(uscc: String, number: String, type: VoucherType, claimed: VoucherAmount, redeemed: VoucherAmount,
                provider: String, claimedOn: LocalDate, redeemedOn: LocalDate?, state: VoucherState, year: Int) {
        self.uscc = uscc
        self.number = number
        self.type = type
        self.claimed = claimed
        self.redeemed = redeemed
        self.provider = provider
        self.claimedOn = claimedOn
        self.redeemedOn = redeemedOn
        self.state = state
        self.year = year
    }
}

/// Why a voucher was refused: the field and the reason (the API answers 422 with the field named).
public struct VoucherFieldError: CodedError, Equatable {
    public let field: String
    public let reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var code: String { "voucher.invalid" }
    public var message: String { field.isEmpty ? reason : "“\(field)”\(reason)" }
    public var failure: FailureKind { .invalid }
}

public enum VoucherRules {
    public static let years: ClosedRange<Int> = 2000...2100
    public static let maxNumberLength = 40
    public static let maxProviderLength = 100

    /// Checks every value of a voucher; the problems by field (empty when valid) and the draft when valid.
    public static func validate(_ input: VoucherInput) -> (draft: VoucherDraft?, problems: [VoucherField: String]) {
        var problems: [VoucherField: String] = [:]
        var uscc: String?
        let codeText = input.text(.uscc)
        if codeText.isEmpty { problems[.uscc] = "请填写统一社会信用代码" } else {
            switch USCC.parse(codeText) {
            case .success(let code): uscc = code.value
            case .failure(let error): problems[.uscc] = error.message
            }
        }
        let number = USCC.normalise(input.text(.number))
        if number.isEmpty { problems[.number] = "请填写创新券编号" }
        else if number.count > maxNumberLength { problems[.number] = "创新券编号不能超过 \(maxNumberLength) 个字符" }
        else if !number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            problems[.number] = "创新券编号只能包含字母、数字和连字符"
        }
        let typeText = input.text(.type)
        let type = VoucherType(text: typeText)
        if type == nil {
            problems[.type] = typeText.isEmpty ? "请选择券种"
                : "券种“\(String(typeText.prefix(20)))”无效，应为" + VoucherType.allCases.map(\.label).joined(separator: "、") + "之一"
        }
        let claimedText = input.text(.claimedAmount)
        let claimed = VoucherAmount.parse(claimedText)
        if claimedText.isEmpty { problems[.claimedAmount] = "请填写申领金额" }
        else if claimed == nil { problems[.claimedAmount] = amountProblem }
        else if claimed == .zero { problems[.claimedAmount] = "申领金额应大于 0" }
        let redeemedText = input.text(.redeemedAmount)
        let redeemed = redeemedText.isEmpty ? VoucherAmount.zero : VoucherAmount.parse(redeemedText)
        if redeemed == nil { problems[.redeemedAmount] = amountProblem }
        if let claimed, let redeemed, redeemed > claimed {
            problems[.redeemedAmount] = "兑付金额（\(redeemed) 元）不能大于申领金额（\(claimed) 元）"
        }
        let provider = input.text(.provider)
        if provider.count > maxProviderLength { problems[.provider] = "服务机构名称不能超过 \(maxProviderLength) 个字" }
        else if provider.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems[.provider] = "服务机构名称含有不可见字符"
        }
        let claimedOn = date(input.text(.claimedOn), required: true, field: .claimedOn, problems: &problems)
        let redeemedOn = date(input.text(.redeemedOn), required: false, field: .redeemedOn, problems: &problems)
        if let claimedOn, let redeemedOn, redeemedOn < claimedOn {
            problems[.redeemedOn] = "兑付日期不能早于申领日期"
        }
        if let redeemed, redeemed.fen > 0, redeemedOn == nil, problems[.redeemedOn] == nil {
            problems[.redeemedOn] = "有兑付金额时请填写兑付日期"
        }
        let stateText = input.text(.state)
        var state: VoucherState?
        if !stateText.isEmpty {
            state = VoucherState(text: stateText)
            if state == nil {
                problems[.state] = "状态“\(String(stateText.prefix(20)))”无效，应为" + VoucherState.allCases.map(\.label)
                    .joined(separator: "、") + "之一"
            }
        }
        if let claimed, let redeemed, problems[.redeemedAmount] == nil {
            if let given = state, let problem = given.problem(claimed: claimed, redeemed: redeemed) {
                problems[.state] = problem
            } else if state == nil, stateText.isEmpty {
                state = VoucherState.implied(claimed: claimed, redeemed: redeemed)
            }
        }
        var year = claimedOn?.year
        let yearText = input.text(.year)
        if !yearText.isEmpty {
            if let value = Int(yearText), years.contains(value) { year = value }
            else { problems[.year] = "年度应为 \(years.lowerBound)–\(years.upperBound) 之间的四位年份" }
        }
        if let value = year, !years.contains(value), problems[.claimedOn] == nil {
            problems[.claimedOn] = "申领日期的年份应在 \(years.lowerBound)–\(years.upperBound) 之间"
        }
        guard problems.isEmpty, let uscc, let type, let claimed, let redeemed, let claimedOn, let state, let year else {
            return (nil, problems)
        }
        return (VoucherDraft(uscc: uscc, number: number, type: type, claimed: claimed, redeemed: redeemed,
                             provider: provider, claimedOn: claimedOn, redeemedOn: redeemedOn, state: state, year: year),
                [:])
    }

    static let amountProblem = "金额应为不超过 1000 万的数字（单位元，最多两位小数），如 50000 或 12500.50"

    private static func date(_ text: String, required: Bool, field: VoucherField,
                             problems: inout [VoucherField: String]) -> LocalDate? {
        if text.isEmpty {
            if required { problems[field] = "请填写\(field.header)" }
            return nil
        }
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard parts.count == 3, parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              let date = try? LocalDate(year: year, month: month, day: day)
        else {
            problems[field] = "日期“\(String(text.prefix(20)))”无效，应为 YYYY-MM-DD"
            return nil
        }
        return date
    }
}
