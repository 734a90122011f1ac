import Foundation
import SeedbedDomain
import SyntheticData

/// The scoring benchmark behind `seedbed-bench scoring --enterprises N --seed S [--write-csv F]
/// [--write-scheme S]`: the synthetic enterprises of `SyntheticScoring` scored with its 18 percentile
/// indicators, comparable with `score_pandas.py` on the files it writes (numbers in shortest round-trip form, so
/// both sides parse identical doubles).
struct ScoringBenchmark: Sendable {
    let data: SyntheticScoring

    init(enterprises: Int, seed: UInt64) throws(BenchmarkError) {
        do {
            data = try SyntheticScoring(enterprises: enterprises, seed: seed)
        } catch {
            throw .invalidArgument(error.message)
        }
    }

    static var scheme: InnovationScheme { SyntheticScoring.scheme }

    /// Generates, optionally writes the files, scores, and reports compute seconds and checksums. With
    /// `repeats` > 1 the scoring runs that many times and the fastest counts (on a shared machine the others
    /// measure the neighbours); the checksums are those of the last run, and every run gives the same.
    /// Throws `BenchmarkError` for a file it cannot write, `ScoringError` if the engine refuses the data.
    func run(writeCSV csvPath: String? = nil, writeScheme schemePath: String? = nil,
             repeats: Int = 1) throws -> ScoringBenchmarkReport
    {
        let input = data.generate()
        if let csvPath { try Self.writeFacts(input, to: csvPath) }
        if let schemePath { try Self.writeScheme(to: schemePath) }
        let engine = try ScoringEngine(scheme: Self.scheme)
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
        guard let result else { throw BenchmarkError.invalidArgument("未进行计算") }
        return ScoringBenchmarkReport(enterprises: data.enterprises, seconds: seconds,
                                      totalChecksum: result.totalChecksum, rankChecksum: result.rankChecksum)
    }

    /// Writes the facts CSV the peer reads: `id,cohort,stage,<indicator ids>`, empty = missing, numbers in
    /// shortest round-trip form. Rows are formatted in parallel chunks and written in order, a batch of chunks
    /// at a time so memory stays bounded whatever the number of enterprises.
    static func writeFacts(_ input: ScoringInput, to path: String) throws(BenchmarkError) {
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
                    bytes.append(contentsOf: SyntheticScoring.cohortLabel(Int(input.cohorts[slot])).utf8)
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
    static func writeScheme(to path: String) throws(BenchmarkError) {
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

/// A file being written, with failures reported as `BenchmarkError.cannotWrite`.
private struct FileWriter {
    let path: String
    let handle: FileHandle

    init(path: String) throws(BenchmarkError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path)
        else { throw .cannotWrite(path: path, reason: "无法创建文件") }
        self.path = path
        self.handle = handle
    }

    func write(_ bytes: [UInt8]) throws(BenchmarkError) {
        do {
            try handle.write(contentsOf: Data(bytes))
        } catch {
            try? handle.close()
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    func close() throws(BenchmarkError) {
        do {
            try handle.close()
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}
