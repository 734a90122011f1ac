import Foundation

/// The scoring benchmark behind `seedbed bench scoring --enterprises N --seed S [--write-csv F]
/// [--write-scheme S]`: deterministic synthetic enterprises over 200 cohorts and 3 stages, scored with 18
/// percentile indicators, comparable with `score_pandas.py` on the files it writes.
///
/// Data come from SplitMix64 with only `+ − × ÷` and rounding (no `log`/`exp`, whose last bits differ between
/// C libraries), so the same seed gives the same data on any machine. Values are rounded to 0–4 decimals (万元
/// to the cent, ratios to 0.01 %), which the CSV writes in Swift's shortest round-trip form; both sides
/// therefore parse identical doubles.
public struct ScoringBenchmark: Sendable {
    /// Number of cohorts the enterprises are spread over.
    public static let cohortCount = 200
    /// At most this many enterprises (about 300 bytes of memory each while generating and scoring).
    public static let maximumEnterprises = 10_000_000

    public let enterprises: Int
    public let seed: UInt64

    public init(enterprises: Int, seed: UInt64) throws(ScoringError) {
        guard (1...Self.maximumEnterprises).contains(enterprises) else {
            throw .invalidArgument("企业数应在 1 到 \(Self.maximumEnterprises) 之间，当前为 \(enterprises)")
        }
        self.enterprises = enterprises
        self.seed = seed
    }

    /// The benchmark's scheme: 18 percentile indicators (one lower-is-better), 100 points in every stage.
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
        var random = BenchmarkRandom(seed: seed)
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

    /// Generates, optionally writes the files, scores, and reports compute seconds and checksums. With
    /// `repeats` > 1 the scoring runs that many times and the fastest counts (on a shared machine the others
    /// measure the neighbours); the checksums are those of the last run, and every run gives the same.
    public func run(writeCSV csvPath: String? = nil, writeScheme schemePath: String? = nil,
                    repeats: Int = 1) throws(ScoringError) -> ScoringBenchmarkReport
    {
        let input = generate()
        if let csvPath { try Self.writeFacts(input, to: csvPath) }
        if let schemePath { try Self.writeScheme(to: schemePath) }
        let engine: ScoringEngine
        do {
            engine = try ScoringEngine(scheme: Self.scheme)
        } catch {
            throw .invalidArgument(error.errorDescription ?? "基准测试方案无效")
        }
        let clock = ContinuousClock()
        var seconds = Double.infinity
        var result: ScoringResult?
        for _ in 0..<max(1, repeats) {
            result = nil
            let start = clock.now
            let scored = try engine.score(input)
            let elapsed = clock.now - start
            result = scored
            seconds = min(seconds, elapsed.seconds)
        }
        guard let result else { throw .invalidArgument("未进行计算") }
        return ScoringBenchmarkReport(enterprises: enterprises, seconds: seconds,
                                      totalChecksum: result.totalChecksum, rankChecksum: result.rankChecksum)
    }

    /// Writes the facts CSV the peer reads: `id,cohort,stage,<indicator ids>`, empty = missing, numbers in
    /// shortest round-trip form. Rows are formatted in parallel chunks and written in order, a batch of chunks
    /// at a time so memory stays bounded whatever the number of enterprises.
    public static func writeFacts(_ input: ScoringInput, to path: String) throws(ScoringError) {
        let writer = try FileWriter(path: path)
        let header = (["id", "cohort", "stage"] + scheme.indicators.map(\.id)).joined(separator: ",") + "\n"
        try writer.write(Array(header.utf8))
        let rowsPerChunk = 10_000
        let chunksPerBatch = 16
        var firstRow = 0
        while firstRow < input.count {
            let rows = firstRow..<min(input.count, firstRow + rowsPerChunk * chunksPerBatch)
            for chunk in formatRows(input, rows: rows, rowsPerChunk: rowsPerChunk) { try writer.write(chunk) }
            firstRow = rows.upperBound
        }
        try writer.close()
    }

    /// CSV lines of `rows`, in chunks of `rowsPerChunk` formatted on all cores.
    private static func formatRows(_ input: ScoringInput, rows: Range<Int>, rowsPerChunk: Int) -> [[UInt8]] {
        let columns = scheme.indicators.map { input.frame.values($0.fact) }
        let stageNames = scheme.stages.map(\.rawValue)
        let chunkCount = (rows.count + rowsPerChunk - 1) / rowsPerChunk
        return [[UInt8]](unsafeUninitializedCapacity: chunkCount) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            // Chunk i initialises element i only.
            let out = DisjointStorage(base: base)
            ParallelWork.forEach(chunkCount) { chunk in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(rowsPerChunk * 160)
                let first = rows.lowerBound + chunk * rowsPerChunk
                for slot in first..<min(rows.upperBound, first + rowsPerChunk) {
                    bytes.append(contentsOf: String(slot + 1).utf8)
                    bytes.append(UInt8(ascii: ","))
                    bytes.append(contentsOf: cohortLabel(Int(input.cohorts[slot])).utf8)
                    bytes.append(UInt8(ascii: ","))
                    let stage = Int(input.stages[slot])
                    bytes.append(contentsOf: (stageNames.indices.contains(stage) ? stageNames[stage] : "").utf8)
                    for column in columns {
                        bytes.append(UInt8(ascii: ","))
                        let value = column[slot]
                        if !value.isNaN { bytes.append(contentsOf: value.description.utf8) }
                    }
                    bytes.append(UInt8(ascii: "\n"))
                }
                (out.base + chunk).initialize(to: bytes)
            }
            initialized = chunkCount
        }
    }

    /// Writes the scheme as JSON. The platform's scheme format keeps `id`, `direction` and `weights` (keyed by
    /// stage name) at the top of each indicator, which is exactly what the peer reads.
    public static func writeScheme(to path: String) throws(ScoringError) {
        let data: Data
        do {
            data = try scheme.encoded()
        } catch {
            throw .cannotWrite(path: path, reason: error.errorDescription ?? "方案编码失败")
        }
        let writer = try FileWriter(path: path)
        try writer.write(Array(data))
        try writer.close()
    }
}

/// A file being written, with failures reported as `ScoringError.cannotWrite`.
private struct FileWriter {
    let path: String
    let handle: FileHandle

    init(path: String) throws(ScoringError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path)
        else { throw .cannotWrite(path: path, reason: "无法创建文件") }
        self.path = path
        self.handle = handle
    }

    func write(_ bytes: [UInt8]) throws(ScoringError) {
        do {
            try handle.write(contentsOf: Data(bytes))
        } catch {
            try? handle.close()
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    func close() throws(ScoringError) {
        do {
            try handle.close()
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}

/// The benchmark's random source: SplitMix64 plus the distributions the synthetic enterprises need, built from
/// exactly rounded arithmetic only.
private struct BenchmarkRandom {
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
