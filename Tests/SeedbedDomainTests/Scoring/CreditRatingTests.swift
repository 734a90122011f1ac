import Foundation
@testable import SeedbedDomain
import Testing

@Suite("知识价值信用评级方案")
struct CreditRatingTests {
    /// A scheme whose total is the value of one fact (1 point per unit, up to 200), to put totals on any cut-off.
    static let linear = CreditRatingScheme(
        id: "t", version: 1, name: "t", effectiveFrom: "2024-01-01",
        indicators: [CreditIndicator(id: "n", name: "计数", group: .base, dimension: .intellectualProperty,
                                     fact: .ipInvention, method: .countWithCap(cap: 200), weight: 200, unit: .count)],
        bonusCap: nil, grades: CreditRatingScheme.platformDefault.grades)

    @Test("默认方案有效：基础指标满分 100，五个等级与推荐授信额度 500/400/300/160/80 万元")
    func defaultSchemeIsValid() {
        let scheme = CreditRatingScheme.platformDefault
        #expect(scheme.validate().isEmpty)
        #expect(scheme.baseFullScore == 100)
        #expect(scheme.grades.map(\.grade) == [.a, .b, .c, .d, .e])
        #expect(scheme.grades.map(\.creditLine) == [500, 400, 300, 160, 80])
        #expect(Set(scheme.indicators.map(\.dimension)) == Set(CreditDimension.allCases))
        #expect(scheme.indicators.filter { $0.group == .base }.allSatisfy { [.intellectualProperty, .rdInvestment].contains($0.dimension) })
        // Derived facts are replaced by what they are computed from.
        let needed = scheme.filedFactsNeeded
        for fact: FactID in [.ipInvention, .ipUtilityModel, .ipSoftware, .rdExpense, .revenue, .stStaff, .employees,
                             .hightechProductIncome, .hightechCertified] {
            #expect(needed.contains(fact), "\(fact)")
        }
        #expect(!needed.contains(.ipClass1) && !needed.contains(.rdRatio))
    }

    @Test("等级线上的总分属于该等级，差 0.01 分属于下一等级，并给出距上一等级的差距",
          arguments: [(80.0, CreditGrade.a, 500, nil as Int?), (79.99, .b, 400, 1), (65, .b, 400, 1500),
                      (64.99, .c, 300, 1), (50, .c, 300, 1500), (49.99, .d, 160, 1), (35, .d, 160, 1500),
                      (34.99, .e, 80, 1), (0, .e, 80, 3500), (200, .a, 500, nil)])
    func cutOffs(total: Double, grade: CreditGrade, line: Int, gap: Int?) throws {
        let rating = try #require(Self.linear.rate(facts: [.ipInvention: total]))
        #expect(rating.totalCentis == CreditPoints.centis(total))
        #expect(rating.grade == grade)
        #expect(rating.creditLine == line)
        #expect(rating.gapCentis == gap)
        let index = CreditGrade.allCases.firstIndex(of: grade) ?? 0
        #expect(rating.nextGrade == (index > 0 ? CreditGrade.allCases[index - 1] : nil))
    }

    @Test("默认方案：恰好 80 分为 A 级，少一项科技型中小企业（2 分）为 B 级，差 2.00 分")
    func defaultSchemeBoundary() throws {
        // Every Ⅰ类/Ⅱ类 part is reported (a class with an unreported part is unknown and scores 0, as everywhere on
        // the platform — see `missingPartLeavesClassUnknown`).
        var facts = Self.noIP.merging([.ipInvention: 6, .ipUtilityModel: 5, .rdExpense: 500, .revenue: 10_000,
                                       .hightechCertified: 1, .techSMECertified: 1]) { $1 }
        let a = try #require(CreditRatingScheme.platformDefault.rate(facts: facts))
        #expect(a.baseCentis == 7300)
        #expect(a.bonusCentis == 700)
        #expect(a.totalText == "80.00")
        #expect(a.grade == .a)
        #expect(a.creditLine == 500)
        facts[.techSMECertified] = 0
        let b = try #require(CreditRatingScheme.platformDefault.rate(facts: facts))
        #expect(b.grade == .b)
        #expect(b.gapCentis == 200)
        #expect(b.nextGrade == .a)
        let ratio = try #require(b.lines.first { $0.indicatorID == "rd_ratio" })
        #expect(ratio.valueText == "5.00%")
        #expect(ratio.pointsText == "18.00")
    }

    /// Every IP part at 0.
    static let noIP: [FactID: Double] = Dictionary(uniqueKeysWithValues:
        (DerivedFacts.classOneParts + DerivedFacts.classTwoParts).map { ($0, 0.0) })

    @Test("知识产权某一类有未填报的分项时该类按未填报计 0 分")
    func missingPartLeavesClassUnknown() throws {
        let rating = try #require(CreditRatingScheme.platformDefault.rate(facts: [.ipInvention: 6]))
        let line = try #require(rating.lines.first { $0.indicatorID == "ip_class1" })
        #expect(line.valueText == "未填报" && line.centis == 0)
        let full = try #require(CreditRatingScheme.platformDefault.rate(facts: Self.noIP.merging([.ipInvention: 6]) { $1 }))
        #expect(full.lines.first { $0.indicatorID == "ip_class1" }?.pointsText == "30.00")
    }

    @Test("逐项得分之和等于总分：基础分、加分（封顶后）与总分在两千家企业上逐分一致")
    func explanationAddsUp() {
        let scheme = CreditRatingScheme.platformDefault
        let enterprises = DemoEnterpriseGenerator().generate(count: 2000, seed: 7)
        var frame = FactFrame(count: enterprises.count)
        for (slot, enterprise) in enterprises.enumerated() {
            for (fact, value) in DemoFactsGenerator().facts(for: enterprise, years: [2024])[2024] ?? [:] {
                frame.setValue(value, for: fact, at: slot)
            }
        }
        let ratings = scheme.rate(DerivedFacts.adding(to: frame, previous: nil))
        var grades: Set<CreditGrade> = []
        for rating in ratings {
            guard let rating else { Issue.record("every slot is rated"); continue }
            #expect(rating.lines.count == scheme.indicators.count)
            #expect(rating.lines(in: .base).reduce(0) { $0 + $1.centis } == rating.baseCentis)
            #expect(rating.lines(in: .bonus).reduce(0) { $0 + $1.centis } == rating.bonusUncappedCentis)
            #expect(rating.bonusCentis == min(rating.bonusUncappedCentis, 2000))
            #expect(rating.baseCentis + rating.bonusCentis == rating.totalCentis)
            #expect(scheme.gradeRule(forCentis: rating.totalCentis)?.grade == rating.grade)
            grades.insert(rating.grade)
        }
        #expect(grades.count >= 4, "the default scheme spreads demo enterprises over the grades: \(grades)")
    }

    @Test("加分超过上限时按上限计入，明细仍列出每项加分")
    func bonusIsCapped() throws {
        let facts: [FactID: Double] = [.stStaff: 60, .employees: 100, .hightechProductIncome: 6000, .hightechCertified: 1,
                                       .specializedSMECertified: 1, .techSMECertified: 1]
        let rating = try #require(CreditRatingScheme.platformDefault.rate(facts: facts))
        #expect(rating.bonusUncappedCentis == 2200)
        #expect(rating.bonusCentis == 2000)
        #expect(rating.totalCentis == 2000)
        #expect(rating.grade == .e)
    }

    @Test("未填报的数据得 0 分并注明「未填报」；未标记的企业不评级")
    func missingValues() throws {
        let rating = try #require(CreditRatingScheme.platformDefault.rate(facts: [:]))
        #expect(rating.totalCentis == 0)
        #expect(rating.grade == .e)
        #expect(rating.lines.allSatisfy { $0.valueText == "未填报" && $0.centis == 0 })
        let frame = FactFrame(count: 3)
        let ratings = CreditRatingScheme.platformDefault.rate(frame, rated: [true, false, true])
        #expect(ratings.map { $0 != nil } == [true, false, true])
    }

    @Test("明细可存为 JSON 并原样读回")
    func explanationRoundTrips() throws {
        let rating = try #require(CreditRatingScheme.platformDefault.rate(facts: [.ipInvention: 2, .rdExpense: 120, .revenue: 1500]))
        #expect(CreditRating.decode(rating.json()) == rating)
        #expect(CreditRating.decode("not json") == nil)
    }

    @Test("手写的明细 JSON 与 JSONEncoder（键排序）读回相同（不同等级、未填报的指标）；分块评级与整体评级一致")
    func explanationMatchesEncoder() throws {
        let scheme = CreditRatingScheme.platformDefault
        var frame = FactFrame(count: 400)
        var generator = SplitMix64(seed: 7)
        // Every fifth slot reports everything large (the best grades), the others a random part at random sizes.
        for slot in 0..<400 {
            for indicator in scheme.indicators where slot % 5 == 0 || generator.next() % 4 != 0 {
                let size = slot % 5 == 0 ? 10_000.0 : Double(generator.next() % 4_000) / 8
                frame.setValue(size, for: indicator.fact, at: slot)
            }
        }
        let ratings = scheme.rate(DerivedFacts.adding(to: frame, previous: nil)).compactMap { $0 }
        #expect(ratings.count == 400)
        #expect(Set(ratings.map(\.grade)).count >= 2)
        #expect(ratings.contains { $0.lines.contains { $0.value == nil } })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for rating in ratings {
            let written = rating.json()
            #expect(CreditRating.decode(written) == rating)
            let encoded = String(decoding: try encoder.encode(rating), as: UTF8.self)
            #expect(CreditRating.decode(encoded) == CreditRating.decode(written))
            // Same members in the same order: only the spelling of numbers may differ (12.0 against 12).
            #expect(Self.keys(written) == Self.keys(encoded))
        }
        let chunked = (0..<4).flatMap { part in
            scheme.rate(DerivedFacts.adding(to: frame, previous: nil), slots: (part * 100)..<(part * 100 + 100))
        }
        #expect(chunked == scheme.rate(DerivedFacts.adding(to: frame, previous: nil)))
    }

    @Test("评级只存各指标取值：结果与完整评级一致，按方案版本读回的明细与计算时相同")
    func recordsExplainAsRated() throws {
        let scheme = CreditRatingScheme.platformDefault
        var frame = FactFrame(count: 300)
        var generator = SplitMix64(seed: 11)
        for slot in 0..<300 {
            for indicator in scheme.indicators where slot % 7 == 0 || generator.next() % 3 != 0 {
                let size = slot % 7 == 0 ? 50_000.0 : Double(generator.next() % 6_000) / 16
                frame.setValue(size, for: indicator.fact, at: slot)
            }
        }
        let derived = DerivedFacts.adding(to: frame, previous: nil)
        let rated = (0..<300).map { $0 % 10 != 3 }
        let ratings = scheme.rate(derived, rated: rated)
        let records = (0..<3).flatMap { part in scheme.records(derived, rated: rated, slots: (part * 100)..<(part * 100 + 100)) }
        #expect(records.count == 300)
        #expect(Set(ratings.compactMap { $0?.grade }).count >= 2)
        #expect(ratings.contains { $0?.lines.contains { $0.value == nil } == true }, "unreported values too")
        for (rating, record) in zip(ratings, records) {
            #expect((rating == nil) == (record == nil))
            guard let rating, let record else { continue }
            #expect(record.totalCentis == rating.totalCentis)
            #expect(record.grade == rating.grade)
            #expect(record.creditLine == rating.creditLine)
            let stored = record.json()
            #expect(stored.utf8.count < 400, "\(stored.utf8.count)")
            #expect(CreditRating.decode(stored, scheme: scheme) == rating)
        }
        // Without its scheme, or with values the scheme does not have, a stored rating reads as unreadable.
        let sample = try #require(records.compactMap { $0 }.first)
        #expect(CreditRating.decode(sample.json()) == nil)
        #expect(CreditRating.decode(sample.json(), scheme: Self.linear) == nil)
        #expect(CreditRating.decode("{\"values\":[1,2]}", scheme: scheme) == nil)
        // An explanation stored whole (ratings computed before) still reads back.
        let whole = try #require(ratings.compactMap { $0 }.first)
        #expect(CreditRating.decode(whole.json(), scheme: scheme) == whole)
    }

    /// The object keys of a JSON text, in order of appearance.
    private static func keys(_ json: String) -> [String] {
        var keys: [String] = []
        var scanner = json.unicodeScalars.makeIterator()
        var current = ""
        var inString = false
        var escaped = false
        var previous: String?
        while let scalar = scanner.next() {
            if inString {
                if escaped { escaped = false; current.unicodeScalars.append(scalar); continue }
                if scalar == "\\" { escaped = true; continue }
                if scalar == "\"" { inString = false; previous = current; continue }
                current.unicodeScalars.append(scalar)
            } else if scalar == "\"" {
                inString = true
                current = ""
            } else if scalar == ":", let key = previous {
                keys.append(key)
                previous = nil
            } else if !scalar.properties.isWhitespace {
                previous = nil
            }
        }
        return keys
    }

    @Test("方案校验拒绝百分位指标、分段不递增、等级线不递减和缺少等级")
    func validation() {
        var scheme = CreditRatingScheme.platformDefault
        scheme.indicators[0].method = .percentile
        scheme.indicators[2].method = .bands(thresholds: [100, 50], values: [0.5, 1])
        scheme.grades[1].minimumScore = 90
        #expect(scheme.validate().count == 3)
        var short = CreditRatingScheme.platformDefault
        short.grades.removeLast()
        #expect(!short.validate().isEmpty)
        var weights = CreditRatingScheme.platformDefault
        weights.indicators[1].weight = .nan
        #expect(!weights.validate().isEmpty)
    }
}
