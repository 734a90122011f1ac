import Testing
@testable import SeedbedDomain
import SyntheticData

@Suite("Scored evaluators")
struct EvaluatorTests {
    static let date = RulesFixture.date
    static let profile = RulesFixture.profile

    static func strong(_ changes: [FactID: Double], years: [Int] = [2022, 2023, 2024]) -> EnterpriseFacts {
        var facts = RulesFixture.growing
        for year in years { for (id, value) in changes { facts.set(id, value, in: year) } }
        return facts
    }

    /// Every verdict's breakdown must add up: lines to the total, lines to their groups.
    static func checkSums(_ verdict: ScoreVerdict) {
        let points = verdict.indicators.reduce(0) { $0 + $1.points }
        let possible = verdict.indicators.reduce(0) { $0 + $1.possiblePoints }
        #expect(abs(points - verdict.total) < 1e-9)
        #expect(abs(possible - verdict.possibleTotal) < 1e-9)
        #expect(verdict.total <= verdict.possibleTotal + 1e-9)
        for line in verdict.indicators {
            #expect(line.points <= line.possiblePoints + 1e-9, "\(line.name)")
            #expect(line.possiblePoints <= line.maxPoints + 1e-9, "\(line.name)")
            #expect(line.points >= 0)
        }
        let grouped = verdict.groups.reduce(0) { $0 + $1.points }
        #expect(abs(grouped - verdict.total) < 1e-9)
    }

    @Test("breakdowns sum to totals over a generated population")
    func breakdownSums() throws {
        let (history, profiles) = LibraryDataGenerator(enterprises: 150, seed: 11).generate(asOf: Self.date)
        var rng = SplitMix64(seed: 5)
        func maybe() -> Bool? { [true, false, nil][Int(rng.next() % 3)] }
        for slot in 0..<history.count {
            let facts = EnterpriseFacts(slot: slot, of: history)
            let profile = profiles.profile(at: slot)
            let inputs = SpecializedSMEInputs(
                yearsInNiche: maybe() == true ? Double(rng.next() % 12) : nil,
                fieldClass: maybe() == true ? .keyLink : nil, digitalLevel: maybe() == true ? 3 : nil,
                qualityItems: maybe() == true ? Int(rng.next() % 4) : nil, highValueClassOneIP: maybe(),
                selfDevelopedClassOneIP: maybe(), lowerLevelInstitution: maybe(), rankedAward: maybe(),
                makerChinaTop500: maybe(), featurePoints: maybe() == true ? ["local_feature": 9] : [:],
                holdsInnovativeTitle: maybe(), beneficialClassOneIP: maybe(), leadingMarketShare: maybe())
            let verdicts = [
                try HightechPrescreen.evaluate(enterprise: facts, profile: profile, year: 2024, date: Self.date),
                try TechSMEEvaluator.evaluate(enterprise: facts, profile: profile, year: 2024, date: Self.date),
                try InnovativeSMEEvaluator.evaluate(enterprise: facts, profile: profile, year: 2024, date: Self.date,
                                                    inputs: InnovativeSMEInputs(highValueClassOneIP: maybe(),
                                                                                strategicEmergingProduct: maybe())),
                try SpecializedSMEEvaluator.evaluate(enterprise: facts, profile: profile, year: 2024, date: Self.date,
                                                     inputs: inputs),
                try SpecializedSMEEvaluator.evaluate(enterprise: facts, profile: profile, year: 2024,
                                                     date: RulesFixture.day(2026, 6, 1), inputs: inputs),
            ]
            verdicts.forEach(Self.checkSums)
        }
    }

    @Test("the 高企 pre-screen's maxima follow RULES.md §10")
    func hightechMaxima() throws {
        let verdict = try HightechPrescreen.evaluate(enterprise: RulesFixture.growing, profile: Self.profile, year: 2024,
                                                     date: Self.date)
        #expect(verdict.groups.map(\.maxPoints) == [32, 30, 20, 20])
        #expect(verdict.groups.map(\.points) == [30, 30, 20, 16])
        #expect(verdict.total == 96)
        #expect(verdict.passLine == 71)
        #expect(verdict.status == .met)
        #expect(verdict.indicators.filter { $0.basis == .upperBound }.allSatisfy { $0.note?.contains("按上限估算") == true || $0.id == "ip_standards" })
        #expect(verdict.version.title == "高新技术企业认定（国科发火〔2016〕32号）")
        #expect(verdict.conditions.contains { $0.id == "no_major_incident" && $0.informational })
    }

    @Test("高企 growth uses g = ½·(Y2/Y1 + Y3/Y2) − 1, the later two years after a zero first year, 0 for one year")
    func hightechGrowth() throws {
        // Sales 100 → 150 → 150: g = ½·(1.5 + 1) − 1 = 25 % → 7–8, credited 8.
        let facts = RulesFixture.facts(RulesFixture.strong, overrides: [2022: [.revenue: 100], 2023: [.revenue: 150],
                                                                        2024: [.revenue: 150]])
        let verdict = try HightechPrescreen.evaluate(enterprise: facts, profile: Self.profile, year: 2024, date: Self.date)
        let sales = try #require(verdict.indicators.first { $0.id == "sales_growth" })
        #expect(sales.value == 25)
        #expect(sales.points == 8)
        // A zero first year: 0 → 100 → 130 reads 30 % over the later two years.
        let zero = RulesFixture.facts(RulesFixture.strong, overrides: [2022: [.revenue: 0], 2023: [.revenue: 100],
                                                                       2024: [.revenue: 130]])
        let later = try HightechPrescreen.evaluate(enterprise: zero, profile: Self.profile, year: 2024, date: Self.date)
        #expect(abs((later.indicators.first { $0.id == "sales_growth" }?.value ?? 0) - 30) < 1e-9)
        // Registered in 2024: one year of history scores 0.
        var young = Self.profile
        young.registeredOn = RulesFixture.day(2024, 2, 1)
        let one = try HightechPrescreen.evaluate(enterprise: RulesFixture.growing, profile: young, year: 2024, date: Self.date)
        let line = try #require(one.indicators.first { $0.id == "net_asset_growth" })
        #expect(line.points == 0 && line.basis == .exact)
        #expect(line.note?.contains("经营不满两个会计年度") == true)
    }

    @Test("科技型 R&D takes the better of sales and total cost")
    func techSMEBetterMeasure() throws {
        // R&D 300 over sales 10000 is 3 % (20 points) but over total cost 1000 is 30 % (50 points).
        let facts = Self.strong([.revenue: 10_000, .totalCost: 1000, .rdExpense: 300])
        let verdict = try TechSMEEvaluator.evaluate(enterprise: facts, profile: Self.profile, year: 2024, date: Self.date)
        let rd = try #require(verdict.indicators.first { $0.id == "rd_input" })
        #expect(rd.points == 50)
        #expect(rd.note?.contains("成本费用") == true)
        #expect(verdict.version.title == "科技型中小企业评价（国科发政〔2017〕115号）")
    }

    @Test("科技型 direct confirmation replaces the score but not the basic conditions")
    func techSMEDirect() throws {
        // No IP, 1 % R&D, 12 % S&T staff: 4 + 0 + 0 points.
        var weak = Self.strong([.rdExpense: 50, .stStaff: 12, .totalCost: 100_000])
        for year in 2022...2024 {
            for part in DerivedFacts.classOneParts + DerivedFacts.classTwoParts { weak.set(part, 0, in: year) }
        }
        var certified = Self.profile
        certified.hightechValid = true
        let direct = try TechSMEEvaluator.evaluate(enterprise: weak, profile: certified, year: 2024, date: Self.date)
        #expect(direct.scoreStatus == .notMet)
        #expect(direct.directConditionApplied)
        #expect(direct.status == .met)
        var large = weak
        large.set(.employees, 600, in: 2024)
        let tooLarge = try TechSMEEvaluator.evaluate(enterprise: large, profile: certified, year: 2024, date: Self.date)
        #expect(tooLarge.directConditionApplied)
        #expect(tooLarge.status == .notMet)
        var plain = Self.profile
        plain.hightechValid = false
        var noEvents = weak
        for year in 2020...2021 {
            for id in [FactID.stAwardsNational, .standardsLed] { noEvents.set(id, 0, in: year) }
        }
        let none = try TechSMEEvaluator.evaluate(enterprise: noEvents, profile: plain, year: 2024, date: Self.date)
        #expect(!none.directConditionApplied)
        #expect(none.status == .notMet)
    }

    @Test("创新型 qualifies on points with every group minimum, or on a direct condition")
    func innovative() throws {
        let full = InnovativeSMEInputs(highValueClassOneIP: true, strategicEmergingProduct: true)
        let strong = try InnovativeSMEEvaluator.evaluate(enterprise: RulesFixture.growing, profile: Self.profile,
                                                         year: 2024, date: Self.date, inputs: full)
        #expect(strong.total == 100)
        #expect(strong.status == .met)
        #expect(strong.version.title == "创新型中小企业（工信部企业〔2022〕63号附件1）")
        // 专业化 below 15: share under 50 % (0) and no strategic product (5) — 80 points still fail.
        let narrow = Self.strong([.mainRevenue: 1000], years: [2024])
        let failing = try InnovativeSMEEvaluator.evaluate(
            enterprise: narrow, profile: Self.profile, year: 2024, date: Self.date,
            inputs: InnovativeSMEInputs(highValueClassOneIP: true, strategicEmergingProduct: false,
                                        nationalInnovationDemonstration: false, ipAdvantageOrDemonstration: false))
        let group = try #require(failing.groups.first { $0.name == "专业化" })
        #expect(group.points == 5 && group.status == .notMet)
        #expect(failing.scoreStatus == .notMet)
        #expect(failing.status == .notMet)
        // The same enterprise with a provincial R&D institution qualifies directly.
        var institution = narrow
        institution.set(.rdInstitutionsProvincial, 1, in: 2024)
        let direct = try InnovativeSMEEvaluator.evaluate(
            enterprise: institution, profile: Self.profile, year: 2024, date: Self.date,
            inputs: InnovativeSMEInputs(highValueClassOneIP: true, strategicEmergingProduct: false))
        #expect(direct.scoreStatus == .notMet)
        #expect(direct.directConditionApplied)
        #expect(direct.status == .met)
    }

    static let completeInputs = SpecializedSMEInputs(
        yearsInNiche: 10, fieldClass: .keyLink, digitalLevel: 3, qualityItems: 2, highValueClassOneIP: true,
        selfDevelopedClassOneIP: true, lowerLevelInstitution: false, rankedAward: false, makerChinaTop500: false,
        featurePoints: ["local_feature": 15], holdsInnovativeTitle: true, beneficialClassOneIP: true,
        leadingMarketShare: true)

    @Test("专精特新 2022 scores 13 indicators and accepts a direct condition instead of the score")
    func specialized2022() throws {
        let verdict = try SpecializedSMEEvaluator.evaluate(enterprise: RulesFixture.growing, profile: Self.profile,
                                                           year: 2024, date: Self.date, inputs: Self.completeInputs)
        #expect(verdict.indicators.count == 13)
        #expect(verdict.version.id == "specialized_sme_2022")
        #expect(verdict.status == .met)
        #expect(verdict.groups.map(\.maxPoints) == [25, 25, 15, 35])
        // Weak score (few inputs known as zero), yet a 2-year average R&D of 1200 万 qualifies directly.
        var weakInputs = SpecializedSMEInputs(yearsInNiche: 3, fieldClass: .other, digitalLevel: 1, qualityItems: 0,
                                              highValueClassOneIP: false, selfDevelopedClassOneIP: false,
                                              lowerLevelInstitution: false, rankedAward: false, makerChinaTop500: false,
                                              featurePoints: ["local_feature": 0])
        let bigRD = Self.strong([.rdExpense: 1200, .revenue: 40_000, .mainRevenue: 10_000, .netProfit: 0])
        let direct = try SpecializedSMEEvaluator.evaluate(enterprise: bigRD, profile: Self.profile, year: 2024,
                                                          date: Self.date, inputs: weakInputs)
        #expect(direct.scoreStatus == .notMet)
        #expect(direct.directConditionApplied)
        #expect(direct.status == .met)
        // Under two years in the niche no direct condition helps.
        weakInputs.yearsInNiche = 1.5
        let young = try SpecializedSMEEvaluator.evaluate(enterprise: bigRD, profile: Self.profile, year: 2024,
                                                         date: Self.date, inputs: weakInputs)
        #expect(young.status == .notMet)
        #expect(young.conditions.first { $0.id == "niche_years" }?.gap == 0.5)
    }

    @Test("专精特新 2026 applies its configurable conditions, has no direct conditions and labels its numbers")
    func specialized2026() throws {
        let date = RulesFixture.day(2026, 4, 1)
        let verdict = try SpecializedSMEEvaluator.evaluate(enterprise: RulesFixture.growing, profile: Self.profile,
                                                           year: 2024, date: date, inputs: Self.completeInputs)
        #expect(verdict.version.id == "specialized_sme_2026")
        #expect(verdict.version.caveat == "默认方案，可配置")
        #expect(verdict.notes.first?.contains("默认方案，可配置") == true)
        #expect(verdict.directConditions.isEmpty)
        #expect(verdict.passLine == 50)
        #expect(verdict.status == .met)
        var inputs = Self.completeInputs
        inputs.leadingMarketShare = nil
        let unknown = try SpecializedSMEEvaluator.evaluate(enterprise: RulesFixture.growing, profile: Self.profile,
                                                           year: 2024, date: date, inputs: inputs)
        #expect(unknown.status == .unknown)
        let heavy = Self.strong([.totalLiabilities: 5500], years: [2024])
        let indebted = try SpecializedSMEEvaluator.evaluate(enterprise: heavy, profile: Self.profile, year: 2024,
                                                            date: date, inputs: Self.completeInputs)
        #expect(indebted.conditions.first { $0.id == "debt_ratio" }?.status == .notMet)
        #expect(indebted.status == .notMet)
    }

    @Test("特色化 follows the province's configured indicators")
    func provincialFeatures() throws {
        let scheme = ProvincialFeatureScheme(province: "50", indicators: [
            FeatureIndicator(id: "chain", name: "重点产业链配套", maxPoints: 10),
            FeatureIndicator(id: "export", name: "出口占比", maxPoints: 5),
        ])
        var inputs = Self.completeInputs
        inputs.featurePoints = ["chain": 7]
        let verdict = try SpecializedSMEEvaluator.evaluate(enterprise: RulesFixture.growing, profile: Self.profile,
                                                           year: 2024, date: Self.date, inputs: inputs, features: scheme)
        let features = verdict.indicators.filter { $0.group == "特色化" }
        #expect(features.map(\.name) == ["重点产业链配套", "出口占比"])
        #expect(features.map(\.points) == [7, 0])
        #expect(features.map(\.possiblePoints) == [7, 5])
    }

    @Test("inputs and provincial schemes outside the rules are refused in Chinese", arguments: [
        (SpecializedSMEInputs(digitalLevel: 5), "“数字化水平”应为一级至四级（1–4）"),
        (SpecializedSMEInputs(yearsInNiche: -1), "“从事特定细分市场年限”应为 0 至 200 之间的数字"),
        (SpecializedSMEInputs(featurePoints: ["local_feature": 16]), "“地方特色指标（默认方案，可配置）”得分应在 0 至 15 分之间"),
        (SpecializedSMEInputs(featurePoints: ["other": 1]), "“特色化指标”“other”不是本省设置的指标"),
    ])
    func invalidInputs(inputs: SpecializedSMEInputs, message: String) {
        do {
            _ = try SpecializedSMEEvaluator.evaluate(enterprise: RulesFixture.growing, profile: Self.profile, year: 2024,
                                                     date: Self.date, inputs: inputs)
            Issue.record("accepted")
        } catch {
            #expect(error.errorDescription == message)
            #expect(error.code == "rules.invalid_input")
        }
        let badScheme = ProvincialFeatureScheme(province: "50", indicators: [FeatureIndicator(id: "a", name: "甲", maxPoints: 10)])
        #expect(throws: RuleError.invalidDefinition("特色化指标分值应为正数，合计 15 分")) { try badScheme.validate() }
    }
}
