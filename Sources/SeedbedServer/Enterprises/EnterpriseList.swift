import Fluent
import SeedbedDomain
import SQLKit
import Vapor

/// 企业信息查询: the government list of enterprise records, page and export alike.
struct EnterpriseList: ListDefinition {
    static let id = "enterprises"
    let title = "企业信息查询"
    let roles = Access.government.roles

    /// Detail links keep the list's filters, for 上一条 / 下一条.
    var detailQuery = ""
    /// The node's short-lived totals and their clock, when the list answers a request (`prepared(on:)`): the
    /// officials of one scope share a count for the overview's check interval.
    var counts: ListCounts?
    var countMaxAge: TimeInterval = 0
    var clock: AppClock?

    func prepared(on app: Application) async throws -> EnterpriseList {
        var list = self
        list.counts = app.listCounts
        list.countMaxAge = app.config.overview.checkInterval
        list.clock = app.clock
        return list
    }

    var columns: [ListColumn<EnterpriseRow>] {
        let suffix = detailQuery.isEmpty ? "" : "?" + detailQuery
        return [
            ListColumn(EnterpriseRecordForm.name, width: 34) { row, _ in .link(row.name, href: "/enterprises/\(row.id)" + suffix) },
            ListColumn(EnterpriseRecordForm.uscc, width: 22) { row, _ in .text(row.uscc) },
            ListColumn("所属地区", width: 24) { row, _ in .text(row.regionName) },
            ListColumn(EnterpriseRecordForm.zone, width: 24) { row, _ in row.zoneName.map { .text($0) } ?? .empty },
            ListColumn(EnterpriseRecordForm.industry, width: 30) { row, _ in .text(row.industryLabel) },
            ListColumn(EnterpriseRecordForm.techField, width: 16) { row, _ in .text(row.techFieldLabel) },
            ListColumn(EnterpriseRecordForm.registeredOn, width: 12) { row, _ in row.registeredOn.map { .date($0) } ?? .empty },
            ListColumn(EnterpriseRecordForm.contactName, width: 10) { row, _ in row.contactName.map { .text($0) } ?? .empty },
            ListColumn(EnterpriseRecordForm.contactPhone, width: 14) { row, viewer in viewer.phone(row.contactPhone) },
            ListColumn("状态", width: 8) { row, _ in .badge(row.status.label, tone: row.status == .active ? "success" : "muted") },
            ListColumn("基本信息审核", width: 12) { row, _ in
                let status = row.basicStatus
                return .badge(row.basicStatusLabel, tone: FilingViews.statusTone(status))
            },
            ListColumn("入库状态", width: 10) { row, _ in row.isAdmitted ? .badge("已入库", tone: "success") : .badge("未入库", tone: "muted") },
        ]
    }

    func filter(from query: [String: String]) -> EnterpriseFilter { EnterpriseFilter(query: query) }

    func queryItems(_ filter: EnterpriseFilter) -> [(String, String)] { filter.queryItems.filter { !$0.1.isEmpty } }

    func count(_ filter: EnterpriseFilter, scope: DataScope, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let exact: @Sendable () async throws -> Int = { try await EnterpriseQuery.count(on: sql, scope: scope, filter: filter) }
        guard let counts, let clock else { return try await exact() }
        let key = Self.id + "|" + scope.description + "|" + URLQuery.encode(queryItems(filter))
        return try await counts.total(key, maxAge: countMaxAge, now: clock.now(), exact)
    }

    func rows(_ filter: EnterpriseFilter, scope: DataScope, offset: Int, limit: Int, on db: any Database)
        async throws -> [EnterpriseRow]
    {
        try await EnterpriseQuery.rows(on: db, scope: scope, filter: filter, offset: offset, limit: limit)
    }

    /// Keyset paging on the id: 上一页/下一页, the last pages and the export's batches cost what the first page does.
    func key(of row: EnterpriseRow) -> String? { SQLKeyset.key(row.id) }

    func rows(_ filter: EnterpriseFilter, scope: DataScope, from position: ListPosition, limit: Int, on db: any Database)
        async throws -> [EnterpriseRow]?
    {
        try await EnterpriseQuery.rows(on: db, scope: scope, filter: filter, from: position, limit: limit)
    }
}
