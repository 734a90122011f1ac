import Fluent
import SeedbedDomain
import Vapor

/// 积分方案: the national scheme's versions and, for a zone, its own; the page and its export share this list.
struct SchemeList: ListDefinition {
    struct Filter: Sendable {
        let q: String
        let status: SchemeStatus?
    }

    struct Row: Sendable {
        let id: Int
        let name: String
        let version: Int
        let owner: String
        let status: SchemeStatus
        let inEffect: Bool
        let effectiveFrom: String
        let indicators: Int
        let updatedAt: Date
    }

    static let id = "schemes"
    let title = "积分方案"
    let roles = Access.pointsManagers.roles
    var access: PointsAccess?
    var today = ""

    func configured(for user: CurrentUser) -> SchemeList {
        var list = self
        list.access = PointsAccess(user)
        list.today = LocalDate(chinaTimeOf: Date()).description
        return list
    }

    var columns: [ListColumn<Row>] {
        [
            ListColumn("方案名称", width: 36) { row, _ in .link(row.name, href: "/points/schemes/\(row.id)") },
            ListColumn("版本", width: 8) { row, _ in .text("第 \(row.version) 版") },
            ListColumn("适用范围", width: 20) { row, _ in .text(row.owner) },
            ListColumn("状态", width: 10) { row, _ in
                row.inEffect ? .badge("生效中", tone: "success")
                    : .badge(row.status.label, tone: row.status == .draft ? "warning" : "muted")
            },
            ListColumn("生效日期", width: 12) { row, _ in .date(row.effectiveFrom) },
            ListColumn("指标数", width: 8) { row, _ in .integer(row.indicators) },
            ListColumn("更新时间", width: 20) { row, _ in .dateTime(row.updatedAt) },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(q: queryText(query, "q"), status: query["status"].flatMap(SchemeStatus.init(rawValue:)))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("q", filter.q), ("status", filter.status?.rawValue ?? "")].filter { !$0.1.isEmpty }
    }

    /// Schemes are few (one row per version per zone): they are filtered in memory after the owner check.
    private func all(_ filter: Filter, on db: any Database) async throws -> [Row] {
        guard let access else { return [] }
        let records = try await SchemeRecord.query(on: db).sort(\.$id, .descending).all()
            .filter { access.reads(schemeOwner: $0.ownerOrgID) }
        let owners = Set(records.compactMap(\.ownerOrgID))
        let names = owners.isEmpty ? [:] : Dictionary(
            try await Organization.query(on: db).filter(\.$id ~~ Array(owners)).all().compactMap { org in
                org.id.map { ($0, org.name) }
            }, uniquingKeysWith: { first, _ in first })
        var effective: [Int?: SchemeRecord] = [:]
        for record in records where record.isPublished && record.effectiveFrom <= today {
            if let current = effective[record.ownerOrgID],
               (current.effectiveFrom, current.version) >= (record.effectiveFrom, record.version) { continue }
            effective[record.ownerOrgID] = record
        }
        return records.compactMap { record -> Row? in
            guard let id = record.id else { return nil }
            if let status = filter.status, record.status != status { return nil }
            if !filter.q.isEmpty, !record.name.contains(filter.q) { return nil }
            let count = (try? record.draft().indicators.count) ?? 0
            return Row(id: id, name: record.name, version: record.version,
                       owner: record.ownerOrgID.map { names[$0] ?? "高新区" } ?? "全国",
                       status: record.status, inEffect: effective[record.ownerOrgID]?.id == id,
                       effectiveFrom: record.effectiveFrom, indicators: count, updatedAt: record.updatedAt)
        }
    }

    func count(_ filter: Filter, scope: DataScope, on db: any Database) async throws -> Int {
        try await all(filter, on: db).count
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [Row] {
        Array(try await all(filter, on: db).dropFirst(offset).prefix(limit))
    }
}
