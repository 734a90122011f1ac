import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// 企业快报填报名单: the enterprises required to file express reports, within the viewer's data scope; the page
/// and its 导出 Excel share this list.
struct ExpressList: SQLListDefinition {
    struct Filter: Sendable {
        let q: String
    }

    struct Row: Sendable, Decodable {
        let id: Int
        let enterprise_id: Int
        let name: String
        let uscc: String
        let region_code: String
        let created_at: Date
    }

    static let id = "express-list"
    let title = "企业快报填报名单"
    let roles = Access.pointsManagers.roles

    var columns: [ListColumn<Row>] {
        [
            ListColumn(EnterpriseRecordForm.name, width: 36) { row, _ in .text(row.name) },
            ListColumn(EnterpriseRecordForm.uscc, width: 22) { row, _ in .text(row.uscc) },
            ListColumn("所在地区", width: 24) { row, _ in .text(RegionTable.shipped.fullName(of: row.region_code)) },
            ListColumn("加入时间", width: 20) { row, _ in .dateTime(row.created_at) },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        Filter(q: queryText(query, "q"))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("q", filter.q)].filter { !$0.1.isEmpty }
    }

    func base(_ builder: SQLSelectBuilder, _ filter: Filter, scope: DataScope) -> SQLSelectBuilder {
        var builder = builder
            .from(SQLAlias(SQLIdentifier(ExpressListEntry.schema), as: SQLIdentifier("l")))
            .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
                  on: SQLColumn("enterprise_id", table: "l"), .equal, SQLColumn("id", table: "e"))
            .where(ScopeFilter(scope, table: "l"))
        if !filter.q.isEmpty {
            builder = builder.where(Like.enterprise(matching: filter.q))
        }
        return builder
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [Row] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await base(sql.select()
            .column(SQLColumn("id", table: "l")).column(SQLColumn("enterprise_id", table: "l"))
            .column(SQLColumn("name", table: "e")).column(SQLColumn("uscc", table: "e"))
            .column(SQLColumn("region_code", table: "l")).column(SQLColumn("created_at", table: "l")),
            filter, scope: scope)
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "l"), direction: SQLDirection.descending)).limit(limit).offset(offset).all(decoding: Row.self)
    }
}
