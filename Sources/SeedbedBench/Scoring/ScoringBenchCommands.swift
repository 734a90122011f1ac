import Fluent
import Foundation
import SeedbedDomain
import SeedbedServer
import Vapor

/// `seedbed-bench scoring --enterprises N --seed S [--write-csv F] [--write-scheme S] [--repeats K] [--no-peers]`:
/// the engine alone on generated columns (`ScoringBenchmark`), compute seconds and the checksums `score_pandas.py`
/// prints. Then, in the same run, the pandas and polars peers on the same facts (a line each, with whether their
/// checksums equal the engine's), each skipped with a line saying so where python3 cannot import it.
struct ScoringBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "enterprises", help: "企业数（默认 1000000）")
        var enterprises: Int?
        @Option(name: "seed", help: "随机种子（默认 42）")
        var seed: Int?
        @Option(name: "write-csv", help: "写出事实数据 CSV，供对照程序读取")
        var writeCSV: String?
        @Option(name: "write-scheme", help: "写出方案 JSON，供对照程序读取")
        var writeScheme: String?
        @Option(name: "repeats", help: "重复计算次数，取最快一次（默认 3）")
        var repeats: Int?
        @Flag(name: "no-peers", help: "不运行 pandas / polars 对照")
        var noPeers: Bool
    }

    var help: String {
        "积分引擎基准：输出一行 JSON（enterprises, seconds, total_checksum, rank_checksum），再各输出一行 pandas、polars 对照"
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let seed = signature.seed ?? 42
        guard seed >= 0 else {
            context.console.error("随机种子须为非负整数")
            return
        }
        let repeats = signature.repeats ?? 3
        guard (1...20).contains(repeats) else {
            context.console.error("重复次数须在 1–20 之间")
            return
        }
        let peers = signature.noPeers ? [] : [PeerScripts.pandas, PeerScripts.polars]
        let installed = peers.filter(\.isInstalled)
        // The peers read the facts from files: the ones asked for, or temporary ones removed afterwards.
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-bench-\(UUID().uuidString)").path
        let needsFiles = !installed.isEmpty
        let csv = signature.writeCSV ?? (needsFiles ? temporary + "-facts.csv" : nil)
        let scheme = signature.writeScheme ?? (needsFiles ? temporary + "-scheme.json" : nil)
        defer {
            if signature.writeCSV == nil, let csv { try? FileManager.default.removeItem(atPath: csv) }
            if signature.writeScheme == nil, let scheme { try? FileManager.default.removeItem(atPath: scheme) }
        }
        do {
            let benchmark = try ScoringBenchmark(enterprises: signature.enterprises ?? 1_000_000, seed: UInt64(seed))
            let report = try benchmark.run(writeCSV: csv, writeScheme: scheme, repeats: repeats)
            context.console.print(report.jsonLine)
            for peer in peers {
                guard installed.contains(where: { $0.name == peer.name }), let csv, let scheme else {
                    context.console.print(peer.skippedLine)
                    continue
                }
                do {
                    context.console.print(try Self.compare(peer, csv: csv, scheme: scheme, with: report))
                } catch {
                    context.console.print(peer.failedLine(error))
                }
            }
        } catch {
            context.console.error((error as? any LocalizedError)?.errorDescription ?? "基准测试失败")
        }
    }

    /// The peer's line with `checksums_match` (both checksums equal the engine's) and how many times the engine's
    /// compute time the peer took.
    static func compare(_ peer: PythonPeer, csv: String, scheme: String, with report: ScoringBenchmarkReport)
        throws -> String
    {
        let (line, figures) = try peer.run([csv, scheme])
        let total = (figures["total_checksum"] as? NSNumber)?.doubleValue ?? .nan
        let rank = (figures["rank_checksum"] as? NSNumber)?.intValue
        let seconds = (figures["seconds"] as? NSNumber)?.doubleValue ?? .nan
        return PythonPeer.extend(line, with: [
            ("checksums_match", .bool(checksumsAgree(total, report.totalChecksum) && rank == report.rankChecksum)),
            ("seedbed_vs_peer", .number(report.seconds / seconds, digits: 3)),
        ])
    }
}

/// `seedbed-bench scoring-run --enterprises N [--database URL|FILE] [--seed S] [--keep]`: a scoring run end to end
/// through the server — demo enterprises with three years of facts are loaded (skipped when the database already
/// holds N), then `ScoringComputation` loads the facts, scores and stores every result. Prints load, compute and
/// store seconds as one JSON line. Without `--database` a temporary SQLite file is used and removed.
struct ScoringRunBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "enterprises", help: "企业数（默认 1000000）")
        var enterprises: Int?
        @Option(name: "database", help: "postgres://… 或 SQLite 文件路径（默认临时 SQLite 文件）")
        var database: String?
        @Option(name: "seed", help: "演示数据随机种子（默认 2026）")
        var seed: Int?
        @Flag(name: "keep", help: "保留临时 SQLite 文件")
        var keep: Bool
    }

    var help: String { "端到端积分计算基准（读取事实、计算、保存结果），输出一行 JSON" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let count = signature.enterprises ?? 1_000_000
        guard (1...5_000_000).contains(count) else {
            context.console.error("企业数须在 1–5,000,000 之间")
            return
        }
        // The environment's settings (as `seedbed` would read them), on the benchmark's own database.
        var config = try AppConfig.fromEnvironment()
        config.demoEnterprises = 0
        var temporary: String?
        if let location = signature.database, location.hasPrefix("postgres") {
            config.database = .postgres(url: location)
        } else {
            let path = signature.database ?? NSTemporaryDirectory() + "seedbed-bench-\(UUID().uuidString).sqlite"
            if signature.database == nil { temporary = path }
            config.database = .sqliteFile(path: path)
        }
        let app = try await Application.make(context.application.environment)
        do {
            try await configure(app, config: config)
            try await Maintenance.prepareDatabase(app)
            try await app.autoMigrate()
            let line = try await measure(app, count: count, seed: UInt64(max(0, signature.seed ?? 2026)),
                                         postgres: config.database.isPostgres, console: context.console)
            context.console.print(line)
        } catch {
            context.console.error((error as? any AbortError)?.reason ?? String(reflecting: error))
        }
        try await app.asyncShutdown()
        if let temporary, !signature.keep {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
        }
    }

    private func measure(_ app: Application, count: Int, seed: UInt64, postgres: Bool, console: any Console)
        async throws -> String
    {
        let now = app.clock.now()
        let loader = DemoDataLoader(database: app.db, logger: app.logger, now: now)
        let existing = try await loader.enterpriseCount()
        var demoSeconds = 0.0
        if existing < count {
            let started = Date()
            let zones = try await loader.ensureOrganizations()
            console.print("正在载入 \(count - existing) 家演示企业（含三年事实数据）……")
            var reported = 0
            try await loader.loadEnterprises(count: count - existing, seed: seed &+ UInt64(existing), zoneIDs: zones,
                                             withFacts: true) { done in
                if done - reported >= 100_000 {
                    console.print("  已写入 \(done)")
                    reported = done
                }
            }
            demoSeconds = Date().timeIntervalSince(started)
        }
        // The last of the demo's three report years.
        let year = LocalDate(chinaTimeOf: now).year - 1
        console.print("正在计算 \(year) 年度积分……")
        let run = try await NationalRun.compute(year: year, on: app)
        let database = postgres ? "postgresql" : "sqlite"
        func fixed(_ value: Double) -> String { String(format: "%.3f", value) }
        return "{\"database\": \"\(database)\", \"enterprises\": \(count), \"scored\": \(run.scored), "
            + "\"load_seconds\": \(fixed(run.loadSeconds)), \"compute_seconds\": \(fixed(run.computeSeconds)), "
            + "\"store_seconds\": \(fixed(run.storeSeconds)), "
            + "\"total_seconds\": \(fixed(run.loadSeconds + run.computeSeconds + run.storeSeconds)), "
            + "\"demo_load_seconds\": \(fixed(demoSeconds))}"
    }
}
