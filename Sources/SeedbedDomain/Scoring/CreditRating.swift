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

    /// Decodes a stored explanation: the values a rating stores (`CreditRatingRecord.json()`), explained again by the
    /// scheme version the rating names, or the whole explanation as ratings before that stored it (`json()`).
    /// Nil when the text is neither, or names values the scheme does not have.
    public static func decode(_ json: String, scheme: CreditRatingScheme? = nil) -> CreditRating? {
        let data = Data(json.utf8)
        if let stored = try? JSONDecoder().decode(CreditRatingRecord.Stored.self, from: data) {
            guard let scheme, stored.values.count == scheme.indicators.count else { return nil }
            return scheme.explain(values: stored.values.map { $0 ?? .nan })
        }
        return try? JSONDecoder().decode(CreditRating.self, from: data)
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

/// What a stored rating keeps: the value the scheme read for each of its indicators, in the scheme's order (NaN: not
/// reported), and the result. The scheme version is immutable and named beside the rating, so the explanation
/// (`CreditRatingScheme.explain(values:)`) is the one computed then — stored as some 150 bytes instead of the 3 KB of
/// words and rules a national rating would write a million times.
public struct CreditRatingRecord: Hashable, Sendable {
    public var values: [Double]
    public var totalCentis: Int
    public var grade: CreditGrade
    /// 推荐授信额度, 万元.
    public var creditLine: Int

    public var total: Double { Double(totalCentis) / 100 }

    /// `{"values":[4.0,11.0,null,…]}`: what `CreditRating.decode(_:scheme:)` reads.
    public func json() -> String {
        var out = "{\"values\":["
        out.reserveCapacity(16 + values.count * 12)
        for (index, value) in values.enumerated() {
            if index > 0 { out += "," }
            JSONText.appendNumber(value, to: &out)
        }
        out += "]}"
        return out
    }

    struct Stored: Decodable {
        let values: [Double?]
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
        var values = [Double](repeating: .nan, count: indicators.count)
        for slot in slots where rated.map({ slot < $0.count && $0[slot] }) ?? true {
            for index in values.indices {
                values[index] = slot < columns[index].count ? columns[index][slot] : .nan
            }
            result[slot - slots.lowerBound] = explain(values: values, rules: rules)
        }
        return result
    }

    /// The explanation of one rating from the value read for each indicator, in the scheme's order (NaN: not
    /// reported): what `rate` gives for a slot holding those values, and how a stored rating is shown again.
    public func explain(values: [Double]) -> CreditRating {
        explain(values: values, rules: indicators.map(\.ruleText))
    }

    private func explain(values: [Double], rules: [String]) -> CreditRating {
        var lines: [CreditRatingLine] = []
        lines.reserveCapacity(indicators.count)
        for (index, indicator) in indicators.enumerated() {
            let raw = index < values.count ? values[index] : .nan
            let value: Double? = raw.isFinite ? raw : nil
            let methodValue = indicator.method.value(of: value ?? .nan)
            lines.append(CreditRatingLine(
                indicatorID: indicator.id, name: indicator.name, group: indicator.group,
                dimension: indicator.dimension, fact: indicator.fact, value: value,
                valueText: indicator.unit.format(value, countUnit: indicator.countUnit),
                methodValue: methodValue, weight: indicator.weight,
                centis: points(indicator, value: value), rule: index < rules.count ? rules[index] : indicator.ruleText))
        }
        return rating(lines)
    }

    /// One indicator's points, hundredths, for a value (nil: not reported) — the one expression ratings and their
    /// explanations use.
    func points(_ indicator: CreditIndicator, value: Double?) -> Int {
        CreditPoints.centis(indicator.method.value(of: value ?? .nan) * indicator.weight)
    }

    /// What a rating stores for the slots in `slots` (clamped to the frame) whose `rated` flag is set, nil for the
    /// others: each indicator's value with the total, grade and credit line `rate` gives — without the explanation's
    /// words, which `explain(values:)` builds again when one rating is shown. A national rating stores a million of
    /// these; element `i` is slot `slots.lowerBound + i`.
    public func records(_ frame: FactFrame, rated: [Bool]? = nil, slots: Range<Int>) -> [CreditRatingRecord?] {
        let slots = slots.clamped(to: 0..<frame.count)
        let columns = indicators.map { frame.values($0.fact) }
        var result = [CreditRatingRecord?](repeating: nil, count: slots.count)
        for slot in slots where rated.map({ slot < $0.count && $0[slot] }) ?? true {
            var values = [Double](repeating: .nan, count: indicators.count)
            var base = 0
            var bonus = 0
            for (index, indicator) in indicators.enumerated() {
                let raw = slot < columns[index].count ? columns[index][slot] : .nan
                values[index] = raw
                let centis = points(indicator, value: raw.isFinite ? raw : nil)
                switch indicator.group {
                case .base: base += centis
                case .bonus: bonus += centis
                }
            }
            let totals = totals(baseCentis: base, bonusUncappedCentis: bonus)
            result[slot - slots.lowerBound] = CreditRatingRecord(values: values, totalCentis: totals.total,
                                                                 grade: totals.grade, creditLine: totals.creditLine)
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
        let totals = totals(baseCentis: base, bonusUncappedCentis: bonusUncapped)
        return CreditRating(scheme: reference, lines: lines, baseCentis: base, bonusUncappedCentis: bonusUncapped,
                            bonusCentis: totals.bonus, bonusCapCentis: totals.cap, totalCentis: totals.total,
                            grade: totals.grade, creditLine: totals.creditLine, nextGrade: totals.better?.grade,
                            gapCentis: totals.better.map { $0.minimumCentis - totals.total })
    }

    /// The bonus after the cap, the total, the grade it reaches with its credit line, and the next better grade.
    private func totals(baseCentis: Int, bonusUncappedCentis: Int)
        -> (bonus: Int, cap: Int?, total: Int, grade: CreditGrade, creditLine: Int, better: CreditGradeRule?)
    {
        let cap = bonusCap.map(CreditPoints.centis)
        let bonus = cap.map { min(bonusUncappedCentis, $0) } ?? bonusUncappedCentis
        let total = baseCentis + bonus
        let rule = gradeRule(forCentis: total)
        return (bonus, cap, total, rule?.grade ?? .e, rule?.creditLine ?? 0, grades.last { $0.minimumCentis > total })
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
