import Fluent
import Foundation
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// One IP record as the lists show it.
struct IPRecordRow: Decodable, Sendable {
    let id: Int
    let enterpriseID: Int
    let enterpriseName: String
    let uscc: String
    let regionCode: String
    let kind: IPKind
    let number: String
    let title: String
    let datedOn: String
    let status: IPStatus
    let source: String

    enum CodingKeys: String, CodingKey {
        case id, uscc, kind, number, title, status, source
        case enterpriseID = "enterprise_id"
        case enterpriseName = "enterprise_name"
        case regionCode = "region_code"
        case datedOn = "dated_on"
    }
}

/// 知识产权 records in the viewer's scope: every record of its enterprises for government (`/ip-records`), the
/// enterprise's own for an enterprise (`/my/ip`, the same list narrowed by its scope). Search, kind, status and
/// region filters; export.
struct IPRecordList: SQLListDefinition {
    struct Filter: Sendable {
        var kind: IPKind?
        var status: IPStatus?
        /// A region prefix (2, 4 or 6 digits); the scope still applies.
        var region: String
        var q: String
    }

    static let id = "ip-records"
    let title = "知识产权"
    let roles = Access.government.roles.union([.enterprise])

    func tone(_ status: IPStatus) -> String {
        switch status {
        case .valid: "success"
        case .pending: "info"
        case .lapsed: "neutral"
        }
    }

    var columns: [ListColumn<IPRecordRow>] {
        [
            ListColumn(EnterpriseRecordForm.name, width: 34) { row, viewer in
                viewer.role == .enterprise ? .text(row.enterpriseName)
                    : .link(row.enterpriseName, href: "/enterprises/\(row.enterpriseID)")
            },
            ListColumn(EnterpriseRecordForm.uscc, width: 22) { row, _ in .text(row.uscc) },
            ListColumn("所属地区", width: 24) { row, _ in .text(RegionTable.shipped.fullName(of: row.regionCode)) },
            ListColumn("类型", width: 16) { row, _ in .text(row.kind.label) },
            ListColumn("类别", width: 12) { row, _ in .text(row.kind.ipClass?.label ?? "不计入Ⅰ、Ⅱ类") },
            ListColumn("号码", width: 20) { row, _ in .text(row.number) },
            ListColumn("名称", width: 36) { row, _ in .text(row.title) },
            ListColumn("日期", width: 12) { row, _ in .date(row.datedOn) },
            ListColumn("状态", width: 10) { row, _ in .badge(row.status.label, tone: tone(row.status)) },
            ListColumn("来源", width: 10) { row, _ in .text(IPRecords.sourceLabel(row.source)) },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        let region = queryText(query, "region", max: 6)
        return Filter(kind: query["kind"].flatMap(IPKind.init(rawValue:)),
                      status: query["status"].flatMap(IPStatus.init(rawValue:)),
                      region: region.allSatisfy(\.isASCII) && region.allSatisfy(\.isNumber) && [2, 4, 6].contains(region.count)
                          ? region : "",
                      q: queryText(query, "q"))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("kind", filter.kind?.rawValue ?? ""), ("status", filter.status?.rawValue ?? ""), ("region", filter.region),
         ("q", filter.q)].filter { !$0.1.isEmpty }
    }

    func base(_ builder: SQLSelectBuilder, _ filter: Filter, scope: DataScope) -> SQLSelectBuilder {
        var builder = builder
            .from(SQLAlias(SQLIdentifier(IPRecords.schema), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
                  on: SQLColumn("enterprise_id", table: "r"), .equal, SQLColumn("id", table: "e"))
            .where(ScopeFilter(scope, table: "r"))
        if let kind = filter.kind { builder = builder.where(SQLColumn("kind", table: "r"), .equal, SQLBind(kind)) }
        if let status = filter.status { builder = builder.where(SQLColumn("status", table: "r"), .equal, SQLBind(status)) }
        if !filter.region.isEmpty {
            builder = builder.where(Like(column: SQLColumn("region_code", table: "r"), pattern: Like.escape(filter.region) + "%"))
        }
        if !filter.q.isEmpty {
            let text = Like.escape(filter.q)
            builder = builder.where(SQLGroupExpression(SQLBinaryExpression(
                SQLBinaryExpression(Like.enterprise(matching: filter.q), .or,
                                    Like(column: SQLColumn("title", table: "r"), pattern: "%" + text + "%")), .or,
                Like(column: SQLColumn("number", table: "r"), pattern: "%" + Like.escape(USCC.normalise(filter.q)) + "%"))))
        }
        return builder
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [IPRecordRow] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await base(sql.select()
            .column(SQLColumn("id", table: "r")).column(SQLColumn("enterprise_id", table: "r"))
            .column(SQLColumn("name", table: "e"), as: "enterprise_name").column(SQLColumn("uscc", table: "e"))
            .column(SQLColumn("region_code", table: "r")).column(SQLColumn("kind", table: "r"))
            .column(SQLColumn("number", table: "r")).column(SQLColumn("title", table: "r"))
            .column(SQLColumn("dated_on", table: "r")).column(SQLColumn("status", table: "r"))
            .column(SQLColumn("source", table: "r")), filter, scope: scope)
            .orderBy(SQLOrderBy(expression: SQLColumn("dated_on", table: "r"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "r"), direction: SQLDirection.descending))
            .limit(limit).offset(offset).all(decoding: IPRecordRow.self)
    }
}
