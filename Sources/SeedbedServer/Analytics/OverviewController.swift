import Charts
import Foundation
import Plot
import SeedbedDomain
import Vapor

/// 企业总览 (T3): every government role's picture of the enterprises in its scope, answered from the dashboard
/// snapshot. Each chart segment is a link that adds its filter to the whole page; the chart clicked keeps all
/// its segments with the chosen one highlighted; the URL holds the state.
struct OverviewController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(Page.overview).get(use: page)
    }

    @Sendable func page(req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        let list = try await OverviewList().configured(for: user).prepared(on: req.application)
        let snapshot = list.snapshot
        let state = OverviewState(query: req.queryDictionary).clamped(to: user.scope)
        let request = PageRequest(page: state.page, per: PageRequest.defaultPer)
        // Everything the result depends on, the snapshot first (a new snapshot gives new keys).
        let key = [
            String(snapshot.version), String(snapshot.builtAt.timeIntervalSince1970), user.scope.description,
            URLQuery.encode(state.queryItems), list.minScore.map { String($0) } ?? "-",
        ].joined(separator: "|")
        let result = req.application.overviewResults.value(key + "|\(request.offset)|\(request.per)") {
            snapshot.overview(scope: SnapshotScope(user.scope), filter: state.filter,
                              listMinScore: list.minScore, offset: request.offset, limit: request.per)
        }
        let rows = try await OverviewList.rows(slots: result.list, snapshot: snapshot, scope: user.scope, on: req.db)
        let model = OverviewPage(user: user, state: state, snapshot: snapshot, result: result,
                                 page: Paged(items: rows, info: PageInfo(request, total: result.listTotal)),
                                 minScore: list.minScore, list: list)
        // The header, filters and charts depend only on the snapshot, the scope and the filters (not on the page of
        // the list below them), so they are rendered once per snapshot for all readers of a scope.
        let summary = req.application.fragments.html("overview|" + key + "|" + (user.organizationName ?? "")) {
            model.summary().render()
        }
        let context = try await req.pageContext()
        return HTMLPage(Layout.shell("企业总览", context, .group(.raw(summary), model.listSection())))
    }
}

/// Everything the overview page draws, and how it draws it.
struct OverviewPage {
    let user: CurrentUser
    let state: OverviewState
    let snapshot: DashboardSnapshot
    let result: OverviewResult
    let page: Paged<OverviewRow>
    let minScore: Float?
    let list: OverviewList

    private let table = RegionTable.shipped
    typealias Body = Node<HTML.BodyContext>

    func body() -> Body {
        .group(summary(), listSection())
    }

    /// Everything above the list: header, scope and total, filter chips and the six charts.
    func summary() -> Body {
        .group(
            UI.pageHeader("企业总览", actions: [UI.buttonLink("查询统计", url: "/statistics/counties")]),
            .p(.class("muted overview-summary"), .text(scopeText + "；符合条件的企业 "),
               .strong(.class("overview-total"), .text(String(result.total))),
               .text(" 家；数据更新于 \(AdminViews.time(snapshot.builtAt))（第 \(snapshot.version) 版）。")),
            chips(),
            .div(
                .class("overview-grid"),
                regionCard(), zoneCard(), fieldCard(), sectionCard(), tierCard(), stageCard()
            )
        )
    }

    private var scopeText: String {
        switch user.scope {
        case .all: "数据范围：全部企业"
        case .region(let prefix): "数据范围：" + table.fullName(of: prefix.padding(toLength: 6, withPad: "0", startingAt: 0))
        case .zone, .incubator: "数据范围：" + (user.organizationName ?? "本机构") + "的企业"
        case .enterprise, .nothing: "数据范围：无"
        }
    }

    // MARK: Filters

    private func chips() -> Body {
        var chips: [(String, String)] = []
        if let region = state.region { chips.append(("地区：" + table.fullName(of: region), state.url { $0.region = nil })) }
        if let zone = state.zone { chips.append(("高新区：" + zoneName(zone), state.url { $0.zone = nil })) }
        if let field = state.field { chips.append(("技术领域：" + fieldLabel(field), state.url { $0.field = nil })) }
        if let section = state.section { chips.append(("一级行业：" + sectionLabel(section), state.url { $0.section = nil })) }
        if let stage = state.stage { chips.append(("发展阶段：" + stageLabel(stage), state.url { $0.stage = nil })) }
        if let tier = state.tier { chips.append(("企业评价：" + tierLabel(tier), state.url { $0.tier = nil })) }
        guard !chips.isEmpty else {
            return .p(.class("muted filter-hint"), .text("点击任一图表的分段即可按该条件筛选整个页面；再次点击其他分段可更换条件。"))
        }
        return .div(
            .class("filter-chips"), .attribute(named: "aria-label", value: "当前筛选条件"),
            .span(.class("muted"), .text("当前筛选：")),
            .forEach(chips) { chip in
                .a(.class("chip"), .href(chip.1), .attribute(named: "title", value: "移除此条件"),
                   .text(chip.0), .span(.attribute(named: "aria-hidden", value: "true"), .text(" ×")))
            },
            .a(.class("chip-clear"), .href(Page.overview.path), .text("清除全部"))
        )
    }

    private func zoneName(_ id: Int32) -> String { snapshot.zoneNames[id] ?? "高新区 \(id)" }

    private func fieldLabel(_ field: UInt8) -> String {
        TechField(rawValue: Int(field))?.label ?? "未填报"
    }

    private func sectionLabel(_ section: UInt8) -> String {
        Int(section) < IndustrySection.all.count ? IndustrySection.all[Int(section)].name : "未填报"
    }

    private func stageLabel(_ stage: UInt8) -> String {
        Int(stage) < OverviewStages.stages.count ? OverviewStages.stages[Int(stage)].rawValue : "未知"
    }

    private func tierLabel(_ tier: UInt8) -> String { snapshot.tierScale.label(of: tier) }

    // MARK: 企业榜单

    /// The division the user's scope starts at (nil: the whole country).
    private var scopeRoot: Region? {
        guard case .region(let prefix) = user.scope else { return nil }
        return table[prefix.padding(toLength: 6, withPad: "0", startingAt: 0)]
    }

    /// The division being looked at, and the one whose children the ranking shows: a county shows its siblings
    /// (the county highlighted), unless the county is the whole scope.
    private var drillLevel: (current: Region?, parent: Region?) {
        let current = state.region.flatMap { table[$0] } ?? scopeRoot
        guard let current, current.level == .county, current.code != scopeRoot?.code else { return (current, current) }
        let path = table.path(to: current.code)
        return (current, path.count >= 2 ? path[path.count - 2] : nil)
    }

    private func regionCard() -> Body {
        let (current, parent) = drillLevel
        let drill = RegionDrill(parent: parent, countyCodes: snapshot.countyCodes, counts: result.countyCounts, table: table)
        let bars = drill.ranking(keeping: state.region).map { row in
            ChartSegment(row.region.name, value: Double(row.count),
                         href: row.region.code == scopeRoot?.code ? nil : state.url { $0.region = row.region.code },
                         isSelected: row.region.code == state.region)
        }
        let chart = BarChart(options: ChartOptions(id: "region-ranking", title: "按行政区划的企业数量排名", unit: "家",
                                                   width: 560, emptyText: "范围内暂无企业"),
                             orientation: .horizontal, bars: bars)
        return ChartViews.card("企业榜单·行政区划维度", chart: chart, header: breadcrumbs(current),
                               note: current?.level == .county ? "已钻取到区县；点击其他区县可切换。" : "点击地区向下钻取：省 → 市 → 区县。")
    }

    private func breadcrumbs(_ current: Region?) -> Body {
        let root = scopeRoot
        var crumbs: [(String, String?)] = []
        if root == nil { crumbs.append(("全国", state.region == nil ? nil : state.url { $0.region = nil })) }
        if let current {
            let path = table.path(to: current.code)
            for region in path where region.level.prefixLength >= (root?.level.prefixLength ?? 0) {
                let isRoot = region.code == root?.code
                let isCurrent = region.code == current.code
                crumbs.append((region.name, isCurrent ? nil : state.url { $0.region = isRoot ? nil : region.code }))
            }
        }
        return .nav(
            .class("breadcrumbs"), .attribute(named: "aria-label", value: "地区层级"),
            .forEach(crumbs.enumerated()) { index, crumb in
                .group(
                    .if(index > 0, .span(.class("sep"), .text(" › "))),
                    crumb.1.map { href -> Body in .a(.href(href), .text(crumb.0)) }
                        ?? .span(.attribute(named: "aria-current", value: "location"), .text(crumb.0))
                )
            }
        )
    }

    private func zoneCard() -> Body {
        let indices = snapshot.zoneIDs.indices
            .filter { result.zoneCounts[$0] > 0 || snapshot.zoneIDs[$0] == state.zone }
            .sorted { result.zoneCounts[$0] != result.zoneCounts[$1] ? result.zoneCounts[$0] > result.zoneCounts[$1]
                : snapshot.zoneIDs[$0] < snapshot.zoneIDs[$1] }
        let shown = indices.prefix(30)
        let bars = shown.map { index in
            let id = snapshot.zoneIDs[index]
            return ChartSegment(zoneName(id), value: Double(result.zoneCounts[index]),
                                href: state.url { $0.zone = id }, isSelected: id == state.zone)
        }
        let chart = BarChart(options: ChartOptions(id: "zone-ranking", title: "按高新区的企业数量排名", unit: "家",
                                                   width: 560, emptyText: "范围内暂无高新区企业"),
                             orientation: .horizontal, bars: bars)
        return ChartViews.card("企业榜单·高新区维度", chart: chart,
                               note: indices.count > shown.count ? "仅列出企业数前 30 位的高新区。" : nil)
    }

    // MARK: Donuts and bars

    private func fieldCard() -> Body {
        let counts = result.fieldCounts
        let fields = (TechField.allCases.map { UInt8($0.rawValue) } + [0])
            .filter { Int($0) < counts.count && (counts[Int($0)] > 0 || $0 != 0 || state.field == 0) }
        let segments = fields.map { field in
            ChartSegment(fieldLabel(field), value: Double(counts[Int(field)]), href: state.url { $0.field = field },
                         isSelected: state.field == field)
        }
        let chart = DonutChart(options: ChartOptions(id: "tech-field", title: "技术领域分布", unit: "家", width: 560),
                               segments: segments, centerLabel: "企业数")
        return ChartViews.card("技术领域", chart: chart)
    }

    private func sectionCard() -> Body {
        let counts = result.sectionCounts
        var order = counts.indices.filter { counts[$0] > 0 || UInt8($0) == state.section }
            .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        var rest = 0
        if order.count > 10 {
            let kept = Array(order.prefix(9))
            let dropped = order.dropFirst(9).filter { UInt8($0) != state.section }
            rest = dropped.reduce(0) { $0 + counts[$1] }
            order = kept + order.dropFirst(9).filter { UInt8($0) == state.section }
        }
        var segments = order.map { index in
            ChartSegment(sectionLabel(UInt8(index)), value: Double(counts[index]),
                         href: state.url { $0.section = UInt8(index) }, isSelected: state.section == UInt8(index))
        }
        if rest > 0 { segments.append(ChartSegment("其他行业", value: Double(rest))) }
        let chart = DonutChart(options: ChartOptions(id: "industry", title: "一级行业分布", unit: "家", width: 560),
                               segments: segments, centerLabel: "企业数")
        return ChartViews.card("一级行业", chart: chart, note: rest > 0 ? "“其他行业”合并了企业数较少的行业，可在数据表中查看。" : nil)
    }

    private func tierCard() -> Body {
        let counts = result.tierCounts
        let bars = counts.indices.map { index in
            ChartSegment(tierLabel(UInt8(index)), value: Double(counts[index]), href: state.url { $0.tier = UInt8(index) },
                         isSelected: state.tier == UInt8(index))
        }
        let chart = BarChart(options: ChartOptions(id: "evaluation", title: "企业评价分布", unit: "家", width: 560,
                                                   height: 280),
                             orientation: .vertical, bars: bars)
        return ChartViews.card("企业评价", chart: chart, note: snapshot.tierScale.basis + "；未评分为尚无已发布积分的企业。")
    }

    private func stageCard() -> Body {
        let counts = result.stageCounts
        let bars = counts.indices.filter { $0 < OverviewStages.stages.count || counts[$0] > 0 || state.stage == UInt8($0) }
            .map { index in
                ChartSegment(stageLabel(UInt8(index)), value: Double(counts[index]),
                             href: state.url { $0.stage = UInt8(index) }, isSelected: state.stage == UInt8(index))
            }
        let chart = BarChart(options: ChartOptions(id: "stage", title: "发展阶段分布", unit: "家", width: 560, height: 280),
                             orientation: .vertical, bars: bars)
        return ChartViews.card("发展阶段", chart: chart,
                               note: "已评分企业按评分时的发展阶段；其他企业按最近年报的营业收入和成立年限（平台默认方案）。")
    }

    // MARK: 企业列表

    func listSection() -> Body {
        let query = state.queryItems
        let export: Body = list.roles.contains(user.role)
            ? UI.exportButton("/exports/\(OverviewList.id)" + (query.isEmpty ? "" : "?" + URLQuery.encode(query)))
            : Node.empty
        let line = minScore.map { "仅列出积分 \(AnalyticsText.points(Double($0))) 分及以上的企业（省、市、区县用户）" }
            ?? (list.listsAboveLine ? "尚无已发布的创新积分，暂列出全部企业；积分发布后仅列出达到分数线的企业" : nil)
        return .section(
            .class("overview-list"),
            .div(.class("page-header"), .h2(.text("企业列表（共 \(result.listTotal) 家）")), .div(.class("page-actions"), export)),
            .p(.class("muted"), .text([line, "按创新积分从高到低排列，跟随上方全部筛选条件；点击企业名称查看详情。"]
                .compactMap { $0 }.joined(separator: "；"))),
            list.table(page, viewer: ListViewer(role: user.role),
                       emptyText: minScore == nil ? "没有符合条件的企业" : "没有符合条件且达到分数线的企业"),
            UI.pagination(page.info, baseURL: Page.overview.path, query: query)
        )
    }
}

/// Number texts of the analytics pages.
enum AnalyticsText {
    static func points(_ value: Double) -> String {
        NumberText.points(value)
    }
}
