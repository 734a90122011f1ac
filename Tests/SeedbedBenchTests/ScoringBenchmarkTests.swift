import Foundation
@testable import SeedbedBench
import SeedbedDomain
import SyntheticData
import Testing

@Suite("积分基准测试数据")
struct ScoringBenchmarkTests {
    @Test("同一种子生成相同数据与校验和，不同种子不同")
    func deterministic() throws {
        let first = try ScoringBenchmark(enterprises: 5000, seed: 42).run()
        let second = try ScoringBenchmark(enterprises: 5000, seed: 42).run()
        let other = try ScoringBenchmark(enterprises: 5000, seed: 43).run()
        #expect(first.totalChecksum == second.totalChecksum)
        #expect(first.rankChecksum == second.rankChecksum)
        #expect(first.totalChecksum != other.totalChecksum)
        let a = try SyntheticScoring(enterprises: 300, seed: 42).generate()
        let b = try SyntheticScoring(enterprises: 300, seed: 42).generate()
        for indicator in SyntheticScoring.scheme.indicators {
            #expect(a.frame.values(indicator.fact).map(\.bitPattern) == b.frame.values(indicator.fact).map(\.bitPattern))
        }
        #expect(a.cohorts == b.cohorts)
        #expect(a.stages == b.stages)
    }

    @Test("生成数据：约 10% 缺失、有并列值、200 个比较组、3 个阶段")
    func realisticData() throws {
        let input = try SyntheticScoring(enterprises: 20000, seed: 1).generate()
        #expect(input.cohortCount == 200)
        #expect(Set(input.cohorts).count == 200)
        #expect(Set(input.stages) == [0, 1, 2])
        for indicator in ScoringBenchmark.scheme.indicators {
            let column = input.frame.values(indicator.fact)
            let missing = Double(column.filter(\.isNaN).count) / Double(column.count)
            #expect(abs(missing - 0.1) < 0.01, "\(indicator.id)")
            #expect(Set(column.filter { !$0.isNaN }).count < column.count * 9 / 10, "\(indicator.id) 应有并列值")
        }
        #expect(ScoringBenchmark.scheme.validate().isEmpty)
    }

    @Test("写出的 CSV 与方案 JSON 符合 pandas 对照程序的格式，读回数值逐位相同")
    func writesPeerFormats() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("seedbed-scoring-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("facts.csv").path
        let json = directory.appendingPathComponent("scheme.json").path
        let benchmark = try ScoringBenchmark(enterprises: 45000, seed: 6)
        _ = try benchmark.run(writeCSV: csv, writeScheme: json)
        let input = benchmark.data.generate()

        let text = try String(contentsOfFile: csv, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 45000 + 2)
        #expect(lines.last == "")
        let ids = ScoringBenchmark.scheme.indicators.map(\.id)
        #expect(lines[0] == (["id", "cohort", "stage"] + ids).joined(separator: ","))
        for slot in [0, 1, 20000, 44999] {
            let fields = lines[slot + 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(fields.count == 3 + ids.count)
            #expect(fields[0] == String(slot + 1))
            #expect(fields[1] == SyntheticScoring.cohortLabel(Int(input.cohorts[slot])))
            #expect(fields[2] == ScoringBenchmark.scheme.stages[Int(input.stages[slot])].rawValue)
            for (index, indicator) in ScoringBenchmark.scheme.indicators.enumerated() {
                let value = input.frame.values(indicator.fact)[slot]
                if value.isNaN {
                    #expect(fields[3 + index].isEmpty)
                } else {
                    #expect(Double(fields[3 + index])?.bitPattern == value.bitPattern)
                }
            }
        }

        let object = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json)))
            as? [String: Any])
        let indicators = try #require(object["indicators"] as? [[String: Any]])
        #expect(indicators.count == 18)
        #expect(indicators.compactMap { $0["id"] as? String } == ids)
        #expect(indicators.last?["direction"] as? String == "lower")
        let weights = try #require(indicators.first?["weights"] as? [String: Double])
        #expect(weights == ["初创期": 8, "成长期": 7, "稳定期": 7])
    }

    @Test("企业数越界时报中文错误；写入失败报中文错误")
    func badArguments() {
        #expect(throws: SyntheticDataError.self) { try SyntheticScoring(enterprises: 0, seed: 1) }
        #expect(throws: BenchmarkError.invalidArgument("企业数应在 1 到 10000000 之间，当前为 0")) {
            try ScoringBenchmark(enterprises: 0, seed: 1)
        }
        do {
            _ = try ScoringBenchmark(enterprises: 10, seed: 1).run(writeCSV: "/nonexistent-dir/facts.csv")
            Issue.record("应当报错")
        } catch let error as BenchmarkError {
            guard case .cannotWrite(let path, _) = error else {
                Issue.record("应为写入失败：\(error)")
                return
            }
            #expect(path == "/nonexistent-dir/facts.csv")
            #expect(error.errorDescription?.hasPrefix("无法写入文件 /nonexistent-dir/facts.csv") == true)
        } catch {
            Issue.record("应为 BenchmarkError：\(error)")
        }
    }

    @Test("报告行与对照程序字段名一致")
    func reportLine() throws {
        let report = ScoringBenchmarkReport(enterprises: 10, seconds: 0.123456, totalChecksum: 12.5, rankChecksum: 30)
        let expected = #"{"enterprises": 10, "seconds": 0.1235, "total_checksum": 12.5, "rank_checksum": 30}"#
        #expect(report.jsonLine == expected)
        let data = try JSONEncoder().encode(report)
        let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["enterprises", "seconds", "total_checksum", "rank_checksum"])
    }
}
