import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// A filing as review queues and filing queries list it.
struct ReviewRow: Decodable, Sendable {
    let id: Int
    let enterpriseID: Int
    let enterpriseName: String
    let uscc: String
    let regionCode: String
    let kind: FilingKind
    let year: Int?
    let status: FilingStatus
    let pendingReviewer: String?
    let submittedAt: Date?
    let updatedAt: Date
    /// The reviewing organisation's name, filled in after the query.
    var pendingName: String?
    /// Basic information of a recognised enterprise: its 信息更新, filled in after the query.
    var isInfoUpdate = false

    enum CodingKeys: String, CodingKey {
        case id, uscc, kind, year, status
        case enterpriseID = "enterprise_id"
        case enterpriseName = "enterprise_name"
        case regionCode = "region_code"
        case pendingReviewer = "pending_reviewer"
        case submittedAt = "submitted_at"
        case updatedAt = "updated_at"
    }
}

/// 审核 (queues per kind: what waits for my organisation) and 查询 (every filing of a kind in my scope): the
/// same list with a tab, exported with the same filters.
struct ReviewList: SQLListDefinition {
    struct Filter: Sendable {
        var kind: FilingKind
        /// `pending`: waiting for the reviewer's organisation; `all`: everything in scope.
        var tab: String
        var status: FilingStatus?
        var year: Int?
        var q: String
    }

    static let id = "reviews"
    let title = "审核与查询"
    let roles = Access.government.roles
    var reviewerKey: String?
    /// Detail links keep the list filters for 上一条 / 下一条.
    var detailQuery = ""

    static let kinds: [FilingKind] = [.registration, .basicInfo, .annualReport, .majorChange, .renewal, .pointsData, .expressReport]
        + ApplicationForm.kinds

    func configured(for user: CurrentUser) -> ReviewList {
        var copy = self
        copy.reviewerKey = user.reviewerKey
        return copy
    }

    var columns: [ListColumn<ReviewRow>] {
        let suffix = detailQuery.isEmpty ? "" : "?" + detailQuery
        return [
            ListColumn(EnterpriseRecordForm.name, width: 34) { row, _ in .link(row.enterpriseName, href: "/reviews/\(row.id)" + suffix) },
            ListColumn(EnterpriseRecordForm.uscc, width: 22) { row, _ in .text(row.uscc) },
            ListColumn("所属地区", width: 24) { row, _ in .text(RegionTable.shipped.fullName(of: row.regionCode)) },
            ListColumn("填报类型", width: 16) { row, _ in .text(row.isInfoUpdate ? "信息更新" : row.kind.label) },
            ListColumn("年度", width: 8) { row, _ in row.year.map { .integer($0) } ?? .empty },
            ListColumn("状态", width: 12) { row, _ in
                .badge(row.status.label, tone: FilingViews.statusTone(row.status))
            },
            ListColumn("当前审核机构", width: 22) { row, _ in row.pendingName.map { .text($0) } ?? .empty },
            ListColumn("提交时间", width: 20) { row, _ in row.submittedAt.map { .dateTime($0) } ?? .empty },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(kind: query["kind"].flatMap(FilingKind.init(rawValue:)).flatMap { Self.kinds.contains($0) ? $0 : nil } ?? .basicInfo,
               tab: query["tab"] == "all" ? "all" : "pending",
               status: query["status"].flatMap(FilingStatus.init(rawValue:)),
               year: InputNumber.integer(query["year"], in: InputRange.year),
               q: queryText(query, "q"))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("kind", filter.kind.rawValue), ("tab", filter.tab), ("status", filter.status?.rawValue ?? ""),
         ("year", filter.year.map(String.init) ?? ""), ("q", filter.q)].filter { !$0.1.isEmpty }
    }

    func base(_ builder: SQLSelectBuilder, _ filter: Filter, scope: DataScope) -> SQLSelectBuilder {
        var builder = builder
            .from(SQLAlias(SQLIdentifier(FilingRecord.schema), as: SQLIdentifier("f")))
            .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
                  on: SQLColumn("enterprise_id", table: "f"), .equal, SQLColumn("id", table: "e"))
            .where(ScopeFilter(scope, table: "f"))
            .where(SQLColumn("kind", table: "f"), .equal, SQLBind(filter.kind))
        if filter.tab == "pending" {
            // Nobody's queue without an organisation key: deny by default.
            builder = builder.where(SQLColumn("pending_reviewer", table: "f"), .equal, SQLBind(reviewerKey ?? "-"))
        } else {
            // Drafts are the enterprise's own business until submitted once.
            builder = builder.where(SQLColumn("round", table: "f"), .greaterThan, SQLBind(0))
        }
        if let status = filter.status { builder = builder.where(SQLColumn("status", table: "f"), .equal, SQLBind(status)) }
        if let year = filter.year { builder = builder.where(SQLColumn("year", table: "f"), .equal, SQLBind(year)) }
        if !filter.q.isEmpty {
            builder = builder.where(Like.enterprise(matching: filter.q))
        }
        return builder
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [ReviewRow] {
        guard let sql = db as? any SQLDatabase else { return [] }
        var rows = try await select(sql, filter, scope: scope).limit(limit).offset(offset).all(decoding: ReviewRow.self)
        let names = try await Self.reviewerNames(rows.compactMap(\.pendingReviewer), on: db)
        for index in rows.indices { rows[index].pendingName = rows[index].pendingReviewer.flatMap { names[$0] } }
        // One query for the page: which of its basic-info filings come from recognised enterprises.
        let basicInfo = Set(rows.filter { $0.kind == .basicInfo }.map(\.enterpriseID))
        if !basicInfo.isEmpty {
            let recognised = Set(try await CultivationRecognition.query(on: db).filter(\.$enterpriseID ~~ basicInfo)
                .filter(\.$kind ~~ RecognitionKind.cultivationLevels).filter(\.$status == .valid).all()
                .map(\.enterpriseID))
            for index in rows.indices where rows[index].kind == .basicInfo {
                rows[index].isInfoUpdate = recognised.contains(rows[index].enterpriseID)
            }
        }
        return rows
    }

    /// Organisation names for reviewer keys (`county:500112` → 重庆市渝北区, `zone:7` → the zone's name).
    static func reviewerNames(_ keys: [String], on db: any Database) async throws -> [String: String] {
        var names: [String: String] = [:]
        var zoneIDs: [Int] = []
        for key in Set(keys) {
            switch ReviewerRef(key: key) {
            case .region(let code, _)?: names[key] = RegionTable.shipped.fullName(of: code)
            case .zone(let id)?: zoneIDs.append(id)
            case .national?: names[key] = "火炬中心"
            case nil: break
            }
        }
        if !zoneIDs.isEmpty {
            for org in try await Organization.query(on: db).filter(\.$id ~~ zoneIDs).all() {
                if let id = org.id { names["\(org.kind.rawValue):\(id)"] = org.name }
            }
        }
        return names
    }

    func select(_ sql: any SQLDatabase, _ filter: Filter, scope: DataScope) -> SQLSelectBuilder {
        base(sql.select()
            .column(SQLColumn("id", table: "f")).column(SQLColumn("enterprise_id", table: "f"))
            .column(SQLColumn("name", table: "e"), as: "enterprise_name").column(SQLColumn("uscc", table: "e"))
            .column(SQLColumn("region_code", table: "f")).column(SQLColumn("kind", table: "f"))
            .column(SQLColumn("year", table: "f")).column(SQLColumn("status", table: "f"))
            .column(SQLColumn("pending_reviewer", table: "f")).column(SQLColumn("submitted_at", table: "f"))
            .column(SQLColumn("updated_at", table: "f")), filter, scope: scope)
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "f"), direction: SQLDirection.ascending))
    }

    /// The ids before and after `id` in the filtered list (上一条 / 下一条).
    func neighbours(of id: Int, _ filter: Filter, scope: DataScope, on db: any Database) async throws -> (Int?, Int?) {
        guard let sql = db as? any SQLDatabase else { return (nil, nil) }
        let previous = try await base(sql.select().column(SQLColumn("id", table: "f")), filter, scope: scope)
            .where(SQLColumn("id", table: "f"), .lessThan, SQLBind(id))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "f"), direction: SQLDirection.descending)).limit(1)
            .first(decodingColumn: "id", as: Int.self)
        let next = try await base(sql.select().column(SQLColumn("id", table: "f")), filter, scope: scope)
            .where(SQLColumn("id", table: "f"), .greaterThan, SQLBind(id))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "f"), direction: SQLDirection.ascending)).limit(1)
            .first(decodingColumn: "id", as: Int.self)
        return (previous, next)
    }
}
