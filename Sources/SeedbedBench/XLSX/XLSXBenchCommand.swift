import Foundation
import Spreadsheet
import Vapor

/// `seedbed-bench xlsx --rows N [--out FILE] [--read FILE]`: writes and reads back the 20-column table of
/// `shared/peers/xlsx_openpyxl.py`, or only reads (and checksums) a file the peer wrote.
struct XLSXBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "rows", help: "行数（默认 100000）")
        var rows: Int?
        @Option(name: "out", help: "保留写出的文件（供对照程序读取）")
        var out: String?
        @Option(name: "read", help: "只读取并校验这个文件（例如对照程序写出的文件）")
        var read: String?
    }

    var help: String { "xlsx 流式写入与读取基准，输出一行 JSON（write_seconds, read_seconds, peak_rss_mb, checksum）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        if let path = signature.read {
            let started = DispatchTime.now()
            let (rows, checksum) = try XLSXBenchmark.read(URL(fileURLWithPath: path))
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            context.console.print("{\"rows\":\(rows),\"read_seconds\":\(String(format: "%.4f", seconds)),"
                + "\"peak_rss_mb\":\(String(format: "%.1f", MemoryStatus.current().peakMB)),\"checksum\":\(checksum)}")
            return
        }
        let rows = signature.rows ?? 100_000
        guard rows > 0, rows <= 5_000_000 else {
            context.console.error("行数须在 1–5,000,000 之间")
            return
        }
        let result = try XLSXBenchmark.run(rows: rows, keepingFileAt: signature.out.map { URL(fileURLWithPath: $0) })
        context.console.print(result.jsonLine)
    }
}
