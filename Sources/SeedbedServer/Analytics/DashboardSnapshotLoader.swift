import Fluent
import Foundation
import NIOConcurrencyHelpers
import SeedbedDomain
import SQLKit
import Vapor

/// Builds the dashboard snapshot from the database (DESIGN.md §5): active enterprises, their admission, every
/// year's approved facts and the latest published scores, streamed by column position (`ColumnRows`) straight
/// into the columnar assembler — no ORM models, no per-cell lookup by name, nothing per row kept but the columns.
///
/// The reads that do not depend on each other run at once, each on its own pooled connection: the published
/// scores, the zone names, the admissions and the enterprises. The fact table, the largest, is read after the
/// enterprises (its rows find their slot by enterprise id) in `factParts` id ranges at once; each part decodes
/// its rows on its own connection's thread and only hands finished rows to the assembler.
struct DashboardSnapshotLoader {
    let sql: any SQLDatabase
    let settings: OverviewSettings
    let now: Date

    /// The snapshot and the published-runs fingerprint it reflects.
    struct Loaded: Sendable {
        let snapshot: DashboardSnapshot
        let runs: String
    }

    /// Id ranges of the fact table read at once when there are at least `partsFrom` enterprises.
    static let factParts = 2
    static let partsFrom = 50_000

    func load() async throws -> Loaded {
        // The version is read first: data committed with a later bump makes this snapshot look old, never new.
        let version = try await DashboardVersion.current(on: sql)
        async let scoresRead = PublishedScores.load(on: sql)
        async let zonesRead = zoneNames()
        async let admittedRead = admissions()
        let enterprises = try await enterpriseRows()
        let admitted = try await admittedRead
        let scores = try await scoresRead
        let tierScale = scores.lists.map { TierScale.lists($0.names, schemeName: $0.scheme) }
            ?? .bands(settings.scoreBands)
        var assembler = SnapshotAssembler(version: version, builtAt: now, tierScale: tierScale,
                                          expectedCount: enterprises.count)
        assembler.zoneNames = try await zonesRead
        for var enterprise in enterprises {
            enterprise.admittedMonth = admitted[enterprise.id]
            _ = assembler.addEnterprise(enterprise)
        }
        let ids = enterprises.map(\.id)
        let sink = Sink(assembler)
        try await facts(ids: ids, into: sink)

        for (id, score) in scores.byEnterprise {
            guard let slot = sink.state.slot(of: id) else { continue }
            let tier = tierScale.usesBands
                ? tierScale.tier(score: score.total)
                : tierScale.tier(listIndex: score.listName.flatMap { tierScale.labels.firstIndex(of: $0) } ?? -1)
            let stage = score.stage.map { OverviewStages.code(of: DevelopmentStage($0)) } ?? 255
            sink.state.setScore(slot: slot, score: score.total, tier: tier, stage: stage)
        }
        return Loaded(snapshot: sink.state.finish(), runs: scores.fingerprint)
    }

    private func zoneNames() async throws -> [Int32: String] {
        struct Zone: Decodable {
            let id: Int
            let name: String
        }
        let zones = try await sql.select().columns("id", "name").from(Organization.schema)
            .where("kind", .in, [OrganizationKind.zone, .incubator])
            .all(decoding: Zone.self)
        return Dictionary(zones.map { (Int32(clamping: $0.id), $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// The active enterprises by id, without their admission month (`admissions` reads that at the same time).
    private func enterpriseRows() async throws -> [SnapshotEnterprise] {
        let columns = ["id", "region_code", "zone_id", "incubator_id", "industry_code", "tech_field", "registered_on",
                       "created_at"]
        let query = sql.select().columns(columns)
            .from(Enterprise.schema).where("status", .equal, EnterpriseStatus.active.rawValue)
            .orderBy("id")
        let found = NIOLockedValueBox<[SnapshotEnterprise]>([])
        try await ColumnRows.forEach(sql, query, columns: columns) { row in
            guard let id = row.int(0), let region = row.string(1).flatMap({ Int32($0) }) else { return }
            let field = row.int(5)
            let enterprise = SnapshotEnterprise(
                id: Int32(clamping: id), regionCode: region, zone: row.int(2).map { Int32(clamping: $0) } ?? -1,
                incubator: row.int(3).map { Int32(clamping: $0) } ?? -1,
                section: SnapshotEnterprise.sectionIndex(industryCode: row.string(4)),
                field: field.flatMap { (1...8).contains($0) ? UInt8($0) : nil } ?? 0,
                foundedYear: row.string(6).flatMap { MonthKey.year(iso: $0) },
                registeredMonth: row.date(7).map(MonthKey.china), admittedMonth: nil)
            found.withLockedValue { $0.append(enterprise) }
        }
        return found.withLockedValue { $0 }
    }

    /// Every year's facts into the assembler. `ids` are the enterprises' ids in slot order (ascending).
    private func facts(ids: [Int32], into sink: Sink<SnapshotAssembler>) async throws {
        let factColumns = StatisticsFacts.columns.map(\.rawValue)
        let names = ["enterprise_id", "year", "updated_at"] + factColumns
        let parts = ids.count >= Self.partsFrom ? Self.factParts : 1
        // Part k reads enterprise ids from the first id of its share of the slots up to the next part's first id.
        let bounds: [Int?] = (0...parts).map { part in
            part == 0 || part == parts ? nil : Int(ids[ids.count * part / parts])
        }
        let sql = self.sql
        try await withThrowingTaskGroup(of: Void.self) { group in
            for part in 0..<parts {
                let (low, high) = (bounds[part], bounds[part + 1])
                group.addTask {
                    var query = sql.select().columns(names).from(EnterpriseFacts.schema)
                    if let low { query = query.where("enterprise_id", .greaterThanOrEqual, low) }
                    if let high { query = query.where("enterprise_id", .lessThan, high) }
                    try await ColumnRows.forEach(sql, query, columns: names) { row in
                        guard let id = row.int(0), let year = row.int(1),
                              let slot = ids.ascendingIndex(of: Int32(clamping: id))
                        else { return }
                        let values = (0..<factColumns.count).map { row.double($0 + 3) }
                        let approved = row.date(2).map(MonthKey.china)
                        sink.update { $0.addReport(slot: slot, year: year, values: values, approvedMonth: approved) }
                    }
                }
            }
            try await group.waitForAll()
        }
    }


    /// Month of admission (入库: the basic information's first approval) by enterprise. Basic information is
    /// reviewed at one level, so its earliest approving decision is the admission; an approval with no decision
    /// row (imported) counts from the filing's last change.
    private func admissions() async throws -> [Int32: Int] {
        let rows = try await sql.select()
            .column(SQLColumn("enterprise_id", table: "f"))
            .column(SQLFunction("MIN", args: SQLColumn("decided_at", table: "d")), as: "first_approval")
            .column(SQLColumn("updated_at", table: "f"))
            .from(SQLAlias(SQLIdentifier(FilingRecord.schema), as: SQLIdentifier("f")))
            .join(SQLAlias(SQLIdentifier(ReviewDecisionRecord.schema), as: SQLIdentifier("d")), method: SQLJoinMethod.left,
                  on: SQLBinaryExpression(
                      SQLBinaryExpression(SQLColumn("filing_id", table: "d"), .equal, SQLColumn("id", table: "f")),
                      .and,
                      SQLBinaryExpression(SQLColumn("verdict", table: "d"), .equal, SQLBind(ReviewVerdict.approve))))
            .where(SQLColumn("kind", table: "f"), .equal, SQLBind(FilingKind.basicInfo))
            .where(SQLColumn("last_approved_round", table: "f"), .isNot, SQLLiteral.null)
            .groupBy(SQLColumn("enterprise_id", table: "f")).groupBy(SQLColumn("updated_at", table: "f"))
            .all()
        var months: [Int32: Int] = [:]
        for row in rows {
            guard let id = try? row.decode(column: "enterprise_id", as: Int.self) else { continue }
            let first = ((try? row.decode(column: "first_approval", as: Date?.self)) ?? nil)
                ?? ((try? row.decode(column: "updated_at", as: Date?.self)) ?? nil)
            if let first { months[Int32(clamping: id)] = MonthKey.china(first) }
        }
        return months
    }
}

/// Mutable state row handlers fill. One query calls its handler for one row at a time, in order; handlers of
/// queries running at once (the snapshot's fact parts) take turns through the lock.
package final class Sink<State>: @unchecked Sendable {
    private let lock = NIOLock()
    private var value: State

    package init(_ value: State) { self.value = value }

    /// Runs `body` on the state under the lock (several changes at once).
    package func update<R>(_ body: (inout State) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    package var state: State {
        get { lock.withLock { value } }
        _modify {
            lock.lock()
            defer { lock.unlock() }
            yield &value
        }
    }
}

/// One build of the overview snapshot from the database, as `serve` builds it at start — for the snapshot
/// benchmark (`seedbed-bench snapshot`). The digest covers every column and the statistics cube, so two builds
/// (two versions of the loader, two databases with the same data) can be compared.
package struct OverviewSnapshotBuild: Sendable {
    package let enterprises: Int
    package let scored: Int
    package let seconds: Double
    package let digest: UInt64

    package static func build(on app: Application) async throws -> OverviewSnapshotBuild {
        guard let sql = app.db as? any SQLDatabase else { throw AppError.notFound() }
        let clock = ContinuousClock()
        let started = clock.now
        let loaded = try await DashboardSnapshotLoader(sql: sql, settings: app.config.overview, now: Date()).load()
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let snapshot = loaded.snapshot
        return OverviewSnapshotBuild(enterprises: snapshot.count, scored: snapshot.scoredCount, seconds: seconds,
                                     digest: digest(snapshot))
    }

    /// FNV-1a over the snapshot's columns and cube, in a fixed order.
    static func digest(_ s: DashboardSnapshot) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: UInt64) {
            hash ^= value
            hash = hash &* 0x100_0000_01b3
        }
        func mix(_ values: [Int32]) { for v in values { mix(UInt64(UInt32(bitPattern: v))) } }
        func mix(_ values: [UInt8]) { for v in values { mix(UInt64(v)) } }
        mix(s.enterpriseIDs)
        mix(s.regionCodes)
        mix(s.zones)
        mix(s.incubators)
        mix(s.sections)
        mix(s.fields)
        mix(s.stages)
        mix(s.titles)
        mix(s.tiers)
        for score in s.scores { mix(UInt64(score.bitPattern)) }
        let cube = s.statistics
        for months in [cube.registrations, cube.admissions, cube.reportApprovals] {
            for key in months.keys.sorted() {
                mix(UInt64(bitPattern: Int64(key)))
                mix(months[key] ?? [])
            }
        }
        for year in cube.years.keys.sorted() {
            guard let data = cube.years[year] else { continue }
            mix(UInt64(bitPattern: Int64(year)))
            mix(data.reports)
            mix(data.aboveScale)
            for list in data.sizes + data.categories + data.fields { mix(list) }
            // Sums to the cent: the order rows arrive in may move the last bit of a float sum.
            for list in data.sums { for v in list { mix(UInt64(bitPattern: Int64(clamping: Int((v * 100).rounded())))) } }
        }
        return hash
    }
}
