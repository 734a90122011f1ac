import SeedbedDomain

/// Deterministic synthetic enterprises for scoring: 200 cohorts of unequal size, 3 stages, and the 18 facts of
/// `scheme`, with about 10 % missing values and ties. The scoring benchmark (`seedbed-bench scoring`) scores them
/// beside `score_pandas.py`; the domain tests use them as realistic input.
///
/// Data come from SplitMix64 with only `+ − × ÷` and rounding (no `log`/`exp`, whose last bits differ between
/// C libraries), so the same seed gives the same data on any machine. Values are rounded to 0–4 decimals (万元
/// to the cent, ratios to 0.01 %), whose shortest round-trip form both the platform and a peer parse to identical
/// doubles.
public struct SyntheticScoring: Sendable {
    /// Number of cohorts the enterprises are spread over.
    public static let cohortCount = 200
    /// At most this many enterprises (about 300 bytes of memory each while generating and scoring).
    public static let maximumEnterprises = 10_000_000

    public let enterprises: Int
    public let seed: UInt64

    public init(enterprises: Int, seed: UInt64) throws(SyntheticDataError) {
        guard (1...Self.maximumEnterprises).contains(enterprises) else {
            throw SyntheticDataError("企业数应在 1 到 \(Self.maximumEnterprises) 之间，当前为 \(enterprises)")
        }
        self.enterprises = enterprises
        self.seed = seed
    }

    /// The scheme the data are made for: 18 percentile indicators (one lower-is-better), 100 points per stage.
    public static let scheme: InnovationScheme = {
        let table: [(FactID, String, IndicatorGroup, RankDirection, Double, Double, Double)] = [
            (.rdExpense, "研发费用总额", .technology, .higher, 8, 7, 7),
            (.rdRatio, "研发费用占营业收入比例", .technology, .higher, 8, 6, 5),
            (.rdStaff, "研发人员数", .technology, .higher, 5, 4, 4),
            (.rdStaffRatio, "研发人员占比", .technology, .higher, 6, 4, 3),
            (.ipClass1, "Ⅰ类知识产权数", .technology, .higher, 8, 7, 6),
            (.ipClass2, "Ⅱ类知识产权数", .technology, .higher, 4, 3, 2),
            (.techContractTurnover, "技术合同成交额", .technology, .higher, 4, 5, 5),
            (.standardsLed, "主导制定标准数", .technology, .higher, 2, 3, 4),
            (.stAwardsNational, "国家级科技奖励", .technology, .higher, 2, 3, 4),
            (.rdInstitutionLevel, "研发机构级别", .technology, .higher, 3, 4, 5),
            (.revenue, "营业收入", .growth, .higher, 6, 8, 10),
            (.revenueGrowth, "营业收入增长率", .growth, .higher, 10, 12, 8),
            (.netProfit, "净利润", .growth, .higher, 4, 6, 9),
            (.profitGrowth, "净利润增长率", .growth, .higher, 6, 7, 6),
            (.equityFinancing, "股权融资额", .growth, .higher, 10, 7, 4),
            (.taxPaid, "实际上缴税费", .growth, .higher, 4, 6, 10),
            (.stStaffRatio, "科技人员占比", .auxiliary, .higher, 5.5, 4.5, 2.5),
            (.debtRatio, "资产负债率", .auxiliary, .lower, 4.5, 3.5, 5.5),
        ]
        return InnovationScheme(
            id: "bench-18", version: 1, name: "积分基准测试方案（18 项百分位指标）", effectiveFrom: "2024-01-01",
            notice: "基准测试用方案，非正式方案",
            indicators: table.map { fact, name, group, direction, startup, growth, stable in
                Indicator(id: fact.rawValue, name: name, group: group, fact: fact, method: .percentile,
                          direction: direction, weights: [.startup: startup, .growth: growth, .stable: stable])
            },
            fullScore: 100
        )
    }()

    /// The cohort label written to the CSV for a cohort code.
    public static func cohortLabel(_ code: Int) -> String {
        let digits = String(code)
        return "C" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    /// Generates the enterprises: one column per indicator fact, a cohort code and a stage code per slot.
    public func generate() -> ScoringInput {
        let count = enterprises
        var random = SyntheticRandom(seed: seed)
        var columns = [[Double]](repeating: [Double](repeating: .nan, count: count), count: 18)
        var cohorts = [Int32](repeating: 0, count: count)
        var stages = [UInt8](repeating: 0, count: count)
        for slot in 0..<count {
            // Cohorts of unequal size (about 1 : 3 from the first to the last), as zones are.
            let pick = random.unit()
            cohorts[slot] = Int32(min(Self.cohortCount - 1, Int(Double(Self.cohortCount) * pick * (0.5 + 0.5 * pick))))
            let stagePick = random.unit()
            let stage = stagePick < 0.45 ? 0 : (stagePick < 0.8 ? 1 : 2)
            stages[slot] = UInt8(stage)
            let values = random.enterprise(stage: stage)
            for (index, value) in values.enumerated() where random.unit() >= 0.1 {
                columns[index][slot] = value
            }
        }
        var frame = FactFrame(count: count)
        for (indicator, column) in zip(Self.scheme.indicators, columns) {
            frame.setColumn(indicator.fact, column)
        }
        return ScoringInput(frame: frame, cohorts: cohorts, cohortCount: Self.cohortCount, stages: stages)
    }
}

/// The random source: SplitMix64 plus the distributions the synthetic enterprises need, built from
/// exactly rounded arithmetic only.
private struct SyntheticRandom {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// Uniform in [0, 1) from the top 53 bits.
    mutating func unit() -> Double { Double(generator.next() >> 11) * 0x1.0p-53 }

    /// Roughly normal around 0.5 (sd ≈ 0.14): the mean of four uniforms.
    mutating func bell() -> Double { (unit() + unit() + unit() + unit()) / 4 }

    /// Failures before the first success with success probability `1 − keep`, capped: a count with many zeros.
    mutating func geometric(keep: Double, cap: Int) -> Double {
        var count = 0
        while count < cap, unit() < keep { count += 1 }
        return Double(count)
    }

    /// One enterprise's 18 indicator values in the scheme's order, before missing values are punched in.
    mutating func enterprise(stage: Int) -> [Double] {
        let scale = [0.3, 1.0, 3.0][min(stage, 2)]
        let size = 1 + 9 * bell()
        let revenue = round(size * size * size * size * scale, 2)
        let rdRatio = round(0.005 + 0.3 * pow2(unit()), 4)
        let rdExpense = round(revenue * rdRatio, 2)
        let rdStaff = (1 + 80 * pow3(unit())).rounded(.down)
        let stStaffRatio = round(0.1 + 0.7 * unit(), 2)
        let rdStaffRatio = round(stStaffRatio * (0.3 + 0.7 * unit()), 3)
        let ipClass1 = geometric(keep: 0.55, cap: 40)
        let ipClass2 = geometric(keep: 0.75, cap: 80)
        let turnoverBase = 1 + 5 * bell()
        let techContract = unit() < 0.5 ? 0 : round(pow3(turnoverBase), 2)
        let standards = geometric(keep: 0.25, cap: 10)
        let awards: Double = unit() < 0.03 ? 1 : 0
        let level = unit()
        let institution: Double = level < 0.5 ? 0 : (level < 0.8 ? 1 : (level < 0.95 ? 2 : 3))
        let revenueGrowth = round((bell() - 0.45) * 1.5, 4)
        let netProfit = round(revenue * (bell() - 0.35) * 0.4, 2)
        let profitGrowth = round((bell() - 0.45) * 3, 4)
        let financingBase = 1 + 9 * bell()
        let financing = unit() < 0.75 ? 0 : round(pow3(financingBase), 2)
        let tax = round(revenue * (0.01 + 0.07 * unit()), 2)
        let debtRatio = round(0.05 + 0.9 * unit() * unit(), 4)
        return [rdExpense, rdRatio, rdStaff, rdStaffRatio, ipClass1, ipClass2, techContract, standards, awards,
                institution, revenue, revenueGrowth, netProfit, profitGrowth, financing, tax, stStaffRatio, debtRatio]
    }

    private func pow2(_ x: Double) -> Double { x * x }
    private func pow3(_ x: Double) -> Double { x * x * x }

    /// Rounds to `places` decimals; the result prints as at most that many decimals.
    private func round(_ x: Double, _ places: Int) -> Double {
        let factor = [1.0, 10, 100, 1000, 10_000][min(max(places, 0), 4)]
        return (x * factor).rounded() / factor
    }
}
