/// How an indicator turns a fact value into a method value (0…1), which its stage weight then scales.
///
/// Encoded for the scheme editor as a flat object with a `kind` (`{"kind": "bands", "thresholds": […],
/// "values": […]}`) rather than Swift's nested enum encoding, so the JSON reads like the form that edits it.
public enum ScoringMethod: Hashable, Sendable {
    /// Percentile rank within the cohort: average rank of the value among the cohort's present values (ties share
    /// the average rank) divided by their number. The indicator's `direction` says which end is better.
    case percentile
    /// Banded thresholds: a value at or above `thresholds[k]` (and below `thresholds[k+1]`) gets `values[k]`;
    /// a value below the first threshold gets 0. A value exactly on a boundary falls in the higher band.
    case bands(thresholds: [Double], values: [Double])
    /// A count that earns `1/cap` per unit up to `cap` (method value `min(max(x, 0), cap) / cap`).
    case countWithCap(cap: Double)
    /// A yes/no fact (any positive value is yes): 1 or 0. Used for titles such as 高新技术企业.
    case boolean
    /// A negative deduction: the weight times `min(max(x, 0), cap) / cap` is subtracted from the total.
    case deduction(cap: Double)

    /// The stable machine name used in JSON.
    public var kind: String {
        switch self {
        case .percentile: "percentile"
        case .bands: "bands"
        case .countWithCap: "count"
        case .boolean: "boolean"
        case .deduction: "deduction"
        }
    }

    /// The Chinese name shown in the scheme editor.
    public var title: String {
        switch self {
        case .percentile: "园区内百分位"
        case .bands: "分段赋分"
        case .countWithCap: "计数封顶"
        case .boolean: "是否加分"
        case .deduction: "负面扣分"
        }
    }

    /// Whether points are subtracted rather than added.
    public var subtracts: Bool {
        if case .deduction = self { return true }
        return false
    }

    /// The method value (0…1) of a present, non-percentile value; a NaN (missing) value gives 0. Percentile
    /// indicators are valued by the engine from the cohort and return 0 here.
    func value(of x: Double) -> Double {
        guard !x.isNaN else { return 0 }
        switch self {
        case .percentile:
            return 0
        case .bands(let thresholds, let values):
            var result = 0.0
            for (index, threshold) in thresholds.enumerated() where x >= threshold && index < values.count {
                result = values[index]
            }
            return result
        case .countWithCap(let cap), .deduction(let cap):
            return min(max(x, 0), cap) / cap
        case .boolean:
            return x > 0 ? 1 : 0
        }
    }
}

extension ScoringMethod: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind, thresholds, values, cap
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "percentile":
            self = .percentile
        case "bands":
            self = .bands(thresholds: try container.decode([Double].self, forKey: .thresholds),
                          values: try container.decode([Double].self, forKey: .values))
        case "count":
            self = .countWithCap(cap: try container.decode(Double.self, forKey: .cap))
        case "boolean":
            self = .boolean
        case "deduction":
            self = .deduction(cap: try container.decodeIfPresent(Double.self, forKey: .cap) ?? 1)
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container,
                                                   debugDescription: "未知的计分方法「\(kind)」")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .percentile, .boolean:
            break
        case .bands(let thresholds, let values):
            try container.encode(thresholds, forKey: .thresholds)
            try container.encode(values, forKey: .values)
        case .countWithCap(let cap), .deduction(let cap):
            try container.encode(cap, forKey: .cap)
        }
    }
}
