import Foundation
import SeedbedDomain
@testable import SeedbedServer
import SQLKit
import Testing
import Vapor

@Suite("企业总览快照缓存：重启后直接使用上次的快照")
struct SnapshotCacheTests {
    /// A fresh store on the same cache directory, as `serve` makes after a restart.
    static func restarted(_ app: Application, _ cache: SnapshotCache) -> DashboardStore {
        DashboardStore(settings: app.config.overview, cache: cache, logger: app.logger)
    }

    /// The build's file is written off the request path: wait until it reflects `version`.
    static func written(_ cache: SnapshotCache, version: Int) async throws -> Bool {
        for _ in 0..<200 {
            if (try? cache.read())?.snapshot.version == version { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return false
    }

    @Test("重启后读回同一数据版本的快照，与重新构建的逐列相同，不再从数据库重建")
    func restoresTheSameSnapshot() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withSeedbedApp { app in
            _ = try await AnalyticsTests.loadDemo(app, count: 300)
            let cache = SnapshotCache(directory: directory)
            let built = try await Self.restarted(app, cache).rebuild(on: app.db).snapshot
            #expect(try await Self.written(cache, version: built.version))

            let store = Self.restarted(app, cache)
            #expect(await store.restore(on: app.db), "same database, same version: no build needed")
            let restored = try await store.snapshot(on: app.db)
            #expect(restored.builtAt == built.builtAt, "the cached snapshot itself, not a new build")
            #expect(OverviewSnapshotBuild.digest(restored) == OverviewSnapshotBuild.digest(built))
            #expect(restored.count == built.count && restored.count > 250, "the active ones among 300")
            let scope = SnapshotScope(.region(prefix: "50"))
            let answer = restored.overview(scope: scope, filter: OverviewFilter(field: 1))
            let fresh = built.overview(scope: scope, filter: OverviewFilter(field: 1))
            #expect(answer.total == fresh.total)
            #expect(answer.countyCounts == fresh.countyCounts)
            #expect(answer.tierCounts == fresh.tierCounts)
            #expect(answer.list == fresh.list)
        }
    }

    @Test("数据已变：旧快照只在新快照建好前使用；别的数据库或损坏的文件不用")
    func staleForeignAndDamaged() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withSeedbedApp { app in
            _ = try await AnalyticsTests.loadDemo(app, count: 120)
            let sql = try #require(app.db as? any SQLDatabase)
            let cache = SnapshotCache(directory: directory)
            let old = try await Self.restarted(app, cache).rebuild(on: app.db).snapshot
            #expect(try await Self.written(cache, version: old.version))

            // An approval elsewhere moved the data on: the old snapshot is taken, but a build is still needed.
            try await DashboardVersion.bump(on: app.db)
            let behind = Self.restarted(app, cache)
            #expect(await !behind.restore(on: app.db))
            #expect(await behind.currentSnapshotStatus()?.version == old.version)
            let rebuilt = try await behind.snapshot(on: app.db)
            #expect(rebuilt.version == old.version + 1, "the first request waits for (tests) or triggers the new build")
            #expect(try await Self.written(cache, version: old.version + 1))

            // A file newer than the database (a restore from an older backup) is not this data.
            let newer = Self.restarted(app, cache)
            try await sql.update(Setting.schema).set("value", to: SQLBind("1")).where("key", .equal, DashboardVersion.key).run()
            #expect(await !newer.restore(on: app.db))
            #expect(await newer.currentSnapshotStatus() == nil)

            // Another database's file (its instance differs) is never taken for this one's.
            try await DashboardVersion.bump(on: app.db)
            try await Setting.upsert("database_instance", value: "another-database", on: app.db)
            let foreign = Self.restarted(app, cache)
            #expect(await !foreign.restore(on: app.db))
            #expect(await foreign.currentSnapshotStatus() == nil)

            // A damaged file is an error to skip, not a snapshot.
            var bytes = try Data(contentsOf: cache.file)
            bytes[bytes.count / 2] ^= 0xFF
            try bytes.write(to: cache.file)
            #expect(throws: SnapshotFile.Malformed.self, "a damaged file is an error, logged, not a snapshot") { try cache.read() }
            let damaged = Self.restarted(app, cache)
            #expect(await !damaged.restore(on: app.db))
            #expect(await damaged.currentSnapshotStatus() == nil)
        }
    }

    @Test("平台按配置的目录写快照文件（PostgreSQL 与 SQLite 文件库）；内存数据库不写")
    func configuredStoreWrites() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withSeedbedApp({ $0.snapshotCacheDirectory = directory.path }) { app in
            _ = try await AnalyticsTests.loadDemo(app, count: 40)
            let built = try await app.dashboard.rebuild(on: app.db).snapshot
            let cache = SnapshotCache(directory: directory)
            if case .sqliteMemory = app.config.database {
                try await Task.sleep(for: .milliseconds(300))
                #expect(!FileManager.default.fileExists(atPath: cache.file.path), "an in-memory database ends with the process")
            } else {
                #expect(try await Self.written(cache, version: built.version), "the store serve uses writes its file")
            }
        }
    }

    @Test("SEEDBED_CACHE_DIR：默认 data/cache，off 关闭，其他值为目录")
    func configuration() throws {
        #expect(try AppConfig.fromEnvironment([:]).snapshotCacheDirectory == "data/cache")
        #expect(try AppConfig.fromEnvironment(["SEEDBED_CACHE_DIR": "off"]).snapshotCacheDirectory == nil)
        #expect(try AppConfig.fromEnvironment(["SEEDBED_CACHE_DIR": "/srv/seedbed-cache"]).snapshotCacheDirectory
            == "/srv/seedbed-cache")
    }
}
