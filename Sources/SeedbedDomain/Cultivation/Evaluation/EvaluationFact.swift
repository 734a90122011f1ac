/// A fact the evaluation API accepts, as the catalog declares it: the annual-report and 积分数据 fields that carry
/// a `fact:`, in the unit facts are stored in (money in 万元, counts as counts, flags 0/1, choices their code).
/// Derived facts (ratios, growth, Ⅰ类/Ⅱ类 totals) are not listed: evaluation computes them.
public struct EvaluationFact: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// 万元, a decimal.
        case money
        /// A whole number of persons, items, pieces.
        case count
        /// 0 (否) or 1 (是).
        case flag
        /// One of the dictionary's numeric codes.
        case choice
    }

    public let id: FactID
    public let label: String
    public let kind: Kind
    /// Unit of the value ("万元", "人", "项" …; empty for flags and choices).
    public let unit: String
    public let minimum: Double
    public let maximum: Double
    /// For a choice: the codes accepted and what they mean.
    public let choices: [(code: Int, label: String)]

    public static func == (lhs: EvaluationFact, rhs: EvaluationFact) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// Every fact the catalog's forms project, in form order, each once.
    public static let all: [EvaluationFact] = {
        var seen = Set<FactID>()
        var result: [EvaluationFact] = []
        for field in AnnualReportForm.form.fields + PointsDataForm.form.fields {
            guard let fact = field.fact, !seen.contains(fact), let described = describe(field, fact: fact) else {
                continue
            }
            seen.insert(fact)
            result.append(described)
        }
        return result
    }()

    /// The facts by id.
    public static let byID: [FactID: EvaluationFact] = Dictionary(all.map { ($0.id, $0) },
                                                                   uniquingKeysWith: { first, _ in first })

    private static func describe(_ field: FieldDefinition, fact: FactID) -> EvaluationFact? {
        let factor = field.unit?.toStored ?? 1
        switch field.kind {
        case .decimal:
            return EvaluationFact(id: fact, label: field.label, kind: .money,
                                  unit: field.unit?.isMoney == true ? FieldUnit.wanYuan.rawValue
                                      : field.unit?.rawValue ?? "",
                                  minimum: (field.minimum ?? 0) * factor, maximum: (field.maximum ?? 1e9) * factor,
                                  choices: [])
        case .integer:
            return EvaluationFact(id: fact, label: field.label, kind: .count, unit: field.unit?.rawValue ?? "",
                                  minimum: field.minimum ?? 0, maximum: field.maximum ?? 1_000_000, choices: [])
        case .flag:
            return EvaluationFact(id: fact, label: field.label, kind: .flag, unit: "", minimum: 0, maximum: 1,
                                  choices: [(0, "否"), (1, "是")])
        case .choice(let dictionary):
            let entries = (Dictionaries.all[dictionary]?.entries ?? []).compactMap { entry in
                Int(entry.code).map { (code: $0, label: entry.label) }
            }
            guard !entries.isEmpty else { return nil }
            return EvaluationFact(id: fact, label: field.label, kind: .choice, unit: "",
                                  minimum: Double(entries.map { $0.code }.min() ?? 0),
                                  maximum: Double(entries.map { $0.code }.max() ?? 0), choices: entries)
        default:
            return nil
        }
    }

    /// Checks one value; nil when acceptable, otherwise the reason in Chinese.
    public func problem(with value: Double) -> String? {
        guard value.isFinite else { return "应为有限数字" }
        guard value >= minimum, value <= maximum else {
            return "应在 \(NumberText.plain(minimum)) 至 \(NumberText.plain(maximum))\(unit) 之间"
        }
        switch kind {
        case .money: return nil
        case .count: return value.rounded() == value ? nil : "应为整数"
        case .flag: return value == 0 || value == 1 ? nil : "应为 0（否）或 1（是）"
        case .choice:
            return choices.contains(where: { Double($0.code) == value }) ? nil
                : "应为以下代码之一：" + choices.map { "\($0.code)（\($0.label)）" }.joined(separator: "、")
        }
    }
}
