import Foundation
import Spreadsheet

/// The spreadsheet benchmark behind `seedbed-bench xlsx`: the table of the openpyxl peer
/// (`xlsx_openpyxl.py`), written and read back, timed, with the peer's checksum.
enum XLSXBenchmark {
    /// What one run measured.
    struct Result: Sendable, Hashable, Codable {
        var rows: Int
        var writeSeconds: Double
        var readSeconds: Double
        /// The process's peak resident memory (VmHWM) after the run, in MB; 0 where /proc is missing.
        var peakRSSMB: Double
        /// How far resident memory rose above its level before writing, while writing, in MB.
        var writeGrowthMB: Double
        /// Sum of column 1 plus the length in characters of every text cell, header excluded.
        var checksum: Int
        var fileBytes: Int64

        /// The JSON line the CLI prints, with the peer's key names.
        var jsonLine: String {
            func rounded(_ value: Double) -> String { String(format: "%.4f", value) }
            return "{\"rows\":\(rows),\"write_seconds\":\(rounded(writeSeconds)),\"read_seconds\":"
                + "\(rounded(readSeconds)),\"peak_rss_mb\":\(String(format: "%.1f", peakRSSMB)),"
                + "\"write_growth_mb\":\(String(format: "%.1f", writeGrowthMB)),\"checksum\":\(checksum),"
                + "\"file_bytes\":\(fileBytes)}"
        }
    }

    static let words = ["电子信息", "生物与新医药", "航空航天", "新材料", "高技术服务", "新能源与节能", "先进制造与自动化"]

    /// Writes `rows` rows of the peer's table to `keepingFileAt` (or a temporary file, removed afterwards),
    /// reads them back touching every value, and reports times, memory and the checksum.
    static func run(rows: Int, keepingFileAt keptURL: URL? = nil) throws -> Result {
        let url = keptURL ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("seedbed-bench-\(UUID().uuidString).xlsx")
        defer { if keptURL == nil { try? FileManager.default.removeItem(at: url) } }

        let before = MemoryStatus.current()
        let writeStart = DispatchTime.now()
        try write(rows: rows, to: url)
        let writeSeconds = seconds(since: writeStart)
        let afterWrite = MemoryStatus.current()

        let readStart = DispatchTime.now()
        let (readRows, checksum) = try read(url, expectedRows: rows)
        let readSeconds = seconds(since: readStart)
        guard readRows == rows else {
            throw SpreadsheetError.corrupted(detail: "读回 \(readRows) 行，应为 \(rows) 行")
        }
        let after = MemoryStatus.current()
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?
            .int64Value ?? 0
        return Result(rows: rows, writeSeconds: writeSeconds, readSeconds: readSeconds, peakRSSMB: after.peakMB,
                      writeGrowthMB: Swift.max(afterWrite.peakMB - before.residentMB, 0), checksum: checksum,
                      fileBytes: fileBytes)
    }

    /// The checksum of any file holding the peer's table (the peer's own file included), and its row count.
    static func read(_ url: URL, expectedRows: Int = 0) throws -> (rows: Int, checksum: Int) {
        let limits = SpreadsheetLimits(maxFileBytes: Int64.max, maxUncompressedBytes: Int64.max, maxCells: Int.max)
        let reader = try XLSXReader(url: url, limits: limits)
        var rows = 0
        var checksum = 0
        try reader.forEachRow(inSheetAt: 0) { row, _ in
            guard row.number > 1 else { return }
            rows += 1
            for value in row.values {
                if case .text(let text) = value { checksum += text.unicodeScalars.count }
            }
            checksum += row[0].intValue ?? 0
        }
        return (rows, checksum)
    }

    private static func write(rows: Int, to url: URL) throws {
        var writer = try XLSXWriter(url: url)
        try writer.addSheet(SheetDefinition(name: "数据", columns: (1...20).map { SheetColumn("列\($0)") },
                                            headerStyle: CellStyle(), freezesHeader: false))
        var row: [CellValue] = []
        row.reserveCapacity(20)
        for index in 0..<rows {
            row.removeAll(keepingCapacity: true)
            row.append(.integer(index))
            row.append(.text("企业\(index)"))
            let digits = String(index)
            row.append(.text("91" + String(repeating: "0", count: Swift.max(16 - digits.count, 0)) + digits))
            for k in 4...10 { row.append(.number(Double(index) * 1.5 + Double(k))) }
            for k in 11...15 { row.append(.integer(index * k % 1000)) }
            for k in 16...20 { row.append(.text(words[(index + k) % 7])) }
            try writer.writeRow(row)
        }
        try writer.finish()
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
