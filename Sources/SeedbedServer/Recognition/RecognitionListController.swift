import Fluent
import Foundation
import Plot
import SeedbedDomain
import SQLKit
import Vapor

/// One recognition of a MIIT level as 认定企业 lists it.
struct RecognisedRow: Decodable, Sendable {
    let id: Int
    let enterpriseID: Int
    let enterpriseName: String
    let uscc: String
    let regionCode: String
    let kind: RecognitionKind
    let certificateNo: String
    let issuedOn: String
    let validUntil: String
    let status: RecognitionStatus
    let cancelReason: String?

    enum CodingKeys: String, CodingKey {
        case id, uscc, kind, status
        case enterpriseID = "enterprise_id"
        case enterpriseName = "enterprise_name"
        case regionCode = "region_code"
        case certificateNo = "certificate_no"
        case issuedOn = "issued_on"
        case validUntil = "valid_until"
        case cancelReason = "cancel_reason"
    }

    func standing(on day: LocalDate, leadMonths: Int) -> RecognitionStanding {
        guard let from = try? LocalDate(iso: issuedOn), let until = try? LocalDate(iso: validUntil) else {
            return status == .cancelled ? .cancelled : .lapsed
        }
        return RecognitionTerm(issuedOn: from, validUntil: until).standing(on: day, status: status, leadMonths: leadMonths)
    }
}

/// The regions one level below a viewer's scope, for the region filter and the statistics' rows: provinces for the
/// national centre, cities (a municipality's districts) for a province, counties for a city, the county itself for
/// a county; nothing for a zone or an incubator (their scope is not a region).
enum ScopeRegions {
    struct Entry: Sendable, Hashable {
        let prefix: String
        let name: String
    }

    static func children(of scope: DataScope) -> [Entry] {
        let table = RegionTable.shipped
        switch scope {
        case .all:
            return table.provinces.map { Entry(prefix: $0.scopePrefix, name: $0.name) }
        case .region(let prefix):
            let code = prefix.padding(toLength: 6, withPad: "0", startingAt: 0)
            switch prefix.count {
            case 2: return table.drillDownChildren(of: code).map { Entry(prefix: $0.scopePrefix, name: $0.name) }
            case 4: return table.children(of: code).map { Entry(prefix: $0.scopePrefix, name: $0.name) }
            default: return [Entry(prefix: prefix, name: table.fullName(of: code))]
            }
        case .zone, .incubator, .enterprise, .nothing:
            return []
        }
    }

    /// The entry a region code belongs to, if any.
    static func entry(of regionCode: String, in entries: [Entry]) -> Entry? {
        entries.first { RegionCodes.code(regionCode, liesIn: $0.prefix) }
    }
}

/// 认定企业: recognitions of the MIIT levels in the viewer's scope by level, year of issue, region and standing, with
/// search and export.
struct RecognisedList: SQLListDefinition {
    struct Filter: Sendable {
        var level: RecognitionKind?
        var year: Int?
        /// A region prefix one level below the viewer's scope (validated against it on use).
        var region: String
        var standing: RecognitionStanding?
        var q: String
    }

    static let id = "recognitions"
    let title = "认定企业"
    let roles = Access.government.roles
    var today = LocalDate(daysSince1970: 0)
    var leadMonths = RecognitionTerm.defaultLeadMonths

    func prepared(on app: Application) async throws -> RecognisedList {
        var copy = self
        copy.today = LocalDate(chinaTimeOf: app.clock.now())
        copy.leadMonths = CultivationRecognitions.leadMonths(app)
        return copy
    }

    var columns: [ListColumn<RecognisedRow>] {
        let (today, lead) = (today, leadMonths)
        return [
            ListColumn(EnterpriseRecordForm.name, width: 34) { row, _ in
                .link(row.enterpriseName, href: "/enterprises/\(row.enterpriseID)")
            },
            ListColumn(EnterpriseRecordForm.uscc, width: 22) { row, _ in .text(row.uscc) },
            ListColumn("所属地区", width: 24) { row, _ in .text(RegionTable.shipped.fullName(of: row.regionCode)) },
            ListColumn("认定级别", width: 22) { row, _ in .text(row.kind.label) },
            ListColumn("证书编号", width: 18) { row, _ in .text(row.certificateNo) },
            ListColumn("认定日期", width: 12) { row, _ in .date(row.issuedOn) },
            ListColumn("有效期至", width: 12) { row, _ in .date(row.validUntil) },
            ListColumn("状态", width: 10) { row, _ in
                let standing = row.standing(on: today, leadMonths: lead)
                return .badge(standing.label, tone: RenewalController.tone(standing))
            },
            ListColumn("取消原因", width: 20) { row, _ in row.cancelReason.map { .text($0) } ?? .empty },
        ]
    }

    func filter(from query: [String: String]) -> Filter {
        let region = queryText(query, "region", max: 6)
        return Filter(level: query["level"].flatMap(RecognitionKind.init(rawValue:)).flatMap { $0.isCultivationLevel ? $0 : nil },
                      year: InputNumber.integer(query["year"], in: InputRange.year),
                      region: region.allSatisfy(\.isNumber) && [2, 4, 6].contains(region.count) ? region : "",
                      standing: query["status"].flatMap(RecognitionStanding.init(rawValue:)),
                      q: queryText(query, "q"))
    }

    func queryItems(_ filter: Filter) -> [(String, String)] {
        [("level", filter.level?.rawValue ?? ""), ("year", filter.year.map(String.init) ?? ""), ("region", filter.region),
         ("status", filter.standing?.rawValue ?? ""), ("q", filter.q)].filter { !$0.1.isEmpty }
    }

    func base(_ builder: SQLSelectBuilder, _ filter: Filter, scope: DataScope) -> SQLSelectBuilder {
        var builder = builder
            .from(SQLAlias(SQLIdentifier(Recognitions.schema), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier(Enterprise.schema), as: SQLIdentifier("e")), method: SQLJoinMethod.inner,
                  on: SQLColumn("enterprise_id", table: "r"), .equal, SQLColumn("id", table: "e"))
            .where(ScopeFilter(scope, table: "r"))
            .where(SQLColumn("kind", table: "r"), .in, SQLBind.group(filter.level.map { [$0] } ?? RecognitionKind.cultivationLevels))
        if let year = filter.year {
            builder = builder.where(SQLColumn("issued_on", table: "r"), .greaterThanOrEqual, SQLBind("\(year)-01-01"))
                .where(SQLColumn("issued_on", table: "r"), .lessThanOrEqual, SQLBind("\(year)-12-31"))
        }
        if !filter.region.isEmpty {
            builder = builder.where(Like(column: SQLColumn("region_code", table: "r"), pattern: Like.escape(filter.region) + "%"))
        }
        let day = today.description
        let horizon = RecognitionTerm.horizon(from: today, leadMonths: leadMonths).description
        let status = SQLColumn("status", table: "r")
        let until = SQLColumn("valid_until", table: "r")
        switch filter.standing {
        case .cancelled?:
            builder = builder.where(status, .equal, SQLBind(RecognitionStatus.cancelled))
        case .lapsed?:
            builder = builder.where(status, .equal, SQLBind(RecognitionStatus.valid)).where(until, .lessThan, SQLBind(day))
        case .expiring?:
            builder = builder.where(status, .equal, SQLBind(RecognitionStatus.valid))
                .where(until, .greaterThanOrEqual, SQLBind(day)).where(until, .lessThan, SQLBind(horizon))
        case .valid?:
            builder = builder.where(status, .equal, SQLBind(RecognitionStatus.valid))
                .where(until, .greaterThanOrEqual, SQLBind(horizon))
        case nil:
            break
        }
        if !filter.q.isEmpty { builder = builder.where(Like.enterprise(matching: filter.q)) }
        return builder
    }

    func rows(_ filter: Filter, scope: DataScope, offset: Int, limit: Int, on db: any Database) async throws -> [RecognisedRow] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await base(sql.select()
            .column(SQLColumn("id", table: "r")).column(SQLColumn("enterprise_id", table: "r"))
            .column(SQLColumn("name", table: "e"), as: "enterprise_name").column(SQLColumn("uscc", table: "e"))
            .column(SQLColumn("region_code", table: "r")).column(SQLColumn("kind", table: "r"))
            .column(SQLColumn("certificate_no", table: "r")).column(SQLColumn("issued_on", table: "r"))
            .column(SQLColumn("valid_until", table: "r")).column(SQLColumn("status", table: "r"))
            .column(SQLColumn("cancel_reason", table: "r")), filter, scope: scope)
            .orderBy(SQLOrderBy(expression: SQLColumn("issued_on", table: "r"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "r"), direction: SQLDirection.descending))
            .limit(limit).offset(offset).all(decoding: RecognisedRow.self)
    }
}

/// 梯度培育's government pages: 认定企业 (the list above) and 申报与认定统计 (applications by state and recognitions
/// by standing, per region one level below the viewer's scope, level and year, exportable).
struct RecognitionListController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(Page.recognitions).get(use: list)
        let statistics = routes.grouped(Page.cultivationStatistics)
        statistics.get(use: self.statistics)
        statistics.post("export", use: export)
    }

    @Sendable func list(req: Request) async throws -> HTMLPage {
        let list = RecognisedList()
        let user = try req.requireUser()
        let regions = ScopeRegions.children(of: user.scope)
        let thisYear = LocalDate(chinaTimeOf: req.now).year
        return try await list.respond(req) { page, filter, viewer in
            let query = list.queryItems(filter)
            let fields = [
                FieldSpec(label: "搜索", name: "q", value: filter.q, placeholder: "企业名称或统一社会信用代码"),
                FieldSpec(label: "认定级别", name: "level", value: filter.level?.rawValue ?? "", kind: .select(Self.levelOptions)),
                FieldSpec(label: "认定年度", name: "year", value: filter.year.map(String.init) ?? "",
                          kind: .select(Self.yearOptions(thisYear))),
                FieldSpec(label: "所属地区", name: "region", value: filter.region,
                          kind: .select([SelectOption(value: "", label: "全部")]
                              + regions.map { SelectOption(value: $0.prefix, label: $0.name) })),
                FieldSpec(label: "状态", name: "status", value: filter.standing?.rawValue ?? "",
                          kind: .select([SelectOption(value: "", label: "全部")]
                              + RecognitionStanding.allCases.map { SelectOption(value: $0.rawValue, label: $0.label) })),
            ]
            return .group(
                UI.pageHeader(list.title),
                UI.queryBar(action: Page.recognitions.path, fields: fields,
                            exportURL: "/exports/\(RecognisedList.id)" + (query.isEmpty ? "" : "?" + URLQuery.encode(query))),
                list.table(page, viewer: viewer, emptyText: "没有符合条件的认定企业"),
                UI.pagination(page.info, baseURL: Page.recognitions.path, query: query))
        }
    }

    static var levelOptions: [SelectOption] {
        [SelectOption(value: "", label: "全部")]
            + RecognitionKind.cultivationLevels.map { SelectOption(value: $0.rawValue, label: $0.label) }
    }

    static func yearOptions(_ thisYear: Int) -> [SelectOption] {
        [SelectOption(value: "", label: "全部")] + (thisYear - 6...thisYear).reversed().map { SelectOption(value: String($0), label: "\($0) 年") }
    }

    // MARK: Statistics

    struct StatisticsQuery: Sendable {
        var year: Int?
        var level: RecognitionKind?

        init(_ query: [String: String]) {
            year = InputNumber.integer(query["year"], in: InputRange.year)
            level = query["level"].flatMap(RecognitionKind.init(rawValue:)).flatMap { $0.isCultivationLevel ? $0 : nil }
        }

        var items: [(String, String)] {
            [("year", year.map(String.init) ?? ""), ("level", level?.rawValue ?? "")].filter { !$0.1.isEmpty }
        }
    }

    /// The application kinds that grant a level (小巨人 once the kind exists).
    static var applicationKinds: [FilingKind] { FilingKind.allCases.filter { CultivationRecognitions.kind(for: $0) != nil } }

    static let applicationStates: [FilingStatus] = [.submitted, .inReview, .returned, .approved, .rejected]

    /// Both tables for the viewer's scope.
    static func tables(_ query: StatisticsQuery, scope: DataScope, today: LocalDate, leadMonths: Int, on db: any Database)
        async throws -> (applications: StatisticsTable, recognitions: StatisticsTable)
    {
        guard let sql = db as? any SQLDatabase else { throw AppError.notFound() }
        var regions = ScopeRegions.children(of: scope)
        let other = ScopeRegions.Entry(prefix: "", name: regions.isEmpty ? "本辖区" : "其他")
        func bucket(_ code: String) -> ScopeRegions.Entry { ScopeRegions.entry(of: code, in: regions) ?? other }

        // Applications: every one submitted at least once, by the level it asks for and its state.
        let kinds = query.level.map { level in applicationKinds.filter { CultivationRecognitions.kind(for: $0) == level } }
            ?? applicationKinds
        var applicationCounts: [ScopeRegions.Entry: [FilingStatus: Int]] = [:]
        if !kinds.isEmpty {
            var select = sql.select().column("region_code").column("status").column("submitted_at")
                .from(SQLAlias(SQLIdentifier(FilingRecord.schema), as: SQLIdentifier("f")))
                .where(ScopeFilter(scope, table: "f"))
                .where(SQLColumn("kind", table: "f"), .in, SQLBind.group(kinds))
                .where(SQLColumn("round", table: "f"), .greaterThan, SQLBind(0))
            if let year = query.year, let start = try? LocalDate(year: year, month: 1, day: 1),
               let end = try? LocalDate(year: year + 1, month: 1, day: 1) {
                select = select.where(SQLColumn("submitted_at", table: "f"), .greaterThanOrEqual, SQLBind(start.startInChina))
                    .where(SQLColumn("submitted_at", table: "f"), .lessThan, SQLBind(end.startInChina))
            }
            for row in try await select.all() {
                guard let code = try? row.decode(column: "region_code", as: String.self),
                      let status = (try? row.decode(column: "status", as: String.self)).flatMap(FilingStatus.init(rawValue:))
                else { continue }
                applicationCounts[bucket(code), default: [:]][status, default: 0] += 1
            }
        }
        // Recognitions: by level, and by standing today.
        let levels = query.level.map { [$0] } ?? RecognitionKind.cultivationLevels
        var recognitionCounts: [ScopeRegions.Entry: [String: Int]] = [:]
        var select = sql.select().column("region_code").column("kind").column("issued_on").column("valid_until").column("status")
            .from(SQLAlias(SQLIdentifier(Recognitions.schema), as: SQLIdentifier("r")))
            .where(ScopeFilter(scope, table: "r"))
            .where(SQLColumn("kind", table: "r"), .in, SQLBind.group(levels))
        if let year = query.year {
            select = select.where(SQLColumn("issued_on", table: "r"), .greaterThanOrEqual, SQLBind("\(year)-01-01"))
                .where(SQLColumn("issued_on", table: "r"), .lessThanOrEqual, SQLBind("\(year)-12-31"))
        }
        for row in try await select.all() {
            guard let code = try? row.decode(column: "region_code", as: String.self),
                  let kind = (try? row.decode(column: "kind", as: String.self)).flatMap(RecognitionKind.init(rawValue:)),
                  let status = (try? row.decode(column: "status", as: String.self)).flatMap(RecognitionStatus.init(rawValue:)),
                  let from = (try? row.decode(column: "issued_on", as: String.self)).flatMap({ try? LocalDate(iso: $0) }),
                  let until = (try? row.decode(column: "valid_until", as: String.self)).flatMap({ try? LocalDate(iso: $0) })
            else { continue }
            let standing = RecognitionTerm(issuedOn: from, validUntil: until).standing(on: today, status: status,
                                                                                       leadMonths: leadMonths)
            var counts = recognitionCounts[bucket(code), default: [:]]
            counts["total", default: 0] += 1
            if standing == .valid || standing == .expiring { counts[kind.rawValue, default: 0] += 1 }
            counts[standing.rawValue, default: 0] += 1
            recognitionCounts[bucket(code)] = counts
        }
        if applicationCounts[other] != nil || recognitionCounts[other] != nil { regions.append(other) }

        let yearNote = query.year.map { "\($0) 年" } ?? "全部年度"
        let applicationRows: [[StatisticsTable.Cell]] = regions.map { region in
            let counts = applicationCounts[region] ?? [:]
            return [.text(region.name)] + applicationStates.map { .integer(counts[$0] ?? 0) }
                + [.integer(counts.values.reduce(0, +))]
        }
        let applications = StatisticsTable(
            title: "梯度培育申报统计", headers: ["地区"] + applicationStates.map(\.label) + ["合计"], rows: applicationRows,
            total: totalRow(applicationRows),
            notes: ["统计\(yearNote)提交过的\(query.level?.label ?? "各级别")申报（不含未提交的草稿），按当前状态计数；提交年度按首次提交时间。"])
        let standings: [RecognitionStanding] = [.valid, .expiring, .lapsed, .cancelled]
        let recognitionRows: [[StatisticsTable.Cell]] = regions.map { region in
            let counts = recognitionCounts[region] ?? [:]
            return [.text(region.name)] + levels.map { .integer(counts[$0.rawValue] ?? 0) }
                + standings.map { .integer(counts[$0.rawValue] ?? 0) } + [.integer(counts["total"] ?? 0)]
        }
        let recognitions = StatisticsTable(
            title: "梯度培育认定统计",
            headers: ["地区"] + levels.map { "\($0.label)（有效）" } + standings.map(\.label) + ["合计"],
            rows: recognitionRows, total: totalRow(recognitionRows),
            notes: ["统计\(yearNote)认定的企业；各级别列为当前有效（含即将到期）的认定数，即将到期指有效期在 \(leadMonths) 个月内届满。"])
        return (applications, recognitions)
    }

    private static func totalRow(_ rows: [[StatisticsTable.Cell]]) -> [StatisticsTable.Cell]? {
        guard let width = rows.first?.count, width > 1 else { return nil }
        return [.text("合计")] + (1..<width).map { column in
            .integer(rows.reduce(0) { sum, row in
                guard row.indices.contains(column), case .integer(let value) = row[column] else { return sum }
                return sum + value
            })
        }
    }

    @Sendable func statistics(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let query = StatisticsQuery(req.queryDictionary)
        let today = LocalDate(chinaTimeOf: req.now)
        let (applications, recognitions) = try await Self.tables(
            query, scope: user.scope, today: today, leadMonths: CultivationRecognitions.leadMonths(req.application), on: req.db)
        let context = try await req.pageContext()
        let path = Page.cultivationStatistics.path
        return HTMLPage(Layout.shell(Page.cultivationStatistics.title, context, .group(
            UI.pageHeader(Page.cultivationStatistics.title, actions: [
                UI.exportButton("\(path)/export?" + URLQuery.encode(query.items + [("table", "applications")]), label: "导出申报统计"),
                UI.exportButton("\(path)/export?" + URLQuery.encode(query.items + [("table", "recognitions")]), label: "导出认定统计"),
            ]),
            UI.queryBar(action: path, fields: [
                FieldSpec(label: "年度", name: "year", value: query.year.map(String.init) ?? "",
                          kind: .select(Self.yearOptions(today.year))),
                FieldSpec(label: "认定级别", name: "level", value: query.level?.rawValue ?? "", kind: .select(Self.levelOptions)),
            ]),
            .h2(.text(applications.title)), StatisticsViews.render(applications), StatisticsViews.notes(applications.notes),
            .h2(.text(recognitions.title)), StatisticsViews.render(recognitions), StatisticsViews.notes(recognitions.notes)
        )))
    }

    @Sendable func export(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let query = StatisticsQuery(req.queryDictionary)
        let (applications, recognitions) = try await Self.tables(
            query, scope: user.scope, today: LocalDate(chinaTimeOf: req.now),
            leadMonths: CultivationRecognitions.leadMonths(req.application), on: req.db)
        let table = req.queryDictionary["table"] == "applications" ? applications : recognitions
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-cultivation-\(UUID().uuidString).xlsx")
        let writer = try req.application.spreadsheets.tableWriter(url)
        try writer.begin(sheet: String(table.title.prefix(31)),
                         columns: table.headers.map { ($0, max(8, min(40, $0.count * 2 + 2))) })
        for row in table.rows + (table.total.map { [$0] } ?? []) { try writer.append(row.map(StatisticsController.cell)) }
        try writer.finish()
        try await req.audit.record(.export, targetType: "statistics:cultivation",
                                   detail: "\(table.title)；\(table.rows.count) 行；" + (query.items.isEmpty ? "全部" : URLQuery.encode(query.items)))
        return try await req.downloadXLSX(url, name: "\(table.title)-\(ExportController.stamp(req.now)).xlsx")
    }
}
