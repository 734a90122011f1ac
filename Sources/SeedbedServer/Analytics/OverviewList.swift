import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// One enterprise of the overview list: its record and what the snapshot knows of it.
struct OverviewRow: Sendable {
    let enterprise: EnterpriseRow
    let score: Float
    let stage: String
    let tier: String
}

/// The enterprise list of 企业总览 (T3 §3.5): the enterprises passing every filter of the page, best score first;
/// for province, city and county users only those at or above the list line (T1: ≥ 70). The page and its
/// 导出 Excel share this definition; the order and the filters come from the snapshot, the rows (names, codes)
/// from the database through the same data scope.
struct OverviewList: ListDefinition {
    typealias Filter = OverviewState

    static let id = "overview"
    let title = "企业总览名单"
    var roles: Set<Role> { Access.government.roles }
    /// Set for province, city and county users (`configured(for:)`); the line itself comes from the settings.
    var listsAboveLine = false
    var minScore: Float?
    var snapshot = DashboardSnapshot.empty

    /// Whether a role's list holds only the enterprises at or above the line.
    static func listsAboveLine(_ role: Role) -> Bool { [.province, .city, .county].contains(role) }

    var columns: [ListColumn<OverviewRow>] {
        [
            ListColumn(EnterpriseRecordForm.name, width: 34) { row, _ in
                .link(row.enterprise.name, href: "/enterprises/\(row.enterprise.id)")
            },
            ListColumn(EnterpriseRecordForm.uscc, width: 22) { row, _ in .text(row.enterprise.uscc) },
            ListColumn("所在地区", width: 24) { row, _ in .text(row.enterprise.regionName) },
            ListColumn(EnterpriseRecordForm.zone, width: 20) { row, _ in row.enterprise.zoneName.map { .text($0) } ?? .empty },
            ListColumn("技术领域", width: 16) { row, _ in
                row.enterprise.techFieldLabel.isEmpty ? .empty : .text(row.enterprise.techFieldLabel)
            },
            ListColumn("一级行业", width: 24) { row, _ in
                IndustryCode.parse(row.enterprise.industryCode ?? "").map { .text($0.section.name) } ?? .empty
            },
            ListColumn("发展阶段", width: 10) { row, _ in .text(row.stage) },
            ListColumn("创新积分", width: 10) { row, _ in
                row.score.isFinite ? .decimal(Double(row.score), format: .money) : .text(TierScale.unscoredLabel)
            },
            ListColumn("企业评价", width: 16) { row, _ in .text(row.tier) },
        ]
    }

    func configured(for user: CurrentUser) -> OverviewList {
        var list = self
        list.listsAboveLine = Self.listsAboveLine(user.role)
        return list
    }

    func prepared(on app: Application) async throws -> OverviewList {
        var list = self
        list.snapshot = try await app.dashboard.snapshot(on: app.db)
        // Before any scoring run is published nobody reaches the line; the list then shows every enterprise
        // (the page says so) rather than stay empty.
        list.minScore = listsAboveLine && list.snapshot.scoredCount > 0 ? Float(app.config.overview.listMinScore) : nil
        return list
    }

    func filter(from query: [String: String]) -> OverviewState { OverviewState(query: query) }

    func queryItems(_ filter: OverviewState) -> [(String, String)] { filter.queryItems }

    func count(_ filter: OverviewState, scope: DataScope, on db: any Database) async throws -> Int {
        snapshot.overview(scope: SnapshotScope(scope), filter: filter.clamped(to: scope).filter, listMinScore: minScore,
                          limit: 0).listTotal
    }

    func rows(_ filter: OverviewState, scope: DataScope, offset: Int, limit: Int, on db: any Database)
        async throws -> [OverviewRow]
    {
        let result = snapshot.overview(scope: SnapshotScope(scope), filter: filter.clamped(to: scope).filter,
                                       listMinScore: minScore, offset: offset, limit: limit)
        return try await Self.rows(slots: result.list, snapshot: snapshot, scope: scope, on: db)
    }

    func batches(_ filter: OverviewState, scope: DataScope, size: Int, on db: any Database,
                 _ body: ([OverviewRow]) async throws -> Void) async throws {
        let ordered = snapshot.orderedList(scope: SnapshotScope(scope), filter: filter.clamped(to: scope).filter,
                                           listMinScore: minScore)
        for chunk in ordered.chunked(into: max(1, size)) {
            try await body(try await Self.rows(slots: Array(chunk), snapshot: snapshot, scope: scope, on: db))
        }
    }

    /// The enterprises of `slots`, in that order, read through the data scope (an enterprise moved out of the
    /// scope since the snapshot was built is left out).
    static func rows(slots: [Int], snapshot: DashboardSnapshot, scope: DataScope, on db: any Database)
        async throws -> [OverviewRow]
    {
        guard !slots.isEmpty, let sql = db as? any SQLDatabase else { return [] }
        let ids = slots.map { Int(snapshot.enterpriseIDs[$0]) }
        let records = try await EnterpriseQuery.fetch(
            EnterpriseQuery.select(sql, scope: scope).where(SQLColumn("id", table: "e"), .in, SQLBind.group(ids)),
            on: sql)
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return slots.compactMap { slot in
            byID[Int(snapshot.enterpriseIDs[slot])].map { record in
                OverviewRow(enterprise: record, score: snapshot.scores[slot], stage: snapshot.stageLabel(slot),
                            tier: snapshot.tierScale.label(of: snapshot.tiers[slot]))
            }
        }
    }
}
