import Foundation

/// One enterprise-year's 知识价值信用评级 with its explanation: each indicator's value, method value and points, the
/// base and bonus subtotals, the total, the grade with its recommended credit line, and how far the next grade is.
/// Stored as JSON beside the rating row, so the explanation shown later is the one computed then.
public struct CreditRating: Hashable, Sendable, Codable {
    public var scheme: SchemeReference
    public var lines: [CreditRatingLine]
    /// Base points, hundredths.
    public var baseCentis: Int
    /// Bonus points before the cap, hundredths.
    public var bonusUncappedCentis: Int
    /// Bonus points counted (after the cap), hundredths.
    public var bonusCentis: Int
    /// The cap applied to the bonus, hundredths (nil: none).
    public var bonusCapCentis: Int?
    /// `baseCentis + bonusCentis`.
    public var totalCentis: Int
    public var grade: CreditGrade
    /// 推荐授信额度, 万元.
    public var creditLine: Int
    /// The next better grade and the points missing to reach it (nil for the best grade).
    public var nextGrade: CreditGrade?
    public var gapCentis: Int?

    public var total: Double { Double(totalCentis) / 100 }
    public var totalText: String { CreditPoints.text(totalCentis) }

    public func lines(in group: CreditIndicatorGroup) -> [CreditRatingLine] { lines.filter { $0.group == group } }

    /// Decodes a stored explanation.
    public static func decode(_ json: String) -> CreditRating? {
        try? JSONDecoder().decode(CreditRating.self, from: Data(json.utf8))
    }

    /// The explanation as JSON, keys sorted, absent optionals left out — what `JSONEncoder` with `.sortedKeys` writes,
    /// and `decode(_:)` reads, written directly: a national rating stores a million of them, and the encoder's
    /// boxing and key sorting took most of the rating's time.
    public func json() -> String {
        var out = ""
        out.reserveCapacity(256 + lines.count * 256)
        out += "{"
        JSONText.appendKey("baseCentis", first: true, to: &out)
        out += String(baseCentis)
        if let bonusCapCentis {
            JSONText.appendKey("bonusCapCentis", to: &out)
            out += String(bonusCapCentis)
        }
        JSONText.appendKey("bonusCentis", to: &out)
        out += String(bonusCentis)
        JSONText.appendKey("bonusUncappedCentis", to: &out)
        out += String(bonusUncappedCentis)
        JSONText.appendKey("creditLine", to: &out)
        out += String(creditLine)
        if let gapCentis {
            JSONText.appendKey("gapCentis", to: &out)
            out += String(gapCentis)
        }
        JSONText.appendKey("grade", to: &out)
        JSONText.appendString(grade.rawValue, to: &out)
        JSONText.appendKey("lines", to: &out)
        out += "["
        for (index, line) in lines.enumerated() {
            if index > 0 { out += "," }
            line.appendJSON(to: &out)
        }
        out += "]"
        if let nextGrade {
            JSONText.appendKey("nextGrade", to: &out)
            JSONText.appendString(nextGrade.rawValue, to: &out)
        }
        JSONText.appendKey("scheme", to: &out)
        out += "{"
        JSONText.appendKey("id", first: true, to: &out)
        JSONText.appendString(scheme.id, to: &out)
        JSONText.appendKey("version", to: &out)
        out += String(scheme.version) + "}"
        JSONText.appendKey("totalCentis", to: &out)
        out += String(totalCentis) + "}"
        return out
    }
}

/// One indicator's part of a rating.
public struct CreditRatingLine: Hashable, Sendable, Codable {
    public var indicatorID: String
    public var name: String
    public var group: CreditIndicatorGroup
    public var dimension: CreditDimension
    public var fact: FactID
    /// The value read, nil when the enterprise did not report it (which scores 0).
    public var value: Double?
    /// What the value reads as (`12 件`, `4.50%`, `是`, `未填报`).
    public var valueText: String
    /// The method's value, 0…1.
    public var methodValue: Double
    public var weight: Double
    /// Points, hundredths: `round(methodValue × weight × 100)`.
    public var centis: Int
    /// How the points are given.
    public var rule: String

    public var pointsText: String { CreditPoints.text(centis) }

    /// The line as `CreditRating.json()` writes it: keys sorted, an unreported value left out.
    func appendJSON(to out: inout String) {
        out += "{"
        JSONText.appendKey("centis", first: true, to: &out)
        out += String(centis)
        JSONText.appendKey("dimension", to: &out)
        JSONText.appendString(dimension.rawValue, to: &out)
        JSONText.appendKey("fact", to: &out)
        JSONText.appendString(fact.rawValue, to: &out)
        JSONText.appendKey("group", to: &out)
        JSONText.appendString(group.rawValue, to: &out)
        JSONText.appendKey("indicatorID", to: &out)
        JSONText.appendString(indicatorID, to: &out)
        JSONText.appendKey("methodValue", to: &out)
        JSONText.appendNumber(methodValue, to: &out)
        JSONText.appendKey("name", to: &out)
        JSONText.appendString(name, to: &out)
        JSONText.appendKey("rule", to: &out)
        JSONText.appendString(rule, to: &out)
        if let value {
            JSONText.appendKey("value", to: &out)
            JSONText.appendNumber(value, to: &out)
        }
        JSONText.appendKey("valueText", to: &out)
        JSONText.appendString(valueText, to: &out)
        JSONText.appendKey("weight", to: &out)
        JSONText.appendNumber(weight, to: &out)
        out += "}"
    }
}

extension CreditRatingScheme {
    /// The grade rule a total reaches: the first (best) whose cut-off it meets; the last grade otherwise.
    public func gradeRule(forCentis total: Int) -> CreditGradeRule? {
        grades.first { total >= $0.minimumCentis } ?? grades.last
    }

    /// Rates every slot of `frame` (which must hold the indicators' facts, derived ones included — see
    /// `DerivedFacts.adding`) whose `rated` flag is set; nil for the others. One pass per indicator over its column,
    /// then one pass per slot: linear in slots × indicators.
    public func rate(_ frame: FactFrame, rated: [Bool]? = nil) -> [CreditRating?] {
        rate(frame, rated: rated, slots: 0..<frame.count)
    }

    /// Rates the slots in `slots` (clamped to the frame) as `rate(_:rated:)` does; element `i` of the result is slot
    /// `slots.lowerBound + i`. A national rating goes through in chunks, so only one chunk's explanations are held
    /// at a time.
    public func rate(_ frame: FactFrame, rated: [Bool]? = nil, slots: Range<Int>) -> [CreditRating?] {
        let slots = slots.clamped(to: 0..<frame.count)
        let columns = indicators.map { frame.values($0.fact) }
        let rules = indicators.map(\.ruleText)
        var result = [CreditRating?](repeating: nil, count: slots.count)
        for slot in slots where rated.map({ slot < $0.count && $0[slot] }) ?? true {
            var lines: [CreditRatingLine] = []
            lines.reserveCapacity(indicators.count)
            for (index, indicator) in indicators.enumerated() {
                let raw = slot < columns[index].count ? columns[index][slot] : .nan
                let value: Double? = raw.isFinite ? raw : nil
                let methodValue = indicator.method.value(of: value ?? .nan)
                lines.append(CreditRatingLine(
                    indicatorID: indicator.id, name: indicator.name, group: indicator.group,
                    dimension: indicator.dimension, fact: indicator.fact, value: value,
                    valueText: indicator.unit.format(value, countUnit: indicator.countUnit),
                    methodValue: methodValue, weight: indicator.weight,
                    centis: CreditPoints.centis(methodValue * indicator.weight), rule: rules[index]))
            }
            result[slot - slots.lowerBound] = rating(lines)
        }
        return result
    }

    /// Rates one enterprise-year from its facts (filed ones; the derived ones are computed here).
    public func rate(facts: [FactID: Double]) -> CreditRating? {
        var frame = FactFrame(count: 1)
        for (id, value) in facts where value.isFinite { frame.setValue(value, for: id, at: 0) }
        return rate(DerivedFacts.adding(to: frame, previous: nil)).first ?? nil
    }

    /// Totals, grade and gap from the lines.
    func rating(_ lines: [CreditRatingLine]) -> CreditRating {
        let base = lines.filter { $0.group == .base }.reduce(0) { $0 + $1.centis }
        let bonusUncapped = lines.filter { $0.group == .bonus }.reduce(0) { $0 + $1.centis }
        let cap = bonusCap.map(CreditPoints.centis)
        let bonus = cap.map { min(bonusUncapped, $0) } ?? bonusUncapped
        let total = base + bonus
        let rule = gradeRule(forCentis: total)
        let grade = rule?.grade ?? .e
        let better = grades.last { $0.minimumCentis > total }
        return CreditRating(scheme: reference, lines: lines, baseCentis: base, bonusUncappedCentis: bonusUncapped,
                            bonusCentis: bonus, bonusCapCentis: cap, totalCentis: total, grade: grade,
                            creditLine: rule?.creditLine ?? 0, nextGrade: better?.grade,
                            gapCentis: better.map { $0.minimumCentis - total })
    }
}

extension CreditIndicator {
    /// The indicator's rule in words, for the explanation.
    public var ruleText: String {
        let weight = CreditUnitText.points(self.weight)
        switch method {
        case .bands(let thresholds, let values):
            let steps = zip(thresholds, values).map { threshold, value in
                "≥\(unit.threshold(threshold)) 得 \(CreditUnitText.points(value * self.weight)) 分"
            }
            return steps.joined(separator: "，") + "（满分 \(weight) 分）"
        case .countWithCap(let cap):
            let each = CreditUnitText.points(self.weight / cap)
            return "每\(countUnit.isEmpty ? "个" : countUnit) \(each) 分，\(CreditValueUnit.number(cap))\(countUnit)封顶 \(weight) 分"
        case .boolean:
            return "是得 \(weight) 分"
        case .percentile, .deduction:
            return "不适用"
        }
    }
}

enum CreditUnitText {
    static func points(_ value: Double) -> String { CreditPoints.text(CreditPoints.centis(value)) }
}

extension CreditValueUnit {
    /// A threshold as the rule text shows it.
    func threshold(_ value: Double) -> String {
        switch self {
        case .ratio: String(format: "%g%%", value * 100)
        case .money: Self.number(value) + " 万元"
        case .count, .flag: Self.number(value)
        }
    }
}
