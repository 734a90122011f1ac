import Fluent
import Foundation
import SeedbedDomain
import SeedbedServer
import Vapor

/// `seedbed-bench library-pages --database URL [--enterprises N] [--warm K] [--before] [--libraries a,b]
/// [--scopes national,city,county]`: the library page path
/// through the server at N demo enterprises (loaded when the database holds fewer; `seedbed demo --enterprises N`
/// loads the same). For the national scope, the busiest city and the busiest county, every library's page (count
/// and first page of members) is timed on its first request (the library's evaluation) and then warm (median
/// of K). With `--before`, the same pages computed as before the library store (the
/// scope's facts loaded and evaluated per request). The platform-wide load (`LibraryStore.warm`, what the very
/// first page after a start waits for) is timed on its own first. Prints one JSON line; RSS is read after the
/// store's pages.
struct LibraryPagesBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "database", help: "postgres://… 或 SQLite 文件路径（必填）")
        var database: String?
        @Option(name: "enterprises", help: "企业数（默认 100000；数据库中不足时载入演示企业）")
        var enterprises: Int?
        @Option(name: "warm", help: "每页热请求次数，取中位数（默认 5）")
        var warm: Int?
        @Flag(name: "before", help: "同时计时改造前的路径（每次请求按范围载入事实并评价）")
        var before: Bool
        @Option(name: "libraries", help: "只计时这些库（逗号分隔的库标识，默认全部）")
        var libraries: String?
        @Option(name: "scopes", help: "只计时这些范围（national,city,county 中的若干个，默认全部）")
        var scopes: String?
    }

    var help: String { "培育库页面基准：全国/市/区县范围逐库首次与热请求耗时，可选对照改造前路径，输出一行 JSON" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let count = signature.enterprises ?? 100_000
        let warm = signature.warm ?? 5
        guard let location = signature.database, !location.isEmpty else {
            context.console.error("请用 --database 指定数据库（postgres://… 或 SQLite 文件路径）")
            return
        }
        guard (1...5_000_000).contains(count), (1...100).contains(warm) else {
            context.console.error("企业数须在 1–5,000,000 之间，热请求次数须在 1–100 之间")
            return
        }
        let libraries = signature.libraries.map { $0.split(separator: ",").map(String.init) }
            ?? LibraryPageProbe.libraryIDs
        let scopes = signature.scopes.map { $0.split(separator: ",").map(String.init) } ?? ["national", "city", "county"]
        guard !libraries.isEmpty, libraries.allSatisfy(LibraryPageProbe.libraryIDs.contains),
              !scopes.isEmpty, scopes.allSatisfy(["national", "city", "county"].contains)
        else {
            context.console.error("库标识须为 \(LibraryPageProbe.libraryIDs.joined(separator: ","))，范围须为 national,city,county")
            return
        }
        var config = try AppConfig.fromEnvironment()
        config.demoEnterprises = 0
        config.database = location.hasPrefix("postgres") ? .postgres(url: location) : .sqliteFile(path: location)
        let app = try await Application.make(context.application.environment)
        do {
            try await configure(app, config: config)
            try await Maintenance.prepareDatabase(app)
            try await app.autoMigrate()
            try await Self.ensureDemo(app, count: count, console: context.console)
            let line = try await Self.measure(app, libraries: libraries, scopes: scopes, warm: warm,
                                              before: signature.before,
                                              postgres: config.database.isPostgres, console: context.console)
            context.console.print(line)
        } catch {
            context.console.error((error as? any AbortError)?.reason ?? String(reflecting: error))
        }
        try await app.asyncShutdown()
    }

    private static func ensureDemo(_ app: Application, count: Int, console: any Console) async throws {
        let loader = DemoDataLoader(database: app.db, logger: app.logger, now: app.clock.now())
        let existing = try await loader.enterpriseCount()
        guard existing < count else { return }
        let zones = try await loader.ensureOrganizations()
        console.print("正在载入 \(count - existing) 家演示企业（含三年事实数据）……")
        try await loader.loadEnterprises(count: count - existing, seed: 2026 &+ UInt64(existing), zoneIDs: zones,
                                         withFacts: true)
    }

    private struct Timing {
        let scope: String
        let library: String
        let firstMS: Double
        let warmMS: Double?
        let members: Int

        var json: String {
            "{\"scope\": \"\(scope)\", \"library\": \"\(library)\", \"first_ms\": \(fixed(firstMS)), "
                + (warmMS.map { "\"warm_ms\": \(fixed($0)), " } ?? "") + "\"members\": \(members)}"
        }
    }

    private static func measure(_ app: Application, libraries: [String], scopes wanted: [String], warm: Int,
                                before: Bool, postgres: Bool, console: any Console) async throws -> String
    {
        let regions = try await LibraryPageProbe.busiestRegions(on: app)
        let scopes: [(String, DataScope)] = [
            ("national", .all), ("city:\(regions.city)", .region(prefix: regions.city)),
            ("county:\(regions.county)", .region(prefix: regions.county)),
        ].filter { scope in wanted.contains { scope.0.hasPrefix($0) } }
        let clock = ContinuousClock()
        let start = MemoryStatus.current()
        let load = try await clock.measure { try await LibraryPageProbe.warm(on: app) }.milliseconds
        console.print("载入全平台培育库数据：\(fixed(load)) ms")
        var timings: [Timing] = []
        var coldFirst = 0.0
        for (label, scope) in scopes {
            for library in libraries {
                var members = 0
                let first = try await clock.measure {
                    members = try await LibraryPageProbe.page(library, scope: scope, on: app)
                }.milliseconds
                if timings.isEmpty { coldFirst = first }
                var warmRuns: [Double] = []
                for _ in 0..<warm {
                    warmRuns.append(try await clock.measure {
                        _ = try await LibraryPageProbe.page(library, scope: scope, on: app)
                    }.milliseconds)
                }
                warmRuns.sort()
                timings.append(Timing(scope: label, library: library, firstMS: first,
                                      warmMS: warmRuns[warmRuns.count / 2], members: members))
                console.print("\(label) \(library)：首次 \(fixed(first)) ms，热 \(fixed(warmRuns[warmRuns.count / 2])) ms")
            }
        }
        let after = MemoryStatus.current()
        let loads = await LibraryPageProbe.storeLoads(on: app)
        var old: [Timing] = []
        if before {
            for (label, scope) in scopes {
                for library in libraries {
                    var members = 0
                    let elapsed = try await clock.measure {
                        members = try await LibraryPageProbe.direct(library, scope: scope, on: app)
                    }.milliseconds
                    old.append(Timing(scope: label, library: library, firstMS: elapsed, warmMS: nil, members: members))
                    console.print("改造前 \(label) \(library)：\(fixed(elapsed)) ms")
                }
            }
        }
        func worst(_ list: [Timing], _ scope: String, warm: Bool) -> String {
            let values = list.filter { $0.scope.hasPrefix(scope) }.compactMap { warm ? $0.warmMS : $0.firstMS }
            return fixed(values.max() ?? 0)
        }
        var fields: [(String, String)] = [
            ("database", postgres ? "\"postgresql\"" : "\"sqlite\""),
            ("enterprises", String(try await DemoDataLoader(database: app.db, logger: app.logger,
                                                            now: app.clock.now()).enterpriseCount())),
            ("base_load_ms", fixed(load)), ("first_page_after_load_ms", fixed(coldFirst)),
        ]
        for scope in ["national", "city", "county"] {
            fields.append(("\(scope)_first_max_ms", worst(timings, scope, warm: false)))
            fields.append(("\(scope)_warm_max_ms", worst(timings, scope, warm: true)))
            if before { fields.append(("\(scope)_before_max_ms", worst(old, scope, warm: false))) }
        }
        fields += [
            ("rss_mb_before_pages", fixed(start.residentMB)), ("rss_mb", fixed(after.residentMB)),
            ("peak_mb", fixed(after.peakMB)), ("peak_mb_end", fixed(MemoryStatus.current().peakMB)),
            ("store_bases", String(loads.bases)), ("store_evaluations", String(loads.evaluations)),
            ("pages", "[" + timings.map(\.json).joined(separator: ", ") + "]"),
        ]
        if before { fields.append(("before", "[" + old.map(\.json).joined(separator: ", ") + "]")) }
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}

private func fixed(_ value: Double) -> String { String(format: "%.1f", value) }
