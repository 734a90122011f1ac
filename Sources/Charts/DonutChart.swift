import Foundation
import TextFormatting

/// A donut of shares with a legend giving each segment's value and percentage, and the total in the middle.
///
/// Segments are drawn clockwise from twelve o'clock in the given order; sort them first if the order should follow
/// size. Negative values count as zero (a share cannot be negative); zero segments keep their legend row (and link)
/// without an arc. Long labels are shortened with `…` in the legend and kept whole in each `<title>`.
public struct DonutChart: Chart {
    public var options: ChartOptions
    public var segments: [ChartSegment]
    /// The caption under the total in the middle, e.g. 企业总数.
    public var centerLabel: String

    public init(options: ChartOptions, segments: [ChartSegment], centerLabel: String = "合计") {
        self.options = options
        self.segments = segments
        self.centerLabel = centerLabel
    }

    public func dataRows() -> [ChartDataRow] {
        let values = cleanValues
        let percents = Shares.percentages(values)
        return segments.indices.map { index in
            let segment = segments[index]
            return ChartDataRow(label: segment.label, series: nil, value: values[index],
                                valueText: DecimalText.format(values[index], decimals: options.decimals),
                                percent: percents[index], percentText: DecimalText.percent(percents[index]),
                                href: LinkTarget.sanitise(segment.href), isSelected: segment.isSelected)
        }
    }

    public func svg() -> String {
        let values = cleanValues
        let total = values.reduce(0, +)
        guard total > 0 else { return ChartFrame.empty(options: options, kind: .donut) }
        let layout = Layout(options: options, count: segments.count)
        let percents = Shares.percentages(values)
        let anySelected = segments.contains { $0.isSelected }
        let colors = segments.indices.map { segments[$0].color ?? options.palette.color(at: $0) }
        let titles = segments.indices.map { index in
            segments[index].label + "：" + ChartFrame.valueWithUnit(values[index], options: options)
                + "（" + DecimalText.percent(percents[index]) + "）"
        }

        var svg = SVGWriter()
        ChartFrame.open(&svg, options: options, kind: .donut, width: layout.width, height: layout.height,
                        description: description(values: values, percents: percents, total: total),
                        interactive: segments.contains { $0.href != nil })
        _ = ChartFrame.heading(&svg, options: options, width: layout.width)

        svg.open("g", [("class", "chart-plot")])
        var start = -Double.pi / 2
        for index in segments.indices where values[index] > 0 {
            let sweep = values[index] / total * 2 * Double.pi
            let segment = segments[index]
            let outer = layout.radius + (segment.isSelected && anySelected ? 6 : 0)
            let (classes, opacity) = ChartFrame.selectionAttributes(
                isSelected: segment.isSelected, anySelected: anySelected, base: ChartStyle.mark)
            let isFull = sweep >= 2 * Double.pi - 1e-9
            ChartFrame.linked(&svg, href: segment.href, label: titles[index], isSelected: segment.isSelected) {
                $0.mark("path", [
                    ("class", classes),
                    ("d", isFull ? ring(layout: layout, outer: outer)
                        : arc(layout: layout, outer: outer, from: start, to: start + sweep)),
                    ("fill", colors[index].hex), ("fill-rule", isFull ? "evenodd" : nil),
                    ("stroke", Ink.separator), ("stroke-width", "1.5"), ("opacity", opacity),
                ], title: titles[index])
            }
            start += sweep
        }
        svg.close("g")

        drawCenter(&svg, layout: layout, total: total)
        drawLegend(&svg, layout: layout, values: values, percents: percents, colors: colors, titles: titles,
                   anySelected: anySelected)
        ChartFrame.tableLink(&svg, options: options, width: layout.width, height: layout.height)
        svg.close("svg")
        return svg.output
    }

    private var cleanValues: [Double] { segments.map { max(ChartFrame.clean($0.value), 0) } }

    private func description(values: [Double], percents: [Double], total: Double) -> String {
        var text = ChartKind.donut.noun + "，共" + String(segments.count) + "项，合计"
            + ChartFrame.valueWithUnit(total, options: options)
        if let top = values.indices.max(by: { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) }) {
            text += "；占比最高：" + segments[top].label + " " + DecimalText.percent(percents[top])
        }
        return text + "。"
    }

    /// Geometry of the donut and its legend: side by side when there is room, stacked otherwise.
    private struct Layout {
        static let rowHeight = 24.0
        static let legendFont = 13.0
        static let ringMargin = 8.0

        let width: Double
        let height: Double
        let centerX: Double
        let centerY: Double
        let radius: Double
        let innerRadius: Double
        let legendLeft: Double
        let legendRight: Double
        let legendTop: Double

        init(options: ChartOptions, count: Int) {
            let pad = ChartFrame.padding
            width = options.clampedWidth
            let top = pad + (options.showsTitle ? ChartFrame.titleHeight : 0)
            let rows = Double(count) * Self.rowHeight
            let sideBySide = width >= 420
            if sideBySide {
                radius = min(110, (width - 2 * pad) * 0.19)
                let box = 2 * radius + 2 * Self.ringMargin
                let body = max(box, rows)
                centerX = pad + Self.ringMargin + radius
                centerY = top + body / 2
                legendLeft = pad + box + 20
                legendTop = top + (body - rows) / 2
                height = top + body + (ChartFrame.hasTableLink(options) ? ChartFrame.tableLinkHeight : 0) + pad
            } else {
                radius = min(110, (width - 2 * pad) / 2 - Self.ringMargin)
                let box = 2 * radius + 2 * Self.ringMargin
                centerX = width / 2
                centerY = top + Self.ringMargin + radius
                legendLeft = pad
                legendTop = top + box + 8
                height = legendTop + rows + (ChartFrame.hasTableLink(options) ? ChartFrame.tableLinkHeight : 0) + pad
            }
            innerRadius = radius * 0.62
            legendRight = width - pad
        }
    }

    private func point(_ layout: Layout, angle: Double, radius: Double) -> String {
        SVGNumber.coordinate(layout.centerX + radius * cos(angle)) + " "
            + SVGNumber.coordinate(layout.centerY + radius * sin(angle))
    }

    private func arc(layout: Layout, outer: Double, from start: Double, to end: Double) -> String {
        let large = end - start > Double.pi ? "1" : "0"
        let r = SVGNumber.coordinate(outer)
        let ri = SVGNumber.coordinate(layout.innerRadius)
        return "M " + point(layout, angle: start, radius: outer)
            + " A " + r + " " + r + " 0 " + large + " 1 " + point(layout, angle: end, radius: outer)
            + " L " + point(layout, angle: end, radius: layout.innerRadius)
            + " A " + ri + " " + ri + " 0 " + large + " 0 " + point(layout, angle: start, radius: layout.innerRadius)
            + " Z"
    }

    /// A whole ring, for a segment that is 100 %: an arc whose ends coincide would draw nothing.
    private func ring(layout: Layout, outer: Double) -> String {
        func circle(_ radius: Double, sweep: String) -> String {
            let r = SVGNumber.coordinate(radius)
            let y = SVGNumber.coordinate(layout.centerY)
            let right = SVGNumber.coordinate(layout.centerX + radius)
            let left = SVGNumber.coordinate(layout.centerX - radius)
            return "M " + right + " " + y + " A " + r + " " + r + " 0 1 " + sweep + " " + left + " " + y
                + " A " + r + " " + r + " 0 1 " + sweep + " " + right + " " + y + " Z"
        }
        return circle(outer, sweep: "1") + " " + circle(layout.innerRadius, sweep: "0")
    }

    private func drawCenter(_ svg: inout SVGWriter, layout: Layout, total: Double) {
        let text = ChartFrame.valueWithUnit(total, options: options)
        let room = layout.innerRadius * 2 * 0.82
        let natural = TextMetrics.width(text, fontSize: 22)
        let size = natural > room ? max(10, 22 * room / natural) : 22
        svg.open("g", [("class", "chart-total"), ("text-anchor", "middle")])
        svg.text("text", [("x", SVGNumber.coordinate(layout.centerX)),
                          ("y", SVGNumber.coordinate(layout.centerY + 2)),
                          ("font-size", SVGNumber.coordinate(size)), ("font-weight", "bold")], text)
        let caption = TextMetrics.truncate(centerLabel, maxWidth: room, fontSize: 12)
        svg.text("text", [("x", SVGNumber.coordinate(layout.centerX)),
                          ("y", SVGNumber.coordinate(layout.centerY + 20)), ("fill", Ink.muted)], caption)
        svg.close("g")
    }

    private func drawLegend(_ svg: inout SVGWriter, layout: Layout, values: [Double], percents: [Double],
                            colors: [ChartColor], titles: [String], anySelected: Bool) {
        let font = Layout.legendFont
        let valueTexts = values.map { ChartFrame.valueWithUnit($0, options: options) }
        let percentWidth = TextMetrics.width("100.0%", fontSize: font)
        let valueWidth = valueTexts.map { TextMetrics.width($0, fontSize: font) }.max() ?? 0
        let labelX = layout.legendLeft + 20
        let percentRight = layout.legendRight
        let valueRight = percentRight - percentWidth - 14
        var labelRoom = valueRight - valueWidth - 14 - labelX
        // On a narrow chart the percentage is what a donut is about; the value stays in the title and the table.
        let showsValue = labelRoom >= 4 * font
        if !showsValue { labelRoom = percentRight - percentWidth - 14 - labelX }

        svg.open("g", [("class", "chart-legend"), ("font-size", SVGNumber.coordinate(font))])
        for index in segments.indices {
            let segment = segments[index]
            let y = layout.legendTop + Double(index) * Layout.rowHeight
            let baseline = SVGNumber.coordinate(y + 12 + font * 0.35)
            // A dimmed legend row fades only its swatch: faded text would fall below readable contrast.
            let (classes, opacity) = ChartFrame.selectionAttributes(
                isSelected: segment.isSelected, anySelected: anySelected, base: "chart-legend-item")
            let textColor = opacity == nil ? nil : Ink.muted
            ChartFrame.linked(&svg, href: segment.href, label: titles[index], isSelected: segment.isSelected,
                              focusable: values[index] == 0) {
                $0.open("g", [("class", classes)])
                $0.text("title", [], titles[index])
                $0.leaf("rect", [("class", "chart-legend-swatch"), ("x", SVGNumber.coordinate(layout.legendLeft)),
                                 ("y", SVGNumber.coordinate(y + 6)), ("width", "12"), ("height", "12"),
                                 ("rx", "2"), ("fill", colors[index].hex), ("opacity", opacity)])
                $0.text("text", [("class", "chart-label"), ("x", SVGNumber.coordinate(labelX)), ("y", baseline),
                                 ("fill", textColor), ("font-weight", segment.isSelected ? "bold" : nil)],
                        TextMetrics.truncate(segment.label, maxWidth: max(labelRoom, font), fontSize: font))
                if showsValue {
                    $0.text("text", [("class", "chart-value"), ("x", SVGNumber.coordinate(valueRight)),
                                     ("y", baseline), ("text-anchor", "end"), ("fill", Ink.muted)],
                            valueTexts[index])
                }
                $0.text("text", [("class", "chart-percent"), ("x", SVGNumber.coordinate(percentRight)),
                                 ("y", baseline), ("text-anchor", "end"), ("fill", textColor)],
                        DecimalText.percent(percents[index]))
                $0.close("g")
            }
        }
        svg.close("g")
    }
}
