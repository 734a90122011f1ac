import Foundation
import Testing
@testable import SeedbedDomain

/// The evaluation API's request mapping and answer, as a provincial system sees them: JSON in, verdict out.
@Suite("Evaluation API mapping")
struct EvaluationRequestTests {
    /// `facts` as the API takes them: year → fact id → value.
    static func factsJSON(_ facts: EnterpriseFacts) throws -> String {
        var byYear: [String: [String: Double]] = [:]
        for (year, values) in facts.years {
            byYear[String(year)] = Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
        }
        return String(decoding: try JSONEncoder().encode(byYear), as: UTF8.self)
    }

    static let profileJSON = #"{"registeredOn":"2015-03-01","industry":"C39","field":"电子信息","listingStatus":0,"hightechValid":false,"techSMEValid":true}"#
    static let completeInputsJSON = #""yearsInNiche":10,"fieldClass":"keyLink","digitalLevel":3,"qualityItems":2,"highValueClassOneIP":true,"selfDevelopedClassOneIP":true,"lowerLevelInstitution":false,"rankedAward":false,"makerChinaTop500":false,"featurePoints":{"local_feature":15},"holdsInnovativeTitle":true,"beneficialClassOneIP":true,"leadingMarketShare":true"#

    static func body(rule: String = "specialized_sme", asOf: String = "2025-06-30",
                     facts: EnterpriseFacts = RulesFixture.growing, extra: String = completeInputsJSON) throws -> Data
    {
        let tail = extra.isEmpty ? "" : "," + extra
        return Data(#"{"rule":"\#(rule)","asOf":"\#(asOf)","profile":\#(profileJSON),"facts":\#(try factsJSON(facts))\#(tail)}"#.utf8)
    }

    static func run(_ data: Data) throws(EvaluationRequestError) -> EvaluationResult {
        try EvaluationRequest.parse(data).evaluate()
    }

    @Test("a well-qualified enterprise qualifies under 专精特新 2022, each condition with value, threshold and gap")
    func qualifies() throws {
        let result = try Self.run(try Self.body())
        #expect(result.rule == .specializedSME)
        #expect(result.version == "specialized_sme_2022")
        #expect(result.verdict == .qualified)
        #expect(result.year == 2024)
        #expect(result.indicators.count == 13)
        #expect(abs(result.score - result.indicators.reduce(0) { $0 + $1.points }) < 1e-9)
        let rd = try #require(result.conditions.first { $0.id == "rd_amount" })
        #expect(rd.kind == .basic && rd.met == true && rd.value == 375 && rd.threshold == 100 && rd.gap == 0)
        let score = try #require(result.conditions.first { $0.kind == .score })
        #expect(score.met == true && score.threshold == 60)
        #expect(result.conditions.contains { $0.kind == .direct && $0.id == "average_rd" })
    }

    @Test("R&D below 100 万 fails 专精特新 with the gap named")
    func notQualified() throws {
        var facts = RulesFixture.growing
        facts.set(.rdExpense, 80, in: 2024)
        let result = try Self.run(try Self.body(facts: facts))
        #expect(result.verdict == .notQualified)
        let rd = try #require(result.conditions.first { $0.id == "rd_amount" })
        #expect(rd.met == false && rd.value == 80 && rd.gap == 20)
    }

    @Test("missing declared inputs and facts leave the verdict unknown, never not_qualified")
    func unknown() throws {
        var facts = RulesFixture.growing
        facts.set(.rdExpense, nil, in: 2024)
        let result = try Self.run(try Self.body(facts: facts, extra: ""))
        #expect(result.verdict == .unknown)
        let niche = try #require(result.conditions.first { $0.id == "niche_years" })
        #expect(niche.met == nil && niche.value == nil && niche.gap == nil)
        #expect(result.conditions.first { $0.id == "rd_amount" }?.met == nil)
        let digital = try #require(result.indicators.first { $0.id == "digital_level" })
        #expect(digital.value == nil && digital.possiblePoints > digital.points)
    }

    @Test("asOf picks the version: 2022 rules on 2026-03-31, 2026 rules from 2026-04-01", arguments: [
        ("2026-03-31", "specialized_sme_2022", 60.0), ("2026-04-01", "specialized_sme_2026", 50.0),
    ])
    func versionSwitch(asOf: String, version: String, passLine: Double) throws {
        var facts = RulesFixture.growing
        facts.years[2025] = facts.years[2024]
        let result = try Self.run(try Self.body(asOf: asOf, facts: facts))
        #expect(result.version == version)
        #expect(result.asOf == asOf)
        #expect(result.year == 2025)
        #expect(result.passLine == passLine)
        // Only the 2026 rules ask for the innovative-SME title and a debt ratio ceiling.
        #expect(result.conditions.contains { $0.id == "innovative_title" } == (version == "specialized_sme_2026"))
        #expect(result.conditions.contains { $0.id == "debt_ratio" } == (version == "specialized_sme_2026"))
        #expect(result.conditions.contains { $0.kind == .direct } == (version == "specialized_sme_2022"))
    }

    @Test("every rule answers through the same mapping", arguments: EvaluationRule.allCases)
    func everyRule(rule: EvaluationRule) throws {
        let result = try Self.run(try Self.body(rule: rule.rawValue))
        #expect(result.rule == rule)
        #expect(!result.indicators.isEmpty)
        #expect(!result.version.isEmpty)
    }

    // MARK: Bands through the API: a computed value exactly on a boundary falls in the higher band

    static func points(_ rule: String, _ indicator: String, _ changes: [FactID: Double], extra: String = completeInputsJSON)
        throws -> Double
    {
        var facts = RulesFixture.growing
        for (id, value) in changes { facts.set(id, value, in: 2024) }
        let result = try Self.run(try Self.body(rule: rule, facts: facts, extra: extra))
        return try #require(result.indicators.first { $0.id == indicator }).points
    }

    @Test("§7 创新型 bands at their boundaries, from facts", arguments: [
        // R&D / revenue: 5 % → 20, just below → 15; 1 % → 5.
        ("rd_ratio", [FactID.revenue: 10_000, .rdExpense: 500], 20.0),
        ("rd_ratio", [.revenue: 10_000, .rdExpense: 499.9], 15),
        ("rd_ratio", [.revenue: 10_000, .rdExpense: 100], 5),
        // Debt ratio: ≤ 55 % → 10, just above → 5.
        ("debt_ratio", [.totalAssets: 10_000, .totalLiabilities: 5500], 10),
        ("debt_ratio", [.totalAssets: 10_000, .totalLiabilities: 5501], 5),
        // Main business share: 70 % → 20, just below → 15.
        ("main_business_share", [.revenue: 10_000, .mainRevenue: 7000], 20),
        ("main_business_share", [.revenue: 10_000, .mainRevenue: 6999], 15),
        // Main revenue growth over 2023 (3600): +15 % → 20.
        ("main_revenue_growth", [.mainRevenue: 4140], 20),
    ])
    func innovativeBands(indicator: String, changes: [FactID: Double], expected: Double) throws {
        #expect(try Self.points("innovative_sme", indicator, changes) == expected)
    }

    @Test("§8 专精特新 bands at their boundaries, from facts", arguments: [
        ("rd_input", [FactID.rdExpense: 500, .revenue: 100_000, .mainRevenue: 90_000], 10.0),
        ("rd_input", [.rdExpense: 499.99, .revenue: 100_000, .mainRevenue: 90_000], 8),
        ("net_margin", [.revenue: 10_000, .mainRevenue: 9000, .netProfit: 1000], 10),
        ("main_business_share", [.revenue: 10_000, .mainRevenue: 8000], 5),
        ("main_business_share", [.revenue: 10_000, .mainRevenue: 7999], 3),
        ("debt_ratio", [.totalAssets: 10_000, .totalLiabilities: 5000], 5),
        ("debt_ratio", [.totalAssets: 10_000, .totalLiabilities: 5001], 3),
        ("rd_staff_share", [.employees: 100, .rdStaff: 20, .stStaff: 30], 5),
        ("rd_staff_share", [.employees: 1000, .rdStaff: 199, .stStaff: 300], 3),
    ])
    func specializedBands(indicator: String, changes: [FactID: Double], expected: Double) throws {
        #expect(try Self.points("specialized_sme", indicator, changes) == expected)
    }

    @Test("§8 数字化水平: each level scores its points, null is open", arguments: [1, 2, 3, 4])
    func digitalLevels(level: Int) throws {
        let extra = Self.completeInputsJSON.replacingOccurrences(of: #""digitalLevel":3"#, with: #""digitalLevel":\#(level)"#)
        let points = try Self.points("specialized_sme", "digital_level", [:], extra: extra)
        #expect(points == SpecializedSMEIndicators.v2022.digitalLevelPoints[level - 1])
    }

    @Test("§8 细分市场年限: the condition is met exactly at 2 years (2022) and 3 years (2026)", arguments: [
        ("2025-06-30", 2.0, true), ("2025-06-30", 1.99, false), ("2026-04-01", 3.0, true), ("2026-04-01", 2.99, false),
    ])
    func nicheYears(asOf: String, years: Double, met: Bool) throws {
        var facts = RulesFixture.growing
        facts.years[2025] = facts.years[2024]
        let extra = Self.completeInputsJSON.replacingOccurrences(of: #""yearsInNiche":10"#, with: #""yearsInNiche":\#(years)"#)
        let result = try Self.run(try Self.body(asOf: asOf, facts: facts, extra: extra))
        #expect(result.conditions.first { $0.id == "niche_years" }?.met == met)
    }

    // MARK: Refusals name the field

    @Test("bad input is refused naming the field, never trapping", arguments: [
        (#"{"rule":"gazelle","asOf":"2025-06-30"}"#, "rule"),
        (#"{"asOf":"2025-06-30"}"#, "rule"),
        (#"{"rule":"tech_sme","asOf":"2025-02-30"}"#, "asOf"),
        (#"{"rule":"tech_sme","asOf":"30/06/2025"}"#, "asOf"),
        (#"{"rule":"tech_sme","asOf":"0001-01-01"}"#, "asOf"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{"2024":{"turnover":1}}}"#, "facts.2024.turnover"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{"2024":{"rd_ratio":0.1}}}"#, "facts.2024.rd_ratio"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{"2024":{"revenue":"lots"}}}"#, "facts.2024.revenue"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{"2024":{"revenue":1e309}}}"#, "facts.2024.revenue"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{"2024":{"revenue":-1e309}}}"#, "facts.2024.revenue"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{"2024":{"employees":-3}}}"#, "facts.2024.employees"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{"2024":{"employees":2.5}}}"#, "facts.2024.employees"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{"2024":{"hightech_certified":2}}}"#, "facts.2024.hightech_certified"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{"2024":{"listing_status":3}}}"#, "facts.2024.listing_status"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{"24":{}}}"#, "facts.24"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","facts":[1,2]}"#, "facts"),
        (#"{"rule":"specialized_sme","asOf":"2025-06-30","digitalLevel":7}"#, "digitalLevel"),
        (#"{"rule":"specialized_sme","asOf":"2025-06-30","digitalLevel":2.5}"#, "digitalLevel"),
        (#"{"rule":"specialized_sme","asOf":"2025-06-30","fieldClass":"best"}"#, "fieldClass"),
        (#"{"rule":"specialized_sme","asOf":"2025-06-30","featurePoints":{"local_feature":16}}"#, "featurePoints.local_feature"),
        (#"{"rule":"specialized_sme","asOf":"2025-06-30","rankedAward":"yes"}"#, "rankedAward"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","profile":{"field":"宇宙"}}"#, "profile.field"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","profile":{"industry":"c39"}}"#, "profile.industry"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","profile":{"registeredOn":"yesterday"}}"#, "profile.registeredOn"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","surprise":1}"#, "surprise"),
        (#"{"rule":"tech_sme","asOf":"2025-06-30","year":1e309}"#, "year"),
        (#"{"rule":"hightech","asOf":"1995-06-30"}"#, "asOf"),
        (#"[1,2,3]"#, ""),
        (#"{"rule":"#, ""),
        ("", ""),
    ])
    func refusals(body: String, field: String) {
        do {
            _ = try Self.run(Data(body.utf8))
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.field == field, "\(body) → \(error.field): \(error.message)")
            #expect(error.code == "evaluation.invalid_request")
            #expect(error.failure == .invalid)
            #expect(!error.message.isEmpty)
        }
    }

    @Test("10,000 years and deep nesting are refused, not evaluated")
    func hugeBodies() {
        let years = (0..<10_000).map { #""\#(1000 + $0)":{}"# }.joined(separator: ",")
        #expect(throws: EvaluationRequestError.self) {
            try Self.run(Data(#"{"rule":"tech_sme","asOf":"2025-06-30","facts":{\#(years)}}"#.utf8))
        }
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(throws: EvaluationRequestError.self) {
            try Self.run(Data(#"{"rule":"tech_sme","asOf":"2025-06-30","facts":\#(deep)}"#.utf8))
        }
        #expect(throws: EvaluationRequestError.self) {
            try Self.run(Data(repeating: 0x20, count: EvaluationRequest.maxBodyBytes + 1))
        }
    }

    @Test("the fact list is the catalog's: every fact an approved report projects, none derived")
    func catalog() {
        let ids = Set(EvaluationFact.all.map(\.id))
        let projected = Set(AnnualReportForm.form.fields.compactMap(\.fact) + PointsDataForm.form.fields.compactMap(\.fact))
        #expect(ids == projected)
        #expect(!ids.contains(.rdRatio) && !ids.contains(.ipClass1))
        #expect(EvaluationFact.byID[.revenue]?.unit == "万元")
        #expect(EvaluationFact.byID[.revenue]?.maximum == 1e9)
        #expect(EvaluationFact.byID[.listingStatus]?.choices.map(\.code) == [0, 1, 2])
        #expect(EvaluationFact.byID[.employees]?.problem(with: -1) != nil)
        #expect(EvaluationFact.byID[.netProfit]?.problem(with: -100) == nil)
    }
}
