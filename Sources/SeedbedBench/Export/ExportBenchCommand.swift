import Foundation
import SeedbedServer
import Vapor

/// `seedbed-bench export --database URL|FILE [--account A] [--list L] [--times T]`: 导出 Excel of list L (default
/// 企业信息查询) as account A (default `dalian`, the demo's city account) sees it, on a database that already holds
/// data (`seedbed demo`), T times; prints one JSON line with the rows, each run's seconds (count, then reading and
/// writing every row) and the file's size.
struct ExportBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "database", help: "postgres://… 或 SQLite 文件路径（须已有数据，如 seedbed demo 载入的）")
        var database: String?
        @Option(name: "account", help: "以哪个账号导出（默认 dalian，演示数据的市级账号）")
        var account: String?
        @Option(name: "list", help: "列表标识（默认 enterprises，即企业信息查询）")
        var list: String?
        @Option(name: "times", help: "导出次数（默认 1）")
        var times: Int?
    }

    var help: String { "列表导出 Excel 的基准（与页面上的导出相同路径），输出一行 JSON" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let times = signature.times ?? 1
        let account = signature.account ?? "dalian"
        let list = signature.list ?? "enterprises"
        guard let location = signature.database, !location.isEmpty, (1...20).contains(times) else {
            context.console.error("请用 --database 指定数据库；导出次数须在 1–20 之间")
            throw BenchmarkError.invalidArgument("export")
        }
        var config = try AppConfig.fromEnvironment()
        config.demoEnterprises = 0
        config.database = location.hasPrefix("postgres") ? .postgres(url: location) : .sqliteFile(path: location)
        let app = try await Application.make(context.application.environment)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-bench-export-\(UUID().uuidString).xlsx")
        do {
            try await configure(app, config: config)
            var runs: [String] = []
            var last: ExportProbe.Timing?
            for _ in 0..<times {
                let timing = try await ExportProbe.export(list: list, account: account, query: [:], to: url, on: app)
                try? FileManager.default.removeItem(at: url)
                runs.append("{\"count_s\": \(String(format: "%.3f", timing.count.seconds)), "
                    + "\"write_s\": \(String(format: "%.3f", timing.write.seconds)), "
                    + "\"total_s\": \(String(format: "%.3f", (timing.count + timing.write).seconds))}")
                last = timing
            }
            if let last {
                let rate = last.write.seconds > 0 ? Double(last.rows) / last.write.seconds : 0
                context.console.print("{\"database\": \"\(config.database.isPostgres ? "postgresql" : "sqlite")\", "
                    + "\"list\": \"\(list)\", \"account\": \"\(account)\", \"rows\": \(last.rows), "
                    + "\"rows_per_s\": \(Int(rate.rounded())), "
                    + "\"file_mb\": \(String(format: "%.1f", Double(last.bytes) / 1_048_576)), "
                    + "\"runs\": [\(runs.joined(separator: ", "))]}")
            }
        } catch {
            try? FileManager.default.removeItem(at: url)
            context.console.error((error as? any AbortError)?.reason ?? String(reflecting: error))
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
