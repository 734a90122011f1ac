import Charts
import Foundation
import Plot
import SeedbedDomain
import Vapor

/// 平台展示页 (T2): public, no sign-in. What the innovation-points system is and why it matters, and the picture of
/// the enterprises on the platform — counts only, from the snapshot (computed once per snapshot), so no name,
/// code or single enterprise can be read from it.
struct ShowcaseController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("showcase", use: page)
    }

    @Sendable func page(req: Request) async throws -> HTMLPage {
        let (summary, built) = try await req.application.dashboard.showcase(on: req.application.db)
        let text = try await ShowcaseText.load(on: req.db)
        let context = try await req.pageContext()
        return HTMLPage(Layout.publicPage("平台展示", context,
                                          ShowcaseView(summary: summary, built: built, text: text).body()))
    }
}

struct ShowcaseView {
    let summary: ShowcaseSummary
    let built: Date
    /// 概念介绍 and 成效意义, as edited in 内容管理.
    var text: ShowcaseText = .standard
    typealias Body = Node<HTML.BodyContext>

    func body() -> Body {
        .div(
            .class("content-page showcase"),
            UI.pageHeader("企业创新积分制"),
            concept(),
            figures(),
            .div(.class("overview-grid"), provinceCard(), zoneCard(), titleCard(), scoreCard()),
            .p(.class("muted"), .text("以上为平台企业的汇总统计，不涉及任何单个企业的信息；统计更新于 \(AdminViews.time(built))。"))
        )
    }

    private func concept() -> Body {
        .section(
            .class("card concept"),
            .h2(.text("概念介绍")),
            ContentViews.paragraphs(text.concept),
            .h2(.text("成效意义")),
            ContentViews.paragraphs(text.significance)
        )
    }

    private func figures() -> Body {
        let coverage = summary.enterprises > 0
            ? String(format: "%.1f%%", Double(summary.scored) / Double(summary.enterprises) * 100) : "—"
        let items: [(String, String)] = [
            ("平台企业", summary.enterprises.formatted() + " 家"), ("已获创新积分", summary.scored.formatted() + " 家"),
            ("积分覆盖率", coverage), ("覆盖省级行政区", String(summary.provinces.count) + " 个"),
            ("覆盖高新区", String(summary.zones.count) + " 个"),
        ]
        return .div(.class("figures"), .forEach(items) { item in
            .div(.class("figure card"), .div(.class("figure-value"), .text(item.1)), .div(.class("muted"), .text(item.0)))
        })
    }

    /// Groups of fewer enterprises than this are merged into one bar, so no bar stands for one or two enterprises.
    static let smallestGroup = 3

    /// Ranks by scored enterprises once any run is published; before that by enterprises, saying so.
    private func ranking(_ groups: [ShowcaseSummary.Group], id: String, title: String) -> (BarChart, String?) {
        let scored = summary.scored > 0
        func value(_ group: ShowcaseSummary.Group) -> Int { scored ? group.scored : group.enterprises }
        let shown = groups.filter { value($0) >= Self.smallestGroup }.prefix(31)
        let merged = groups.reduce(0) { $0 + value($1) } - shown.reduce(0) { $0 + value($1) }
        var bars = shown.map { ChartSegment($0.label, value: Double(value($0))) }
        if merged > 0 { bars.append(ChartSegment("其他（合并企业较少的地区或园区）", value: Double(merged))) }
        let chart = BarChart(options: ChartOptions(id: id, title: title, unit: "家", width: 560, tableLink: .hidden,
                                                   emptyText: "暂无数据"),
                             orientation: .horizontal, bars: bars)
        return (chart, scored ? "已获创新积分的企业数" : "尚无已发布的创新积分，显示平台企业数")
    }

    private func provinceCard() -> Body {
        let (chart, note) = ranking(summary.provinces, id: "showcase-provinces", title: "企业创新积分省级行政区分布")
        return ChartViews.card("省级行政区分布", chart: chart, note: note)
    }

    private func zoneCard() -> Body {
        let (chart, note) = ranking(summary.zones, id: "showcase-zones", title: "企业创新积分国家高新区分布")
        return ChartViews.card("国家高新区分布", chart: chart, note: note)
    }

    private func titleCard() -> Body {
        let bars = summary.titles.map { ChartSegment($0.title.label, value: Double($0.count)) }
        let chart = BarChart(options: ChartOptions(id: "showcase-titles", title: "企业资质覆盖情况", unit: "家", width: 560,
                                                   height: 260, tableLink: .hidden),
                             orientation: .vertical, bars: bars)
        let share = summary.titles.map { item in
            item.title.label + " " + (summary.enterprises > 0
                ? String(format: "%.1f%%", Double(item.count) / Double(summary.enterprises) * 100) : "—")
        }.joined(separator: "，")
        return ChartViews.card("企业资质覆盖情况", chart: chart, note: "占平台企业比例：" + share + "（按最近一年年报）。")
    }

    private func scoreCard() -> Body {
        let chart = HistogramChart(options: ChartOptions(id: "showcase-scores", title: "企业得分分布", unit: "家", width: 560,
                                                         height: 260, tableLink: .hidden, emptyText: "尚无已发布的创新积分"),
                                   edges: summary.scoreEdges, counts: summary.scoreCounts.map(Double.init),
                                   axisTitle: "创新积分")
        return ChartViews.card("企业得分分布", chart: chart)
    }
}
