import Foundation
@testable import SeedbedBench
import Testing
import TestSupport

/// The xlsx benchmark compares its checksum with the openpyxl peer's, so both must compute the same number on
/// the same file. Where openpyxl is missing the test is skipped, with the reason shown; on CI (CI=true), which
/// installs openpyxl, it runs and fails instead of hiding the gap.
@Suite("xlsx 基准")
struct XLSXBenchmarkTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/openpyxl_checksum.py")

    @Test("openpyxl computes the benchmark checksum the benchmark computes, on the benchmark's file",
          .enabled(if: PythonProcess.runsOpenpyxlTests, "python3 cannot import openpyxl (pip install openpyxl)"))
    func checksumMatchesOpenpyxl() throws {
        try #require(PythonProcess.hasOpenpyxl, Comment(rawValue: PythonProcess.missingOpenpyxl))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try XLSXBenchmark.run(rows: 3000, keepingFileAt: url)
        let peer = try PythonProcess.run([Self.script.path, url.path])
        try #require(peer.status == 0, "openpyxl_checksum.py failed: \(peer.errorOutput)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(peer.output.utf8)) as? [String: Int])
        #expect(figures["rows"] == 3000)
        #expect(figures["checksum"] == result.checksum)
        #expect(try XLSXBenchmark.read(url).checksum == result.checksum)
    }

    @Test("the JSON line carries the peer's key names")
    func jsonLine() {
        let result = XLSXBenchmark.Result(rows: 10, writeSeconds: 0.12345, readSeconds: 1, peakRSSMB: 20.04,
                                          writeGrowthMB: 0, checksum: 7, fileBytes: 100)
        #expect(result.jsonLine == #"{"rows":10,"write_seconds":0.1235,"read_seconds":1.0000,"peak_rss_mb":20.0,"#
            + #""write_growth_mb":0.0,"checksum":7,"file_bytes":100}"#)
    }
}
