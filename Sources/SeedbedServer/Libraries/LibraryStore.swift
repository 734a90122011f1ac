import Fluent
import Foundation
import SeedbedDomain
import SQLKit
import Vapor

/// A library evaluated over every slot of a `LibraryBase`, kept compact: the verdict per slot, the first
/// qualifying year where tracked, and the parameters used. Values and gaps of the rows a page shows come from
/// evaluating just those slots again (`LibraryEvaluation.checks`), so a cached library costs one byte per
/// enterprise rather than its condition columns.
struct LibraryVerdicts: Sendable {
    /// `RuleStatus` raw value per base slot.
    let membership: [UInt8]
    let firstQualifyingYear: [Int32]?
    let parameters: ParameterValues
}

/// One library's pass over a scope's slots with a query's filters: the slots listed, in list order, and the status
/// counts of the enterprises that pass the search and filters.
struct LibraryPass: Sendable {
    let rows: [Int]
    let counts: [RuleStatus: Int]
}

/// This node's library data (DESIGN.md §5), held like the dashboard snapshot (`DashboardStore`): the facts of
/// the whole platform for a fact year are loaded once per data version (`DashboardVersion`), every scope selects
/// its slots from them, and each library's verdicts are kept per (library, year, parameters) so paging, 查看
/// and 导出 do not evaluate again. When the version moves (or the data grows older than
/// `OverviewSettings.maximumAge`), production keeps answering from the old data while the new is loaded in the
/// background; tests (`servesStaleWhileRebuilding` off) wait for it.
actor LibraryStore {
    /// Bases held at once (a base is the largest thing a node keeps: one fact year of the whole platform).
    static let maximumBases = 2
    /// Verdicts held at once (1 byte per enterprise each, 5 with the first qualifying year).
    static let maximumVerdicts = 16
    /// Scope slot lists held at once.
    static let maximumScopes = 32
    /// Listed slots of kept passes, in all (8 bytes each); beyond it the least recently used passes go.
    static let maximumPassSlots = 6_000_000
    /// Passes kept at once, whatever their size: a search that lists nothing costs no slots, and the keys carry
    /// what people type.
    static let maximumPasses = 512

    private struct BaseKey: Hashable {
        let year: Int
        let date: LocalDate
    }

    private struct ScopeKey: Hashable {
        let base: BaseKey
        let scope: DataScope
    }

    private let settings: OverviewSettings
    /// The version the data held was read at; nil before the first request.
    private var version: Int?
    private var loadedAt: Date?
    private var checkedAt: Date?
    private var census: Task<LibraryYearCensus, any Error>?
    private var bases: [BaseKey: Task<LibraryBase, any Error>] = [:]
    private var baseOrder: [BaseKey] = []
    private var verdicts: [String: Task<LibraryVerdicts, any Error>] = [:]
    private var verdictOrder: [String] = []
    private var scopes: [ScopeKey: [Int]] = [:]
    private var scopeOrder: [ScopeKey] = []
    private var passes: [String: LibraryPass] = [:]
    private var passOrder: [String] = []
    private var passSlots = 0
    /// The last evaluation started: evaluations run one after another, so a burst of different libraries does not
    /// hold several million-slot outcomes at once.
    private var lastEvaluation: Task<LibraryVerdicts, any Error>?
    private var refreshing: Task<Void, Never>?
    /// How many bases and evaluations this store has computed (tests check that nothing reloads needlessly).
    private(set) var baseLoads = 0
    private(set) var evaluations = 0
    /// How many requests read a kept pass instead of walking the scope again.
    private(set) var passHits = 0

    /// Where the base the pages open on is kept between restarts (the overview snapshot's directory).
    private let cache: SnapshotCache?
    private let logger: Logger?
    /// The base `warm` loads: the one written to the cache.
    private var warmKey: BaseKey?
    private var keptAt: Date?
    private var restoring: Task<Bool, Never>?
    static let keepInterval: TimeInterval = 10 * 60

    init(settings: OverviewSettings, cache: SnapshotCache? = nil, logger: Logger? = nil) {
        self.settings = settings
        self.cache = cache
        self.logger = logger
    }

    /// At start, before any request: takes the base and year census this node last wrote if they are this
    /// database's and not newer than its data. True when they are current; an older one is answered from while
    /// the current base loads, as during any reload (`refreshIfBehind`).
    func restore(on db: any Database, now: Date = Date()) async -> Bool {
        if let restoring { return await restoring.value }
        // Requests that arrive meanwhile wait for this (`waitForRestore`) instead of starting the load it saves.
        let task = Task { await self.readCache(on: db, now: now) }
        restoring = task
        let restored = await task.value
        restoring = nil
        return restored
    }

    /// A request arriving while `restore` reads the file waits for it: a few seconds, not the 25 s load.
    private func waitForRestore() async {
        if let restoring { _ = await restoring.value }
    }

    private func readCache(on db: any Database, now: Date) async -> Bool {
        guard version == nil, bases.isEmpty, let file = cache?.directory.appendingPathComponent(LibraryBaseFile.fileName),
              let sql = db as? any SQLDatabase
        else { return false }
        do {
            let instance = try await Setting.databaseInstance(on: sql)
            let current = try await DashboardVersion.current(on: sql)
            let read = try await Task.detached { () -> LibraryBaseFile.Contents? in
                guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
                return try LibraryBaseFile.decode([UInt8](data))
            }.value
            // The file's bytes are gone once decoded; give their pages back, as after a load.
            MemoryTrim.release()
            guard let read, read.instance == instance, read.base.version <= current, version == nil, bases.isEmpty
            else { return false }
            let base = read.base
            let key = BaseKey(year: base.year, date: base.date)
            version = base.version
            loadedAt = now
            census = Task { read.census }
            bases[key] = Task { base }
            baseOrder = [key]
            warmKey = key
            return base.version == current
        } catch {
            logger?.warning("library base cache not read: \(String(reflecting: error))")
            return false
        }
    }

    /// Writes the base `warm` loads (and its reloads) for the next start, off the request path: at most once per
    /// `keepInterval`, as the file runs to hundreds of MB at 1 M enterprises (an older file still serves a restart
    /// while the current base loads).
    private func keep(_ base: LibraryBase, census: Task<LibraryYearCensus, any Error>?, on sql: any SQLDatabase) async {
        let now = Date()
        if let kept = keptAt, now.timeIntervalSince(kept) < Self.keepInterval { return }
        guard let cache, let census = try? await census?.value else { return }
        keptAt = now
        let (logger, file) = (self.logger, cache.directory.appendingPathComponent(LibraryBaseFile.fileName))
        do {
            let instance = try await Setting.databaseInstance(on: sql)
            Task.detached(priority: .background) {
                do {
                    let bytes = LibraryBaseFile.encode(base, census: census, instance: instance)
                    try SnapshotCache.replace(file, with: bytes)
                } catch {
                    logger?.warning("library base cache not written: \(String(reflecting: error))")
                }
            }
        } catch {
            logger?.warning("library base cache not written: \(String(reflecting: error))")
        }
    }

    /// Years with facts in `scope`, newest first.
    func years(in scope: DataScope, on db: any Database, now: Date = Date()) async throws -> [Int] {
        guard let sql = db as? any SQLDatabase else { return [] }
        if case .enterprise = scope { return try await LibraryData.years(scope: scope, on: sql) }
        await waitForRestore()
        try await refreshIfBehind(on: db, now: now)
        let task = census ?? startCensus(sql)
        return try await task.value.years(in: scope)
    }

    /// The platform's facts for `year` judged on `date`, at the current data version.
    func base(year: Int, date: LocalDate, on db: any Database, now: Date = Date()) async throws -> LibraryBase {
        guard let sql = db as? any SQLDatabase else { throw AppError.notFound() }
        await waitForRestore()
        try await refreshIfBehind(on: db, now: now)
        let key = BaseKey(year: year, date: date)
        if let task = bases[key] {
            touch(key, in: &baseOrder)
            return try await task.value
        }
        let task = startBase(key, version: version ?? 0, sql)
        return try await task.value
    }

    /// Loads the base the library pages open on (the newest fact year, judged today), so the first page after a
    /// start does not wait for it. For `serve` to call once the node is up.
    func warm(on db: any Database, now: Date = Date()) async throws {
        let today = LocalDate(chinaTimeOf: now)
        let year = try await years(in: .all, on: db, now: now).first ?? (today.year - 1)
        let date = LibraryData.evaluationDate(year: year, today: today)
        let restored = warmKey == BaseKey(year: year, date: date) && bases[BaseKey(year: year, date: date)] != nil
        warmKey = BaseKey(year: year, date: date)
        let base = try await base(year: year, date: date, on: db, now: now)
        if !restored, base.version == version, let sql = db as? any SQLDatabase { await keep(base, census: census, on: sql) }
    }

    /// The slots of `scope` in `base`, ascending.
    func slots(in scope: DataScope, of base: LibraryBase) -> [Int] {
        let key = ScopeKey(base: BaseKey(year: base.year, date: base.date), scope: scope)
        // A stale base (served while the new one loads) is not remembered under the new one's key.
        guard base.version == version, bases[key.base] != nil else { return base.slots(in: scope) }
        if let cached = scopes[key] {
            touch(key, in: &scopeOrder)
            return cached
        }
        let slots = base.slots(in: scope)
        scopes[key] = slots
        scopeOrder.append(key)
        while scopeOrder.count > Self.maximumScopes { scopes[scopeOrder.removeFirst()] = nil }
        return slots
    }

    /// The pass kept under `key` (`LibraryEvaluation.run` names the library, its verdicts' base and parameters, the
    /// scope and the filters), if any.
    func pass(_ key: String) -> LibraryPass? {
        guard let pass = passes[key] else { return nil }
        touch(key, in: &passOrder)
        passHits += 1
        return pass
    }

    /// Keeps a pass over `base` for the next request with the same key: every page, 查看 and export of a library in
    /// one scope reads the same rows, and a national pass walks a million slots. A pass over a stale base (served
    /// while the new one loads) is not kept.
    func keep(_ pass: LibraryPass, key: String, base: LibraryBase) {
        guard base.version == version, bases[BaseKey(year: base.year, date: base.date)] != nil, passes[key] == nil,
              pass.rows.count <= Self.maximumPassSlots else { return }
        passes[key] = pass
        passOrder.append(key)
        passSlots += pass.rows.count
        while passSlots > Self.maximumPassSlots || passOrder.count > Self.maximumPasses, !passOrder.isEmpty {
            passSlots -= passes.removeValue(forKey: passOrder.removeFirst())?.rows.count ?? 0
        }
    }

    /// `library` over every slot of `base` with these (already validated) overrides.
    func verdicts(_ library: RuleLibrary, lookback: Int, overrides: [String: Double], base: LibraryBase)
        async throws -> LibraryVerdicts
    {
        let key = [library.id.rawValue, library.version.title, String(base.version), String(base.year),
                   base.date.description, String(lookback)].joined(separator: "|") + "|"
            + overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        if let task = verdicts[key] {
            touch(key, in: &verdictOrder)
            return try await task.value
        }
        let previous = lastEvaluation
        evaluations += 1
        // Detached: the evaluation is long synchronous work and must not hold the actor.
        let task = Task<LibraryVerdicts, any Error>.detached {
            _ = await previous?.result
            let outcome = try LibraryEvaluator.evaluate(library, input: base.input(lookback: lookback), overrides: overrides)
            return LibraryVerdicts(membership: outcome.membership, firstQualifyingYear: outcome.firstQualifyingYear,
                                   parameters: outcome.parameters)
        }
        lastEvaluation = task
        // Verdicts of a stale base are computed for the caller but not kept.
        if base.version == version {
            verdicts[key] = task
            verdictOrder.append(key)
            while verdictOrder.count > Self.maximumVerdicts { verdicts[verdictOrder.removeFirst()] = nil }
        }
        do {
            return try await task.value
        } catch {
            if verdicts[key] == task { verdicts[key] = nil }
            throw error
        }
    }

    /// Asks the database for the version (at most every `checkInterval`) and drops or refreshes what is behind.
    private func refreshIfBehind(on db: any Database, now: Date) async throws {
        if let checked = checkedAt, version != nil, now.timeIntervalSince(checked) < settings.checkInterval { return }
        checkedAt = now
        let current = try await DashboardVersion.current(on: db)
        let expired = loadedAt.map { now.timeIntervalSince($0) > settings.maximumAge } ?? false
        guard current != version || expired else { return }
        guard settings.servesStaleWhileRebuilding, version != nil, !bases.isEmpty, let sql = db as? any SQLDatabase else {
            reset(to: current, now: now)
            return
        }
        // Keep answering from what is held; load the same bases at the new version, then swap.
        guard refreshing == nil else { return }
        let keys = baseOrder
        refreshing = Task {
            let census = Task<LibraryYearCensus, any Error> { try await LibraryYearCensus.load(on: sql) }
            var loaded: [BaseKey: LibraryBase] = [:]
            do {
                _ = try await census.value
                for key in keys {
                    loaded[key] = try await LibraryBase.load(year: key.year, date: key.date, version: current, on: sql)
                }
            } catch {
                self.refreshFailed()
                return
            }
            self.swap(to: current, census: census, bases: loaded, order: keys, now: Date())
            if let key = self.warmKey, let base = loaded[key] { await self.keep(base, census: census, on: sql) }
        }
    }

    private func refreshFailed() {
        refreshing = nil
        checkedAt = nil
    }

    private func swap(to current: Int, census: Task<LibraryYearCensus, any Error>, bases loaded: [BaseKey: LibraryBase],
                      order: [BaseKey], now: Date) {
        reset(to: current, now: now)
        self.census = census
        for key in order {
            guard let base = loaded[key] else { continue }
            bases[key] = Task { base }
            baseOrder.append(key)
        }
        baseLoads += loaded.count
    }

    private func reset(to current: Int, now: Date) {
        version = current
        loadedAt = now
        census = nil
        bases = [:]
        baseOrder = []
        verdicts = [:]
        verdictOrder = []
        scopes = [:]
        scopeOrder = []
        passes = [:]
        passOrder = []
        passSlots = 0
        refreshing = nil
    }

    private func startCensus(_ sql: any SQLDatabase) -> Task<LibraryYearCensus, any Error> {
        let task = Task<LibraryYearCensus, any Error> { try await LibraryYearCensus.load(on: sql) }
        census = task
        return task
    }

    private func startBase(_ key: BaseKey, version: Int, _ sql: any SQLDatabase) -> Task<LibraryBase, any Error> {
        baseLoads += 1
        let task = Task<LibraryBase, any Error> {
            let base = try await LibraryBase.load(year: key.year, date: key.date, version: version, on: sql)
            MemoryTrim.release()
            return base
        }
        bases[key] = task
        baseOrder.append(key)
        while baseOrder.count > Self.maximumBases {
            let evicted = baseOrder.removeFirst()
            bases[evicted] = nil
            scopes = scopes.filter { $0.key.base != evicted }
            scopeOrder.removeAll { $0.base == evicted }
        }
        Task { await self.forgetIfFailed(key, task) }
        return task
    }

    /// A failed load is not kept: the next request tries again.
    private func forgetIfFailed(_ key: BaseKey, _ task: Task<LibraryBase, any Error>) async {
        if case .failure = await task.result, bases[key] == task {
            bases[key] = nil
            baseOrder.removeAll { $0 == key }
        }
    }

    private func touch<Key: Equatable>(_ key: Key, in order: inout [Key]) {
        guard let index = order.firstIndex(of: key), index != order.count - 1 else { return }
        order.remove(at: index)
        order.append(key)
    }
}

extension Application {
    private struct LibraryStoreKey: StorageKey { typealias Value = LibraryStore }

    /// This node's library data holder.
    var libraries: LibraryStore {
        get {
            if let store = storage[LibraryStoreKey.self] { return store }
            let store = LibraryStore(settings: config.overview, cache: SnapshotCache.configured(config), logger: logger)
            storage[LibraryStoreKey.self] = store
            return store
        }
        set { storage[LibraryStoreKey.self] = newValue }
    }
}
