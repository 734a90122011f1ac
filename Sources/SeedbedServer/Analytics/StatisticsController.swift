import Charts
import Foundation
import Plot
import SeedbedDomain
import Vapor

/// 科企信息统计表 (seed 004 §5, C9–C10): 培育进度统计表, 区县入库企业情况统计表, 区县科技型企业年报统计表 and 全市概况图, by
/// year, in the user's scope, from the snapshot's statistics cube. Each table's 导出 Excel writes the very table
/// the page shows (same `StatisticsTable` value), and is audited.
struct StatisticsController: RouteCollection {
    /// The tables that have a page and an export.
    enum Kind: String, CaseIterable, Sendable {
        case progress, counties, annual

        var title: String {
            switch self {
            case .progress: "培育进度统计表"
            case .counties: "区县入库企业情况统计表"
            case .annual: "区县科技型企业年报统计表"
            }
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        let group = routes.grouped(Page.statistics)
        group.get("progress") { req in try await page(req, kind: .progress) }
        group.get("counties") { req in try await page(req, kind: .counties) }
        group.get("annual") { req in try await page(req, kind: .annual) }
        group.get("city", use: city)
        // Not `:table/export`: the router does not backtrack from the constant `counties` to a parameter.
        // A POST: an export is audited, and a GET changes nothing.
        group.post("export", ":table", use: export)
    }

    /// What a statistics request asks for: the year and the tab, each checked against what exists. Without a
    /// year the page opens on the latest year that has its data in the user's scope (`StatisticsReport.latestYear`).
    struct Query: Sendable {
        let year: Int
        let years: [Int]
        let countyTab: CountyTableTab
        let annualTab: AnnualTableTab

        init(_ req: Request, report: StatisticsReport, kind: Kind?) {
            let thisYear = LocalDate(chinaTimeOf: req.now).year
            let query = req.queryDictionary
            var years: [Int]
            let counts = report.yearCounts()
            if kind == .progress {
                years = Array((thisYear - 9...thisYear).reversed())
            } else {
                // Report years in scope, and the current and last year (registrations count up to the year chosen).
                years = counts.reportYears + [thisYear, thisYear - 1]
                years = Array(Set(years).sorted(by: >).prefix(15))
            }
            let basis: StatisticsReport.YearBasis = switch kind {
            case .progress: .events
            case .counties: .countyTable
            case .annual: .reports
            case nil: .registered
            }
            let fallback = kind == .progress ? thisYear : thisYear - 1
            let asked = query["year"].flatMap { Int($0) }
            self.years = years
            year = asked.flatMap { years.contains($0) ? $0 : nil } ?? counts.latestYear(basis, among: years) ?? fallback
            countyTab = query["tab"].flatMap(CountyTableTab.init(rawValue:)) ?? .reports
            annualTab = query["tab"].flatMap(AnnualTableTab.init(rawValue:)) ?? .operations
        }
    }

    private static func report(_ user: CurrentUser, _ snapshot: DashboardSnapshot) -> StatisticsReport {
        var prefix = ""
        if case .region(let scopePrefix) = user.scope { prefix = scopePrefix }
        return StatisticsReport(snapshot: snapshot, scope: SnapshotScope(user.scope), scopePrefix: prefix)
    }

    static func table(_ kind: Kind, query: Query, report: StatisticsReport) -> StatisticsTable {
        switch kind {
        case .progress: report.progress(year: query.year)
        case .counties: report.counties(year: query.year, tab: query.countyTab)
        case .annual: report.annualReports(year: query.year, tab: query.annualTab)
        }
    }

    /// The page's body is the same for every reader of a scope until the snapshot changes, so it is rendered once
    /// per (snapshot, scope, query) and kept as text (`RenderedFragments`); the shell around it is the reader's.
    func page(_ req: Request, kind: Kind) async throws -> HTMLPage {
        let user = try req.requireUser()
        let snapshot = try await req.dashboardSnapshot()
        let report = Self.report(user, snapshot)
        let query = Query(req, report: report, kind: kind)
        let key = [
            "statistics", kind.rawValue, String(snapshot.version), String(snapshot.builtAt.timeIntervalSince1970),
            user.scope.description, String(query.year), query.years.map(String.init).joined(separator: ","),
            query.countyTab.rawValue, query.annualTab.rawValue,
        ].joined(separator: "|")
        let body = req.application.fragments.html(key) {
            StatisticsViews.page(kind, query: query, table: Self.table(kind, query: query, report: report)).render()
        }
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell(kind.title, context, .raw(body)))
    }

    @Sendable func city(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let report = Self.report(user, try await req.dashboardSnapshot())
        let query = Query(req, report: report, kind: nil)
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("全市概况图", context, StatisticsViews.city(
            query: query, counties: report.enterprisesPerCounty(year: query.year),
            zoneTypes: report.enterprisesPerZoneType(year: query.year))))
    }

    @Sendable func export(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let kind = req.parameters.get("table").flatMap(Kind.init(rawValue:)) else { throw AppError.notFound() }
        let report = Self.report(user, try await req.dashboardSnapshot())
        let query = Query(req, report: report, kind: kind)
        let table = Self.table(kind, query: query, report: report)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-stat-\(UUID().uuidString).xlsx")
        let writer = try req.application.spreadsheets.tableWriter(url)
        try writer.begin(sheet: String(kind.title.prefix(31)),
                         columns: table.headers.map { ($0, max(8, min(40, $0.count * 2 + 2))) })
        for row in table.rows + (table.total.map { [$0] } ?? []) { try writer.append(row.map(Self.cell)) }
        try writer.finish()
        try await req.audit.record(.export, targetType: "statistics:\(kind.rawValue)",
                                   detail: "\(table.title)；\(table.rows.count) 行")
        return try await req.downloadXLSX(url, name: "\(table.title)-\(ExportController.stamp(req.now)).xlsx")
    }

    static func cell(_ cell: StatisticsTable.Cell) -> ListCell {
        switch cell {
        case .text(let text): .text(text)
        case .integer(let value): .integer(value)
        case .decimal(let value): .decimal(value, format: .money)
        }
    }
}

enum StatisticsViews {
    typealias Body = Node<HTML.BodyContext>

    static let links: [(String, String)] = [
        ("培育进度统计表", "/statistics/progress"), ("区县入库企业情况统计表", "/statistics/counties"),
        ("区县科技型企业年报统计表", "/statistics/annual"), ("全市概况图", "/statistics/city"), ("自定义查询", Page.customQuery.path),
    ]

    /// The row of links between the statistics pages and the custom query.
    static func switcher(_ current: String) -> Body {
        .nav(.class("tabs stat-links"), .attribute(named: "aria-label", value: "统计表"),
             .forEach(links) { link in
                 .a(.href(link.1), .if(link.1 == current, .class("active")),
                    .if(link.1 == current, .attribute(named: "aria-current", value: "page")), .text(link.0))
             })
    }

    private static func yearBar(_ path: String, query: StatisticsController.Query, tab: String?) -> Body {
        .form(
            .class("query-bar"), .method(.get), .action(path),
            .unwrap(tab) { UI.hidden("tab", $0) },
            UI.field(FieldSpec(label: "年份", name: "year", value: String(query.year),
                               kind: .select(query.years.map { SelectOption(value: String($0), label: "\($0) 年") }))),
            .div(.class("query-actions"), UI.submit("查询"), .a(.class("btn btn-secondary"), .href(path), .text("重置")))
        )
    }

    static func page(_ kind: StatisticsController.Kind, query: StatisticsController.Query, table: StatisticsTable) -> Body {
        let path = "/statistics/\(kind.rawValue)"
        var tabs: [(String, String, Bool)] = []
        var tab: String?
        switch kind {
        case .counties:
            tab = query.countyTab.rawValue
            tabs = CountyTableTab.allCases.map { ($0.label, $0.rawValue, $0 == query.countyTab) }
        case .annual:
            tab = query.annualTab.rawValue
            tabs = AnnualTableTab.allCases.map { ($0.label, $0.rawValue, $0 == query.annualTab) }
        case .progress:
            break
        }
        let exportQuery = URLQuery.encode([("year", String(query.year))] + (tab.map { [("tab", $0)] } ?? []))
        return .group(
            UI.pageHeader(kind.title, actions: [UI.exportButton("/statistics/export/\(kind.rawValue)?\(exportQuery)")]),
            switcher(path),
            yearBar(path, query: query, tab: tab),
            .if(!tabs.isEmpty, .nav(.class("tabs"), .attribute(named: "aria-label", value: "统计口径"),
                                    .forEach(tabs) { item in
                                        .a(.href(path + "?" + URLQuery.encode([("year", String(query.year)), ("tab", item.1)])),
                                           .if(item.2, .class("active")), .text(item.0))
                                    })),
            render(table),
            notes(table.notes)
        )
    }

    /// 统计口径 under a table: what each figure counts, and in which year.
    static func notes(_ notes: [String]) -> Body {
        .if(!notes.isEmpty, .section(
            .class("stat-notes muted"), .attribute(named: "aria-label", value: "统计口径"),
            .h3(.text("统计口径")),
            .ul(.forEach(notes) { .li(.text($0)) })
        ))
    }

    /// A statistics table with its 合计 row.
    static func render(_ table: StatisticsTable) -> Body {
        func cell(_ value: StatisticsTable.Cell) -> Body {
            .text(StatisticsController.cell(value).text)
        }
        guard !table.rows.isEmpty else { return UI.emptyState("所选年度在您的数据范围内暂无统计数据") }
        return .div(
            .class("table-wrap"),
            .table(
                .class("data statistics"),
                .caption(.text(table.title)),
                .thead(.tr(.forEach(table.headers) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                .tbody(.forEach(table.rows) { row in .tr(.forEach(row) { .td(cell($0)) }) }),
                .unwrap(table.total) { total in .tfoot(.tr(.class("total"), .forEach(total) { .td(cell($0)) })) }
            )
        )
    }

    static func city(query: StatisticsController.Query, counties: [(label: String, count: Int)],
                     zoneTypes: [(label: String, count: Int)]) -> Body {
        let countyChart = BarChart(options: ChartOptions(id: "city-counties", title: "区县科技型企业数据统计图", unit: "家",
                                                         width: 900, height: 360, emptyText: "所选年度暂无企业"),
                                   orientation: .vertical,
                                   bars: counties.prefix(60).map { ChartSegment($0.label, value: Double($0.count)) })
        let zoneChart = BarChart(options: ChartOptions(id: "city-zones",
                                                       title: "两江新区、国家级高新区和经开区、市级高新区科技型企业数量统计图",
                                                       unit: "家", width: 900, height: 300),
                                 orientation: .vertical,
                                 bars: zoneTypes.map { ChartSegment($0.label, value: Double($0.count)) })
        return .group(
            UI.pageHeader("全市概况图"),
            switcher("/statistics/city"),
            yearBar("/statistics/city", query: query, tab: nil),
            ChartViews.card("区县科技型企业数据统计图", chart: countyChart,
                            note: "截至所选年度 12 月 31 日已在平台注册的企业数（累计），与区县入库企业情况统计表的“注册企业数”一致"
                                + (counties.count > 60 ? "；显示企业数前 60 位的区县。" : "。")),
            ChartViews.card("园区科技型企业数量统计图", chart: zoneChart,
                            note: "截至所选年度 12 月 31 日已在平台注册的企业数（累计）。园区类型按园区名称归类（名称含“新区”为国家级新区，"
                                + "含“高新”“经济技术开发区”为国家级高新区和经开区，含“市级”为市级高新区）。"),
            notes([StatisticsReport.registeredNote, StatisticsReport.scopeNote])
        )
    }
}
