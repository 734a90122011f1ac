import Foundation
import Testing
@testable import SeedbedDomain

@Suite("18+M 本地方案")
struct SchemeExtensionTests {
    private let base = InnovationScheme.platformDefault

    private func local(_ weights: Double) -> [Indicator] {
        [
            Indicator(id: "local_incubator", name: "入驻孵化器", group: .auxiliary, fact: "incubator_member",
                      method: .boolean, weights: [.startup: weights, .growth: weights, .stable: weights]),
            Indicator(id: "local_digital", name: "数字化水平", group: .auxiliary, fact: "digital_level",
                      method: .bands(thresholds: [2, 3, 4], values: [0.4, 0.7, 1]),
                      weights: [.startup: weights, .growth: weights, .stable: weights]),
        ]
    }

    private func extensionWith(_ indicators: [Indicator], rescale: Bool = true,
                               overrides: [String: [DevelopmentStage: Double]] = [:]) -> SchemeExtension
    {
        SchemeExtension(base: base.reference, id: "zone-3301", version: 1, name: "某高新区创新积分方案",
                        effectiveFrom: "2024-07-01", localIndicators: indicators, weightOverrides: overrides,
                        rescaleToFullScore: rescale)
    }

    @Test("加入 2 项本地指标共 10 分：基础指标按比例缩到 90 分，合计仍为 100 分")
    func derivesWithRescaling() throws {
        let derived = try extensionWith(local(5)).apply(to: base)
        #expect(derived.indicators.count == base.indicators.count + 2)
        #expect(derived.indicators.suffix(2).map(\.id) == ["local_incubator", "local_digital"])
        #expect(derived.basedOn == base.reference)
        #expect(!derived.isDefault)
        #expect(derived.validate().isEmpty)
        for stage in derived.stages {
            let baseSum = derived.indicators.prefix(base.indicators.count)
                .filter { $0.group.countsTowardFullScore }.reduce(0.0) { $0 + $1.weight(in: stage) }
            #expect(abs(baseSum - 90) < 1e-9)
        }
        #expect(derived.indicators[0].weight(in: .startup) == 8 * 0.9)
        #expect(derived.indicators.last { $0.group == .negative }?.weight(in: .startup) == 10)
    }

    @Test("本地方案可编码存储并读回")
    func derivedRoundTrips() throws {
        let item = extensionWith(local(5), overrides: ["rd_expense": [.startup: 10, .growth: 7, .stable: 7]])
        let data = try JSONEncoder().encode(item)
        #expect(try JSONDecoder().decode(SchemeExtension.self, from: data) == item)
        let derived = try item.apply(to: base)
        #expect(try InnovationScheme.decode(from: derived.encoded()) == derived)
    }

    @Test("不缩放时本地指标使总分超过满分，校验报出")
    func withoutRescalingWeightsMustStillAddUp() {
        #expect(throws: SchemeError.self) { try extensionWith(local(5), rescale: false).apply(to: base) }
    }

    @Test("本地指标编号与基础指标重复、权重超过满分、调整不存在的指标都会被拒绝")
    func refusals() {
        var duplicate = local(5)
        duplicate[0].id = "revenue"
        for (item, code) in [
            (extensionWith(duplicate), "indicator_id_duplicate"),
            (extensionWith(local(60)), "local_weights_exceed_full_score"),
            (extensionWith(local(5), overrides: ["nope": [.startup: 1]]), "override_unknown_indicator"),
        ] {
            do {
                _ = try item.apply(to: base)
                Issue.record("应当拒绝 \(code)")
            } catch {
                guard case .invalid(let problems) = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
                #expect(problems.contains { $0.code == code })
            }
        }
    }

    @Test("基础方案版本不符时拒绝派生")
    func baseMismatch() {
        var newer = base
        newer.version = 2
        #expect(throws: SchemeError.baseMismatch(expected: base.reference, actual: newer.reference)) {
            try extensionWith(local(5)).apply(to: newer)
        }
    }

    @Test("派生方案可直接计算")
    func derivedSchemeScores() throws {
        let derived = try extensionWith(local(5)).apply(to: base)
        var frame = FactFrame(count: 2)
        frame.setColumn("incubator_member", [1, 0])
        frame.setColumn("digital_level", [4, 2.5])
        let result = try ScoringEngine(scheme: derived).score(
            ScoringInput(frame: frame, cohorts: [0, 0], cohortCount: 1, stages: [0, 0]))
        #expect(result.totals == [10, 2])
    }
}
