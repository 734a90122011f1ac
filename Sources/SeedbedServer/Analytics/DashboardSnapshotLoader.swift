import Fluent
import Foundation
import NIOConcurrencyHelpers
import SeedbedDomain
import SQLKit

/// Builds the dashboard snapshot from the database (DESIGN.md §5): active enterprises, their admission, every
/// year's approved facts and the latest published scores, streamed as raw SQLKit rows straight into the
/// columnar assembler — no ORM models, nothing per row kept but the columns.
struct DashboardSnapshotLoader {
    let sql: any SQLDatabase
    let settings: OverviewSettings
    let now: Date

    /// The snapshot and the published-runs fingerprint it reflects.
    struct Loaded: Sendable {
        let snapshot: DashboardSnapshot
        let runs: String
    }

    func load() async throws -> Loaded {
        // The version is read first: data committed with a later bump makes this snapshot look old, never new.
        let version = try await DashboardVersion.current(on: sql)
        let scores = try await PublishedScores.load(on: sql)
        let tierScale = scores.lists.map { TierScale.lists($0.names, schemeName: $0.scheme) }
            ?? .bands(settings.scoreBands)
        let assembler = Sink(SnapshotAssembler(version: version, builtAt: now, tierScale: tierScale))

        struct Zone: Decodable {
            let id: Int
            let name: String
        }
        let zones = try await sql.select().columns("id", "name").from(Organization.schema)
            .where("kind", .in, [OrganizationKind.zone, .incubator])
            .all(decoding: Zone.self)
        assembler.state.zoneNames = Dictionary(zones.map { (Int32(clamping: $0.id), $0.name) },
                                               uniquingKeysWith: { first, _ in first })

        let admitted = try await admissions()
        try await sql.select()
            .columns("id", "region_code", "zone_id", "incubator_id", "industry_code", "tech_field", "registered_on",
                     "created_at")
            .from(Enterprise.schema).where("status", .equal, EnterpriseStatus.active)
            .orderBy("id")
            .run { row in
                guard let id = try? row.decode(column: "id", as: Int.self),
                      let region = (try? row.decode(column: "region_code", as: String.self)).flatMap({ Int32($0) })
                else { return }
                let zone = (try? row.decode(column: "zone_id", as: Int?.self)) ?? nil
                let incubator = (try? row.decode(column: "incubator_id", as: Int?.self)) ?? nil
                let industry = (try? row.decode(column: "industry_code", as: String?.self)) ?? nil
                let field = (try? row.decode(column: "tech_field", as: Int?.self)) ?? nil
                let founded = ((try? row.decode(column: "registered_on", as: String?.self)) ?? nil)
                    .flatMap { MonthKey.year(iso: $0) }
                let created = (try? row.decode(column: "created_at", as: Date?.self)) ?? nil
                let key = Int32(clamping: id)
                assembler.state.addEnterprise(SnapshotEnterprise(
                    id: key, regionCode: region, zone: zone.map { Int32(clamping: $0) } ?? -1,
                    incubator: incubator.map { Int32(clamping: $0) } ?? -1,
                    section: SnapshotEnterprise.sectionIndex(industryCode: industry),
                    field: field.flatMap { (1...8).contains($0) ? UInt8($0) : nil } ?? 0,
                    foundedYear: founded, registeredMonth: created.map(MonthKey.china),
                    admittedMonth: admitted[key]))
            }

        let factColumns = StatisticsFacts.columns.map(\.rawValue)
        try await sql.select().columns(["enterprise_id", "year", "updated_at"] + factColumns)
            .from(EnterpriseFacts.schema)
            .run { row in
                guard let id = try? row.decode(column: "enterprise_id", as: Int.self),
                      let year = try? row.decode(column: "year", as: Int.self),
                      let slot = assembler.state.slot(of: Int32(clamping: id))
                else { return }
                let values = factColumns.map { column in
                    ((try? row.decode(column: column, as: Double?.self)) ?? nil) ?? .nan
                }
                let approved = (try? row.decode(column: "updated_at", as: Date?.self)) ?? nil
                assembler.state.addReport(slot: slot, year: year, values: values,
                                          approvedMonth: approved.map(MonthKey.china))
            }

        for (id, score) in scores.byEnterprise {
            guard let slot = assembler.state.slot(of: id) else { continue }
            let tier = tierScale.usesBands
                ? tierScale.tier(score: score.total)
                : tierScale.tier(listIndex: score.listName.flatMap { tierScale.labels.firstIndex(of: $0) } ?? -1)
            let stage = score.stage.map { OverviewStages.code(of: DevelopmentStage($0)) } ?? 255
            assembler.state.setScore(slot: slot, score: score.total, tier: tier, stage: stage)
        }
        return Loaded(snapshot: assembler.state.finish(), runs: scores.fingerprint)
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

/// Mutable state a row handler fills. SQLKit calls the handler for one row at a time, in order, so the state is
/// never touched concurrently; the lock only makes that explicit to the compiler.
package final class Sink<State>: @unchecked Sendable {
    private let lock = NIOLock()
    private var value: State

    package init(_ value: State) { self.value = value }

    package var state: State {
        get { lock.withLock { value } }
        _modify {
            lock.lock()
            defer { lock.unlock() }
            yield &value
        }
    }
}
