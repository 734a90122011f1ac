import Foundation
import SeedbedDomain
import SyntheticData

/// A library's conditions written as one SQL query (PostgreSQL), for the benchmark's comparison with the
/// columnar engine: the same definitions, parameters and three-valued logic, with SQL NULL as "unknown" (SQL's
/// AND/OR on NULL are exactly the Kleene logic `RuleStatus` uses). The query reads two tables the benchmark
/// loads — profiles (one row per enterprise) and filed facts (one row per enterprise and reported year) —
/// derives ratios, growth, totals and scores itself, and counts members, non-members and unknowns.
struct LibrarySQL {
    static let profiles = "bench_library_profiles"
    static let facts = "bench_library_facts"

    enum Failure: Error { case unsupported(String) }

    let library: RuleLibrary
    let values: ParameterValues
    private var year: Int
    private var date: LocalDate
    /// Profile listing status and certificate validity are today's: only the evaluation year reads them.
    private var currentStatus = true
    private var years: Set<Int> = []
    private var laterals: [String] = []

    init(library: RuleLibrary, year: Int, date: LocalDate) throws {
        self.library = library
        self.values = try library.resolve()
        self.year = year
        self.date = date
    }

    /// `SELECT met, not_met, unknown, informational_met, first_years FROM …`.
    mutating func query() throws -> String {
        let evaluationYear = year
        let evaluationDate = date
        let membership = try membershipSQL()
        var informational: [String] = []
        for condition in library.conditions where condition.informational {
            informational.append(try conditionSQL(condition))
        }
        var firstYear = "NULL::integer"
        if library.tracksFirstQualifyingYear {
            // 首次符合条件 over the history: each earlier year evaluated as of then, like `LibraryEvaluator`.
            var cases: [String] = []
            for past in (evaluationYear - 2)..<evaluationYear {
                year = past
                date = evaluationDate.addingYears(past - evaluationYear)
                currentStatus = false
                cases.append("WHEN \(try membershipSQL()) THEN \(past)")
            }
            year = evaluationYear
            date = evaluationDate
            currentStatus = true
            cases.append("WHEN \(membership) THEN \(evaluationYear)")
            firstYear = "CASE " + cases.joined(separator: " ") + " END"
        }
        let info = informational.isEmpty ? "NULL::boolean" : informational.joined(separator: " AND ")
        var from = "\(Self.profiles) p"
        for joined in years.sorted() {
            from += " LEFT JOIN \(Self.facts) f\(joined) ON f\(joined).enterprise_id = p.enterprise_id AND f\(joined).year = \(joined)"
        }
        for (index, lateral) in laterals.enumerated() {
            from += " CROSS JOIN LATERAL (SELECT \(lateral) AS v) l\(index)"
        }
        return """
            SELECT count(*) FILTER (WHERE m) AS met, count(*) FILTER (WHERE NOT m) AS not_met,
                   count(*) FILTER (WHERE m IS NULL) AS unknown, count(*) FILTER (WHERE i) AS informational_met,
                   count(first_year) AS first_years
            FROM (SELECT \(membership) AS m, \(info) AS i, \(firstYear) AS first_year FROM \(from)) t
            """
    }

    // MARK: Membership and conditions

    private mutating func membershipSQL() throws -> String {
        var conditions: [String: String] = [:]
        for condition in library.conditions where !condition.informational {
            conditions[condition.id] = try conditionSQL(condition)
        }
        return try expression(library.membership, conditions)
    }

    private func expression(_ membership: MembershipExpression, _ conditions: [String: String]) throws -> String {
        switch membership {
        case .condition(let id):
            guard let sql = conditions[id] else { throw Failure.unsupported("条件 \(id)") }
            return "(\(sql))"
        case .all(let parts):
            return "(" + (try parts.map { try expression($0, conditions) }).joined(separator: " AND ") + ")"
        case .any(let parts):
            return "(" + (try parts.map { try expression($0, conditions) }).joined(separator: " OR ") + ")"
        }
    }

    /// One condition as a three-valued boolean.
    private mutating func conditionSQL(_ condition: RuleCondition) throws -> String {
        let atLeast = condition.comparison == .atLeast
        if case .yearsSinceRegistration = condition.measure {
            // Ages against whole years are date comparisons: N years on the N-th anniversary, as `LocalDate`.
            guard case .parameter(let id) = condition.threshold, values[id] == values[id].rounded() else {
                throw Failure.unsupported("成立年限阈值")
            }
            let anniversary = "(DATE '1970-01-01' + p.registration_day + make_interval(years => \(Int(values[id]))))"
            return "\(anniversary) \(atLeast ? "<=" : ">=") DATE '\(date.description)'"
        }
        var (low, high) = try measure(condition.measure)
        if case .percent = condition.unit {
            low = "(\(low)) * 100"
            high = "(\(high)) * 100"
        }
        let limit = try threshold(condition.threshold)
        return compare(low, high, limit, atLeast: atLeast)
    }

    /// Met when even the least meets the limit, not met when even the most misses it, else unknown —
    /// `ConditionKernel.compare` with the same tolerance.
    private func compare(_ low: String, _ high: String, _ limit: String, atLeast: Bool) -> String {
        if atLeast {
            let bound = "(\(limit) - 1e-9 * GREATEST(1, ABS(\(limit))))"
            return "CASE WHEN \(limit) IS NULL THEN NULL WHEN (\(low)) >= \(bound) THEN TRUE WHEN (\(high)) < \(bound) THEN FALSE END"
        }
        let bound = "(\(limit) + 1e-9 * GREATEST(1, ABS(\(limit))))"
        return "CASE WHEN \(limit) IS NULL THEN NULL WHEN (\(high)) <= \(bound) THEN TRUE WHEN (\(low)) > \(bound) THEN FALSE END"
    }

    private mutating func threshold(_ threshold: ConditionThreshold) throws -> String {
        switch threshold {
        case .parameter(let id): return Self.literal(values[id])
        case .constant(let value): return Self.literal(value)
        case .bandedBy(let fact, let limits, let thresholds):
            let basis = try self.fact(fact, year)
            var sql = "CASE WHEN \(basis) IS NULL THEN NULL"
            for (limit, value) in zip(limits, thresholds) {
                let bound = values[limit]
                sql += " WHEN \(basis) <= \(Self.literal(bound + 1e-9 * max(1, abs(bound)))) THEN \(Self.literal(values[value]))"
            }
            return sql + " ELSE \(Self.literal(thresholds.last.map { values[$0] } ?? .nan)) END"
        }
    }

    // MARK: Measures: (least, most) in fact units

    private mutating func measure(_ measure: ConditionMeasure) throws -> (String, String) {
        switch measure {
        case .fact(let id):
            let value = try fact(id, year)
            return (value, value)
        case .sum(let ids):
            let parts = try ids.map { try fact($0, year) }
            let least = parts.map { "COALESCE(\($0), 0)" }.joined(separator: " + ")
            let known = parts.map { "\($0) IS NOT NULL" }.joined(separator: " AND ")
            return (least, "CASE WHEN \(known) THEN \(parts.joined(separator: " + ")) END")
        case .share(let numerator, let denominator):
            let value = Self.ratio(try fact(numerator, year), try fact(denominator, year))
            return (value, value)
        case .pooledShare(let numerator, let denominator, let span):
            let window = Self.window(year, span)
            let n = try window.map { "CASE WHEN \(existed($0)) THEN \(try fact(numerator, $0)) ELSE 0 END" }
            let d = try window.map { "CASE WHEN \(existed($0)) THEN \(try fact(denominator, $0)) ELSE 0 END" }
            let value = Self.ratio(n.joined(separator: " + "), d.joined(separator: " + "))
            return (value, value)
        case .total(let id, let span):
            let window = Self.window(year, span)
            let least = try window.map { "CASE WHEN \(existed($0)) THEN COALESCE(\(try fact(id, $0)), 0) ELSE 0 END" }
                .joined(separator: " + ")
            let missing = try window.map { "(\(existed($0)) AND \(try fact(id, $0)) IS NULL)" }.joined(separator: " OR ")
            let bound = bind(least)
            return (bound, "CASE WHEN \(missing) THEN NULL ELSE \(bound) END")
        case .average(let id, let span):
            let window = Self.window(year, span)
            let sum = try window.map { "CASE WHEN \(existed($0)) THEN \(try fact(id, $0)) ELSE 0 END" }.joined(separator: " + ")
            let count = window.map { "CASE WHEN \(existed($0)) THEN 1 ELSE 0 END" }.joined(separator: " + ")
            let value = "(\(sum)) / NULLIF(\(count), 0)"
            return (value, value)
        case .sustainedGrowth(let id, let parameter):
            let wanted = values[parameter]
            guard wanted >= 1, wanted <= 20 else { return ("NULL::float8", "NULL::float8") }
            let window = Self.window(year, Int(wanted) + 1)
            var growths: [String] = []
            for index in 1..<window.count {
                growths.append(bind(Self.growth(try fact(id, window[index]), try fact(id, window[index - 1]))))
            }
            let tooYoung = "NOT \(existed(window[0]))"
            let lowest = "LEAST(\(growths.joined(separator: ", ")))"
            let anyMissing = growths.map { "\($0) IS NULL" }.joined(separator: " OR ")
            return ("CASE WHEN \(tooYoung) THEN '-Infinity'::float8 WHEN \(anyMissing) THEN NULL ELSE \(lowest) END",
                    "CASE WHEN \(tooYoung) THEN '-Infinity'::float8 ELSE \(lowest) END")
        case .yearsSinceRegistration:
            throw Failure.unsupported("成立年限")
        case .inHightechField:
            let value = "CASE WHEN p.tech_field > 0 THEN 1.0 WHEN p.tech_field = 0 THEN 0.0 END"
            return (value, value)
        case .inIndustrySections(let letters):
            let codes = letters.compactMap { $0.unicodeScalars.first.map { String($0.value) } }
            let list = codes.isEmpty ? "NULL" : codes.joined(separator: ", ")
            let value = "CASE WHEN p.industry_section IS NULL THEN NULL WHEN p.industry_section IN (\(list)) THEN 1.0 ELSE 0.0 END"
            return (value, value)
        case .notListed:
            let fact = try self.fact(.listingStatus, year)
            let code = currentStatus ? "COALESCE(p.listing_status::float8, \(fact))" : fact
            let value = "CASE WHEN \(code) >= 2 THEN 0.0 WHEN \(code) IS NOT NULL THEN 1.0 END"
            return (value, value)
        case .holdsTitle(let title):
            let value = Self.flag(try titleStatus(title))
            return (value, value)
        case .holdsAnyTitle(let options, let parameter):
            let choice = values[parameter]
            guard choice >= 0, choice < Double(options.count) else { return ("NULL::float8", "NULL::float8") }
            let titles = options[Int(choice)]
            if titles.isEmpty { return ("1.0", "1.0") }
            let value = Self.flag("(" + (try titles.map { try titleStatus($0) }).joined(separator: " OR ") + ")")
            return (value, value)
        case .hightechInnovationScore:
            return try hightechScore()
        case .techSMEScore:
            let score = try techSME()
            return (score.least, score.most)
        case .techSMEDirectConfirmation:
            let value = Self.flag(try techSME().direct)
            return (value, value)
        }
    }

    // MARK: Facts

    private static let stored = Set(LibraryDataGenerator.facts)

    /// A fact of a year, derived ones computed as `DerivedFacts` does (missing inputs and zero divisors NULL).
    private mutating func fact(_ id: FactID, _ year: Int) throws -> String {
        switch id {
        case .ipClass1: return "(" + (try DerivedFacts.classOneParts.map { try fact($0, year) }).joined(separator: " + ") + ")"
        case .ipClass2: return "(" + (try DerivedFacts.classTwoParts.map { try fact($0, year) }).joined(separator: " + ") + ")"
        case .rdRatio: return Self.ratio(try fact(.rdExpense, year), try fact(.revenue, year))
        case .stStaffRatio: return Self.ratio(try fact(.stStaff, year), try fact(.employees, year))
        case .rdStaffRatio: return Self.ratio(try fact(.rdStaff, year), try fact(.employees, year))
        case .debtRatio: return Self.ratio(try fact(.totalLiabilities, year), try fact(.totalAssets, year))
        case .revenueGrowth: return Self.growth(try fact(.revenue, year), try fact(.revenue, year - 1))
        case .profitGrowth: return Self.growth(try fact(.netProfit, year), try fact(.netProfit, year - 1))
        case .rdInstitutionLevel:
            let national = try fact(.rdInstitutionsNational, year)
            let provincial = try fact(.rdInstitutionsProvincial, year)
            let municipal = try fact(.rdInstitutionsMunicipal, year)
            return "CASE WHEN \(national) IS NULL THEN NULL WHEN \(national) > 0 THEN 3.0 WHEN \(provincial) IS NULL THEN NULL "
                + "WHEN \(provincial) > 0 THEN 2.0 WHEN \(municipal) IS NULL THEN NULL WHEN \(municipal) > 0 THEN 1.0 ELSE 0.0 END"
        default:
            guard Self.stored.contains(id) else { return "NULL::float8" }
            years.insert(year)
            return "f\(year).\(id.rawValue)"
        }
    }

    private func existed(_ year: Int) -> String { "(p.reg_year IS NULL OR p.reg_year <= \(year))" }

    /// Holds a title on the evaluation date: the profile's validity where known, else the year's flag.
    private mutating func titleStatus(_ title: RuleTitle) throws -> String {
        let profile: String?
        let fact: FactID
        switch title {
        case .hightech: (profile, fact) = ("hightech_valid", .hightechCertified)
        case .techSME: (profile, fact) = ("tech_sme_valid", .techSMECertified)
        case .specializedSME: (profile, fact) = (nil, .specializedSMECertified)
        }
        let flag = "(\(try self.fact(fact, year)) > 0)"
        guard currentStatus, let profile else { return flag }
        return "COALESCE(p.\(profile) = 1, \(flag))"
    }

    /// Names an expression (a LATERAL column) so later expressions reuse it instead of repeating its text.
    private mutating func bind(_ expression: String) -> String {
        laterals.append(expression)
        return "l\(laterals.count - 1).v"
    }

    // MARK: Scores

    /// 高企 innovation capacity (RULES.md §10) as `HightechCapacityColumns` computes it: (credited, possible).
    private mutating func hightechScore() throws -> (String, String) {
        let rules: HightechPrescreenRules
        do {
            rules = try HightechPrescreenRules.inForce(on: date)
        } catch {
            throw Failure.unsupported("高企规则版本")
        }
        let one = bind(try fact(.ipClass1, year))
        let two = bind(try fact(.ipClass2, year))
        let quantity = Self.ladder(rules.ipQuantity, one, two)
        let judgedMax = rules.ipAdvancementMax + rules.ipCoreSupportMax + rules.ipObtainingMax
        let judgedLow = "CASE WHEN (\(one) > 0 OR \(two) > 0) THEN \(Self.literal(judgedMax)) ELSE 0 END"
        let judgedHigh = "CASE WHEN (\(one) = 0 AND \(two) = 0) THEN 0 ELSE \(Self.literal(judgedMax)) END"
        let window = Self.window(year, rules.historyYears)
        let standards = try window.map { y in
            "CASE WHEN \(existed(y)) THEN COALESCE(\(try fact(.standardsLed, y)), 0) + COALESCE(\(try fact(.standardsJoined, y)), 0) ELSE 0 END"
        }.joined(separator: " + ")
        let standardsMissing = try window.map { y in
            "(\(existed(y)) AND (\(try fact(.standardsLed, y)) IS NULL OR \(try fact(.standardsJoined, y)) IS NULL))"
        }.joined(separator: " OR ")
        let standardsLine = bind(Self.bandPoints(rules.standardsBonus, standards))
        let bonusMax = Self.literal(rules.standardsBonus.maximum)
        let bonusLow = standardsLine
        let bonusHigh = "CASE WHEN (\(standardsMissing)) AND \(standardsLine) < \(bonusMax) THEN \(bonusMax) ELSE \(standardsLine) END"
        let others = bind("\(quantity.0) + \(judgedLow)")
        let othersPossible = bind("\(quantity.1) + \(judgedHigh)")
        let cap = Self.literal(rules.ipCap)
        // The cap as `HightechCapacityColumns` applies it: the bonus fills what the other lines leave.
        let bonusPoints = bind("LEAST(\(bonusLow), GREATEST(0, \(cap) - \(others)))")
        let bonusPossible = bind("GREATEST(\(bonusPoints), LEAST(\(bonusHigh), GREATEST(0, \(cap) - \(othersPossible))))")
        let excess = "GREATEST(0, \(othersPossible) + \(bonusPossible) - GREATEST(\(cap), \(others) + \(bonusPoints)))"
        let ipLow = "\(others) + \(bonusPoints)"
        let ipHigh = "\(othersPossible) + \(bonusPossible) - LEAST(\(othersPossible) - \(others), \(excess))"

        let conversionSum = try window.map { y in
            "CASE WHEN \(existed(y)) THEN COALESCE(\(try fact(.achievementConversions, y)), 0) ELSE 0 END"
        }.joined(separator: " + ")
        let existing = window.map { "CASE WHEN \(existed($0)) THEN 1 ELSE 0 END" }.joined(separator: " + ")
        let conversionsMissing = try window.map { "(\(existed($0)) AND \(try fact(.achievementConversions, $0)) IS NULL)" }
            .joined(separator: " OR ")
        let conversionLine = bind(Self.bandPoints(rules.conversions, "(\(conversionSum))::float8 / GREATEST(\(existing), 1)"))
        let conversionMax = Self.literal(rules.conversions.maximum)
        let conversionHigh = "CASE WHEN (\(conversionsMissing)) AND \(conversionLine) < \(conversionMax) THEN \(conversionMax) ELSE \(conversionLine) END"

        var netAssets: [Int: String] = [:]
        var revenue: [Int: String] = [:]
        for y in window {
            netAssets[y] = "(\(try fact(.totalAssets, y)) - \(try fact(.totalLiabilities, y)))"
            revenue[y] = try fact(.revenue, y)
        }
        let net = growthLine(rules.netAssetGrowth, netAssets)
        let sales = growthLine(rules.salesGrowth, revenue)
        let organisation = Self.literal(rules.organisationMax)
        return ("\(ipLow) + \(conversionLine) + \(organisation) + \(net.0) + \(sales.0)",
                "\(ipHigh) + \(conversionHigh) + \(organisation) + \(net.1) + \(sales.1)")
    }

    /// g = ½·(Y2/Y1 + Y3/Y2) − 1 over the years the enterprise existed, as `HightechCapacityColumns.growthLine`.
    private func growthLine(_ bands: BandTable, _ value: [Int: String]) -> (String, String) {
        let y1 = value[year - 2] ?? "NULL"
        let y2 = value[year - 1] ?? "NULL"
        let y3 = value[year] ?? "NULL"
        let most = Self.literal(bands.maximum)
        let two = Self.bandPoints(bands, "\(y3) / \(y2) - 1")
        let three = Self.bandPoints(bands, "CASE WHEN \(y1) > 0 THEN 0.5 * (\(y2) / \(y1) + \(y3) / \(y2)) - 1 ELSE \(y3) / \(y2) - 1 END")
        func line(_ missing: String) -> String {
            "CASE WHEN p.reg_year > \(year - 1) THEN 0"
                + " WHEN p.reg_year = \(year - 1) THEN (CASE WHEN \(y2) IS NULL OR \(y3) IS NULL THEN \(missing) WHEN \(y2) <= 0 THEN 0 ELSE \(two) END)"
                + " ELSE (CASE WHEN \(y1) IS NULL OR \(y2) IS NULL OR \(y3) IS NULL THEN \(missing) WHEN \(y2) <= 0 THEN 0 ELSE \(three) END) END"
        }
        return (line("0"), line(most))
    }

    /// 科技型中小企业 score (RULES.md §11) as `TechSMEColumns`: credited, possible, and the direct confirmation.
    private mutating func techSME() throws -> (least: String, most: String, direct: String) {
        let rules: TechSMERules
        do {
            rules = try TechSMERules.inForce(on: date)
        } catch {
            throw Failure.unsupported("科技型中小企业规则版本")
        }
        let staff = Self.bandLine(rules.staffShare, try fact(.stStaffRatio, year))
        let rd = try fact(.rdExpense, year)
        let revenue = try fact(.revenue, year)
        let cost = try fact(.totalCost, year)
        func measure(_ denominator: String, _ bands: BandTable) -> (String, String) {
            let points = Self.bandPoints(bands, "\(rd) / \(denominator)")
            return ("CASE WHEN \(denominator) IS NULL OR \(denominator) <= 0 THEN 0 ELSE \(points) END",
                    "CASE WHEN \(denominator) IS NULL THEN \(Self.literal(bands.maximum)) WHEN \(denominator) <= 0 THEN 0 ELSE \(points) END")
        }
        let sales = measure(revenue, rules.rdToSales)
        let costs = measure(cost, rules.rdToCost)
        let rdMost = Self.literal(max(rules.rdToSales.maximum, rules.rdToCost.maximum))
        let rdLow = "CASE WHEN \(rd) IS NULL THEN 0 ELSE GREATEST(\(sales.0), \(costs.0)) END"
        let rdHigh = "CASE WHEN \(rd) IS NULL THEN \(rdMost) ELSE GREATEST(\(sales.1), \(costs.1)) END"
        let one = bind(try fact(.ipClass1, year))
        let two = bind(try fact(.ipClass2, year))
        let ip = Self.ladder(rules.ip, one, two)

        let window = Self.window(year, rules.directYears)
        func counted(_ id: FactID) throws -> String {
            let sum = try window.map { "CASE WHEN \(existed($0)) THEN COALESCE(\(try fact(id, $0)), 0) ELSE 0 END" }
                .joined(separator: " + ")
            let missing = try window.map { "(\(existed($0)) AND \(try fact(id, $0)) IS NULL)" }.joined(separator: " OR ")
            return "CASE WHEN \(sum) >= 1 THEN TRUE WHEN \(missing) THEN NULL ELSE FALSE END"
        }
        let direct = "(\(try titleStatus(.hightech)) OR (\(try counted(.stAwardsNational))) OR "
            + "(\(try fact(.rdInstitutionLevel, year)) >= 2) OR (\(try counted(.standardsLed))))"
        return ("\(staff.0) + \(rdLow) + \(ip.0)", "\(staff.1) + \(rdHigh) + \(ip.1)", direct)
    }

    // MARK: Bands and ladders

    /// The points of a band table for a value known to be present (upper bound of ranged bands, as credited).
    private static func bandPoints(_ table: BandTable, _ value: String) -> String {
        guard let last = table.bands.last else { return "0" }
        var sql = "CASE"
        for band in table.bands.dropLast() {
            let b = band.bound
            let eps = 1e-9 * max(1, abs(b))
            let test: String = switch (table.direction, band.inclusive) {
            case (.higherIsBetter, true): "(\(value)) >= \(literal(b - eps))"
            case (.higherIsBetter, false): "(\(value)) > \(literal(b + eps))"
            case (.lowerIsBetter, true): "(\(value)) <= \(literal(b + eps))"
            case (.lowerIsBetter, false): "(\(value)) < \(literal(b - eps))"
            }
            sql += " WHEN \(test) THEN \(literal(band.maxPoints))"
        }
        return sql + " ELSE \(literal(last.maxPoints)) END"
    }

    /// A band line over a value that may be missing: missing scores between the worst and the best band.
    private static func bandLine(_ table: BandTable, _ value: String) -> (String, String) {
        let least = table.bands.map(\.minPoints).min() ?? 0
        let points = bandPoints(table, value)
        return ("CASE WHEN \(value) IS NULL THEN \(literal(least)) ELSE \(points) END",
                "CASE WHEN \(value) IS NULL THEN \(literal(table.maximum)) ELSE \(points) END")
    }

    /// An IP ladder: the worst case treats unknown counts as none, the best as plenty (`IPLadder.score`).
    private static func ladder(_ ladder: IPLadder, _ one: String, _ two: String) -> (String, String) {
        func steps(worst: Bool) -> String {
            var sql = "CASE"
            for step in ladder.steps {
                let count: String
                var minimum = step.minimum
                switch step.requirement {
                case .classOne: count = one
                case .classTwo: count = two
                case .classOneHighValue, .classOneSelfDeveloped:
                    // Facts do not say: never reached in the worst case, reached with any Ⅰ类 in the best.
                    if worst { continue }
                    count = one
                    minimum = max(minimum, 1)
                }
                let bound = literal(minimum - 1e-9 * max(1, abs(minimum)))
                let test = worst ? "COALESCE(\(count), 0) >= \(bound)" : "(\(count) IS NULL OR \(count) >= \(bound))"
                sql += " WHEN \(test) THEN \(literal(step.maxPoints))"
            }
            return sql + " ELSE 0 END"
        }
        return (steps(worst: true), steps(worst: false))
    }

    // MARK: Helpers

    private static func window(_ year: Int, _ years: Int) -> [Int] {
        let span = min(max(1, years), 20)
        return (0..<span).map { year - span + 1 + $0 }
    }

    private static func ratio(_ numerator: String, _ denominator: String) -> String {
        "((\(numerator)) / NULLIF(\(denominator), 0))"
    }

    private static func growth(_ current: String, _ previous: String) -> String {
        "(CASE WHEN \(previous) > 0 THEN \(current) / \(previous) - 1 WHEN \(previous) < 0 THEN (\(current) - \(previous)) / -(\(previous)) END)"
    }

    private static func flag(_ status: String) -> String {
        "CASE WHEN \(status) THEN 1.0 WHEN NOT \(status) THEN 0.0 END"
    }

    static func literal(_ value: Double) -> String {
        if value.isNaN { return "NULL::float8" }
        if value == .infinity { return "'Infinity'::float8" }
        if value == -.infinity { return "'-Infinity'::float8" }
        return String(format: "%.17g", value) + "::float8"
    }
}
