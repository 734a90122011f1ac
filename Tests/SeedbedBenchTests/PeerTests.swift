import Foundation
@testable import SeedbedBench
import Testing
import Vapor

/// The stronger peers the benchmarks run beside their own figures must compute the same thing: polars the same
/// checksums as the engine, DuckDB the same overview answers as the snapshot, python-calamine the same xlsx
/// checksum. Each test runs where python3 can import the peer and is skipped (with the reason) elsewhere.
@Suite("基准对照程序")
struct PeerTests {
    @Test("polars scores the benchmark's facts to the engine's checksums",
          .enabled(if: PeerScripts.polars.isInstalled, "python3 cannot import polars (pip install polars)"))
    func polarsChecksums() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("peer-\(UUID().uuidString)").path
        defer {
            try? FileManager.default.removeItem(atPath: base + ".csv")
            try? FileManager.default.removeItem(atPath: base + ".json")
        }
        let report = try ScoringBenchmark(enterprises: 2_000, seed: 7)
            .run(writeCSV: base + ".csv", writeScheme: base + ".json")
        let line = try ScoringBenchCommand.compare(PeerScripts.polars, csv: base + ".csv", scheme: base + ".json",
                                                   with: report)
        #expect(line.contains(#""checksums_match":true"#), "\(line)")
    }

    @Test("DuckDB answers the dashboard's statements as the snapshot does",
          .enabled(if: PeerScripts.duckdb.isInstalled, "python3 cannot import duckdb (pip install duckdb)"))
    func duckdbAnswers() throws {
        let snapshot = DashboardBenchmark.assemble(DashboardBenchmark.generate(enterprises: 3_000))
        let requests = DashboardBenchmark.requests(40, snapshot: snapshot)
        let line = try DashboardDuckDB.run(snapshot: snapshot, requests: requests,
                                           eventLoop: MultiThreadedEventLoopGroup.singleton.next(), seedbedP50: 1)
        #expect(line.contains(#""sql_matches": true"#), "\(line)")
        #expect(line.contains(#""sql_requests": 40"#), "\(line)")
    }

    @Test("python-calamine reads the benchmark's xlsx to the benchmark's checksum",
          .enabled(if: PeerScripts.calamine.isInstalled, "python3 cannot import python_calamine (pip install python-calamine)"))
    func calamineChecksum() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("peer-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try XLSXBenchmark.run(rows: 1_000, keepingFileAt: url)
        let (_, figures) = try PeerScripts.calamine.run([url.path])
        #expect((figures["checksum"] as? NSNumber)?.intValue == result.checksum)
        #expect((figures["rows"] as? NSNumber)?.intValue == 1_000)
    }
}
