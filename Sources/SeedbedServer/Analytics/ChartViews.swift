import Charts
import Foundation
import Plot

/// Charts on a page: the SVG from the `Charts` target, a note, and the data table behind it (the chart's
/// 查看数据表 link points there), so every figure can be read without the picture.
enum ChartViews {
    typealias Body = Node<HTML.BodyContext>

    /// A card holding one chart.
    static func card(_ title: String, chart: any Chart, header: Body = .empty, note: String? = nil) -> Body {
        .section(
            .class("card chart-card"),
            .h2(.text(title)),
            header,
            .div(.class("chart"), .raw(chart.svg())),
            .unwrap(note) { .p(.class("muted chart-note"), .text($0)) },
            dataTable(chart)
        )
    }

    /// The numbers behind a chart, folded away under 查看数据表; links and the selection are kept.
    static func dataTable(_ chart: any Chart) -> Body {
        let rows = chart.dataRows()
        let hasSeries = rows.contains { $0.series != nil }
        let hasPercent = rows.contains { $0.percent != nil }
        let headers = ["项目"] + (hasSeries ? ["系列"] : []) + ["数值"] + (hasPercent ? ["占比"] : [])
        return .element(named: "details", nodes: [
            .class("chart-table"),
            .element(named: "summary", nodes: [.text("查看数据表")]),
            .table(
                .class("data"), .id(chart.options.tableID),
                .caption(.text(chart.options.title)),
                .thead(.tr(.forEach(headers) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                .tbody(.forEach(rows) { row in
                    .tr(
                        .if(row.isSelected, .class("selected")),
                        .td(row.href.map { href -> Body in .a(.href(href), .text(row.label)) } ?? .text(row.label)),
                        .if(hasSeries, .td(.text(row.series ?? ""))),
                        .td(.text(row.valueText + (chart.options.unit.isEmpty ? "" : " " + chart.options.unit))),
                        .if(hasPercent, .td(.text(row.percentText ?? "")))
                    )
                })
            ),
        ])
    }
}
