import Foundation
import SeedbedServer
import Vapor

/// `seedbed-bench snapshot --database URL|FILE [--times T]`: builds the overview snapshot from a database that
/// already holds data (`seedbed demo`), as `seedbed serve` does at start, T times, and prints one JSON line with
/// each build's seconds and the snapshot's digest (equal digests: the same snapshot).
struct SnapshotBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "database", help: "postgres://… 或 SQLite 文件路径（须已有数据，如 seedbed demo 载入的）")
        var database: String?
        @Option(name: "times", help: "构建次数（默认 1）")
        var times: Int?
    }

    var help: String { "从数据库构建企业总览快照的基准（与 serve 启动时相同），输出一行 JSON" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let times = signature.times ?? 1
        guard let location = signature.database, !location.isEmpty, (1...20).contains(times) else {
            context.console.error("请用 --database 指定数据库；构建次数须在 1–20 之间")
            return
        }
        var config = try AppConfig.fromEnvironment()
        config.demoEnterprises = 0
        config.database = location.hasPrefix("postgres") ? .postgres(url: location) : .sqliteFile(path: location)
        let app = try await Application.make(context.application.environment)
        do {
            try await configure(app, config: config)
            var seconds: [String] = []
            var last: OverviewSnapshotBuild?
            for _ in 0..<times {
                let build = try await OverviewSnapshotBuild.build(on: app)
                seconds.append(String(format: "%.3f", build.seconds))
                last = build
            }
            if let last {
                context.console.print("{\"database\": \"\(config.database.isPostgres ? "postgresql" : "sqlite")\", "
                    + "\"enterprises\": \(last.enterprises), \"scored\": \(last.scored), "
                    + "\"build_seconds\": [\(seconds.joined(separator: ", "))], \"digest\": \"\(String(last.digest, radix: 16))\"}")
            }
        } catch {
            context.console.error((error as? any AbortError)?.reason ?? String(reflecting: error))
        }
        try await app.asyncShutdown()
    }
}
