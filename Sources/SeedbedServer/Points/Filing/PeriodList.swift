import Fluent
import SeedbedDomain
import Vapor

/// 填报项目: the national projects and, for a zone, its own; the page and its 导出 Excel share this list.
struct PeriodList: ListDefinition {
    struct Filter: Sendable {
        let q: String
        let kind: PeriodKind?
        let year: Int?
    }

    struct Row: Sendable {
        let id: Int
        let name: String
        let year: Int
        let kind: PeriodKind
        let startsOn: String
        let endsOn: String
        let owner: String
        let state: (String, String)
        let manages: Bool
        let closed: Bool
    }

    static let id = "points-periods"
    let title = "填报项目"
    let roles = Access.pointsManagers.roles
    var access: PointsAccess?
    var today = LocalDate(chinaTimeOf: Date())

    func configured(for user: CurrentUser) -> PeriodList {
        var list = self
        list.access = PointsAccess(user)
        return list
    }

    var columns: [ListColumn<Row>] {
        [
            ListColumn("项目名称", width: 32) { row, _ in
                row.manages ? .link(row.name, href: "/points/periods/\(row.id)/edit") : .text(row.name)
            },
            ListColumn("类型", width: 14) { row, _ in .text(row.kind.label) },
            ListColumn("数据年度", width: 10) { row, _ in .integer(row.year) },
            ListColumn("开始日期", width: 12) { row, _ in .date(row.startsOn) },
            ListColumn("结束日期", width: 12) { row, _ in .date(row.endsOn) },
            ListColumn("设置单位", width: 20) { row, _ in .text(row.owner) },
            ListColumn("状态", width: 10) { row, _ in .badge(row.state.0, tone: row.state.1) },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(q: queryText(query, "q"), kind: query["kind"].flatMap(PeriodKind.init(rawValue:)),
               year: query["year"].flatMap { Int($0) }.flatMap { (2000...2100).contains($0) ? $0 : nil })
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("q", filter.q), ("kind", filter.kind?.rawValue ?? ""), ("year", filter.year.map(String.init) ?? "")]
            .filter { !$0.1.isEmpty }
    }

    /// The projects the user may see: a zone its own and the national ones, the national centre all.
    private func query(_ filter: Filter, on db: any Database) -> QueryBuilder<PointsPeriod>? {
        guard let access else { return nil }
        var query = PointsPeriod.query(on: db)
        switch access.role {
        case .platformAdmin, .national: break
        case .zone:
            guard let own = access.organizationID else { return nil }
            query = query.group(.or) { $0.filter(\.$ownerOrgID == nil).filter(\.$ownerOrgID == own) }
        default: return nil
        }
        if !filter.q.isEmpty { query = query.filter(\.$name ~~ filter.q) }
        if let kind = filter.kind { query = query.filter(\.$kind == kind) }
        if let year = filter.year { query = query.filter(\.$year == year) }
        return query
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        try await query(filter, on: db)?.count() ?? 0
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [Row] {
        guard let access, let query = query(filter, on: db) else { return [] }
        let periods = try await query.sort(\.$id, .descending).range(offset..<(offset + limit)).all()
        let owners = Set(periods.compactMap(\.ownerOrgID))
        let names = owners.isEmpty ? [:] : Dictionary(
            try await Organization.query(on: db).filter(\.$id ~~ Array(owners)).all().compactMap { org in
                org.id.map { ($0, org.name) }
            }, uniquingKeysWith: { first, _ in first })
        return periods.compactMap { period in
            guard let id = period.id else { return nil }
            return Row(id: id, name: period.name, year: period.year, kind: period.kind, startsOn: period.startsOn,
                       endsOn: period.endsOn, owner: period.ownerOrgID.map { names[$0] ?? "高新区" } ?? "全国",
                       state: period.stateLabel(on: today), manages: access.manages(owner: period.ownerOrgID),
                       closed: period.closed)
        }
    }
}
