import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// Settings of the enterprise overview, read once at start with the rest of `AppConfig`.
public struct OverviewSettings: Sendable, Equatable {
    /// Province, city and county users list the enterprises scoring at least this (T1: 70).
    public var listMinScore: Double = 70
    /// Lower bounds of the 企业评价 bands used until a scoring run is published (highest first).
    public var scoreBands: [Double] = TierScale.standardBands
    /// How often a node asks the database whether its snapshot is behind.
    public var checkInterval: TimeInterval = 2
    /// A snapshot older than this is rebuilt even without a version change (changes made outside the platform).
    public var maximumAge: TimeInterval = 15 * 60
    /// Serve the old snapshot while a new one is built (production); tests wait for the new one instead.
    public var servesStaleWhileRebuilding = true

    public init() {}
}

/// Holds this node's dashboard snapshot (DESIGN.md §5). Requests read the current snapshot; when the stored
/// `DashboardVersion` or the published runs move past it, one rebuild runs in the background and the new
/// snapshot replaces the old in one assignment — a reader sees either, never a mix. Every node does the same
/// from the database, so a multi-node deployment converges without talking node to node.
actor DashboardStore {
    private var current: DashboardSnapshot?
    private var runsFingerprint = ""
    private var building: Task<DashboardSnapshotLoader.Loaded, any Error>?
    private var lastCheck: Date?
    private var showcaseCache: (version: Int, built: Date, summary: ShowcaseSummary)?
    /// When the current snapshot was built or taken from the cache: the start of its `maximumAge`.
    private var currentSince = Date.distantPast
    private let settings: OverviewSettings
    private let cache: SnapshotCache?
    private let logger: Logger?
    private var restoring: Task<Bool, Never>?

    init(settings: OverviewSettings, cache: SnapshotCache? = nil, logger: Logger? = nil) {
        self.settings = settings
        self.cache = cache
        self.logger = logger
    }

    /// At start, before the first build: takes the snapshot this node last wrote to its cache if it is this
    /// database's and not newer than its data. True when it is current, so no build is needed; false when there
    /// is none, or when it is older and is served only until `rebuild` finishes.
    func restore(on db: any Database) async -> Bool {
        if let restoring { return await restoring.value }
        // A request arriving meanwhile waits for this instead of starting the build it saves.
        let task = Task { await self.readCache(on: db) }
        restoring = task
        let restored = await task.value
        restoring = nil
        return restored
    }

    private func readCache(on db: any Database) async -> Bool {
        guard current == nil, building == nil, let cache, let sql = db as? any SQLDatabase else { return false }
        do {
            let instance = try await Setting.databaseInstance(on: sql)
            let version = try await DashboardVersion.current(on: sql)
            let runs = try await PublishedScores.fingerprint(on: sql)
            guard let stored = try await Task.detached(operation: { try cache.read() }).value,
                  stored.instance == instance, stored.snapshot.version <= version, current == nil
            else { return false }
            current = stored.snapshot
            runsFingerprint = stored.runs
            currentSince = Date()
            return stored.snapshot.version == version && stored.runs == runs
        } catch {
            logger?.warning("overview snapshot cache not read: \(String(reflecting: error))")
            return false
        }
    }

    /// The snapshot to answer a request with, building the first one if there is none yet.
    func snapshot(on db: any Database, now: Date = Date()) async throws -> DashboardSnapshot {
        if current == nil, let restoring { _ = await restoring.value }
        guard let snapshot = current else { return try await rebuild(on: db, now: now).snapshot }
        if let last = lastCheck, now.timeIntervalSince(last) < settings.checkInterval, building == nil { return snapshot }
        lastCheck = now
        if building == nil {
            let behind = try await isBehind(snapshot, on: db, now: now)
            // Another request may have started the rebuild while this one asked the database.
            if behind && building == nil { start(on: db, now: now) }
        }
        if let building, !settings.servesStaleWhileRebuilding { return try await building.value.snapshot }
        return current ?? snapshot
    }

    /// The showcase figures, computed once per snapshot.
    func showcase(on db: any Database, now: Date = Date()) async throws -> (summary: ShowcaseSummary, built: Date) {
        let snapshot = try await snapshot(on: db, now: now)
        if let cached = showcaseCache, cached.version == snapshot.version, cached.built == snapshot.builtAt {
            return (cached.summary, cached.built)
        }
        let summary = snapshot.showcase()
        showcaseCache = (snapshot.version, snapshot.builtAt, summary)
        return (summary, snapshot.builtAt)
    }

    /// The version and build time of the snapshot this node holds, without asking the database (`/metrics`).
    func currentSnapshotStatus() -> (version: Int, builtAt: Date)? {
        current.map { ($0.version, $0.builtAt) }
    }

    /// Builds now and waits (first request, benchmarks, tests).
    @discardableResult
    func rebuild(on db: any Database, now: Date = Date()) async throws -> DashboardSnapshotLoader.Loaded {
        let task = building ?? start(on: db, now: now)
        return try await task.value
    }

    private func isBehind(_ snapshot: DashboardSnapshot, on db: any Database, now: Date) async throws -> Bool {
        if now.timeIntervalSince(max(snapshot.builtAt, currentSince)) > settings.maximumAge { return true }
        if try await DashboardVersion.current(on: db) != snapshot.version { return true }
        guard let sql = db as? any SQLDatabase else { return false }
        return try await PublishedScores.fingerprint(on: sql) != runsFingerprint
    }

    @discardableResult
    private func start(on db: any Database, now: Date) -> Task<DashboardSnapshotLoader.Loaded, any Error> {
        let (settings, cache, logger) = (self.settings, self.cache, self.logger)
        let task = Task<DashboardSnapshotLoader.Loaded, any Error> {
            guard let sql = db as? any SQLDatabase else { throw AppError.notFound() }
            let loaded = try await DashboardSnapshotLoader(sql: sql, settings: settings, now: now).load()
            if let cache {
                // Kept for the next start, off the request path; a cache that cannot be written costs only that.
                let instance = try await Setting.databaseInstance(on: sql)
                Task.detached(priority: .background) {
                    do {
                        try cache.write(loaded.snapshot, instance: instance, runs: loaded.runs)
                    } catch {
                        logger?.warning("overview snapshot cache not written: \(String(reflecting: error))")
                    }
                }
            }
            return loaded
        }
        building = task
        Task { await self.finish(task) }
        return task
    }

    private func finish(_ task: Task<DashboardSnapshotLoader.Loaded, any Error>) async {
        let result = await task.result
        if case .success(let loaded) = result {
            current = loaded.snapshot
            runsFingerprint = loaded.runs
            currentSince = Date()
            // The rows the build read are gone; the previous snapshot goes with this assignment.
            MemoryTrim.release()
        }
        if building == task { building = nil }
    }
}

extension Application {
    private struct DashboardStoreKey: StorageKey { typealias Value = DashboardStore }

    /// This node's dashboard snapshot holder.
    var dashboard: DashboardStore {
        get {
            if let store = storage[DashboardStoreKey.self] { return store }
            let store = DashboardStore(settings: config.overview, cache: SnapshotCache.configured(config), logger: logger)
            storage[DashboardStoreKey.self] = store
            return store
        }
        set { storage[DashboardStoreKey.self] = newValue }
    }
}

extension Request {
    /// The dashboard snapshot for this request (read through `application.db`, so a rebuild it starts outlives it).
    func dashboardSnapshot() async throws -> DashboardSnapshot {
        try await application.dashboard.snapshot(on: application.db, now: Date())
    }
}
