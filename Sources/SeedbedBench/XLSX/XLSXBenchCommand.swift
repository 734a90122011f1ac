import Foundation
import Spreadsheet
import Vapor

/// `seedbed-bench xlsx --rows N [--out FILE] [--read FILE] [--no-peers]`: writes and reads back the 20-column table
/// of `shared/peers/xlsx_openpyxl.py`, or only reads (and checksums) a file the peer wrote. After the write and
/// read, the read peers on the same file in the same run — openpyxl (read-only mode) and python-calamine — a line
/// each with whether their checksum equals the platform's, each skipped with a line where it is not installed.
struct XLSXBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "rows", help: "行数（默认 100000）")
        var rows: Int?
        @Option(name: "out", help: "保留写出的文件（供对照程序读取）")
        var out: String?
        @Option(name: "read", help: "只读取并校验这个文件（例如对照程序写出的文件）")
        var read: String?
        @Flag(name: "no-peers", help: "不运行 openpyxl / python-calamine 读取对照")
        var noPeers: Bool
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
        let peers = signature.noPeers ? [] : [PeerScripts.openpyxl, PeerScripts.calamine]
        let installed = peers.filter(\.isInstalled)
        // The peers read the file the platform wrote: the one asked for, or a temporary one removed afterwards.
        let kept = signature.out ?? (installed.isEmpty ? nil : FileManager.default.temporaryDirectory
            .appendingPathComponent("seedbed-bench-\(UUID().uuidString).xlsx").path)
        defer { if signature.out == nil, let kept { try? FileManager.default.removeItem(atPath: kept) } }
        let result = try XLSXBenchmark.run(rows: rows, keepingFileAt: kept.map { URL(fileURLWithPath: $0) })
        context.console.print(result.jsonLine)
        for peer in peers {
            guard installed.contains(where: { $0.name == peer.name }), let kept else {
                context.console.print(peer.skippedLine)
                continue
            }
            do {
                let (line, figures) = try peer.run([kept])
                let seconds = (figures["read_seconds"] as? NSNumber)?.doubleValue ?? .nan
                context.console.print(PythonPeer.extend(line, with: [
                    ("checksum_matches", .bool((figures["checksum"] as? NSNumber)?.intValue == result.checksum)),
                    ("seedbed_read_vs_peer", .number(result.readSeconds / seconds, digits: 3)),
                ]))
            } catch {
                context.console.print(peer.failedLine(error))
            }
        }
    }
}
