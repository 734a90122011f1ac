import TextFormatting

/// Lines over ordered categories (months, years), one per series, with a point per value.
///
/// Values may be negative: the axis then crosses zero and the zero line is drawn darker. A value missing from a
/// series (series shorter than the categories, or not a finite number) leaves a gap in its line and no row in
/// `dataRows()`. Category labels thin out (every second, third, …) when they would overlap.
public struct LineChart: Chart {
    public var options: ChartOptions
    public var categories: [ChartCategory]
    public var series: [ChartSeries]
    /// Print each point's value above it.
    public var showsValues: Bool

    public init(options: ChartOptions, categories: [ChartCategory], series: [ChartSeries], showsValues: Bool = false) {
        self.options = options
        self.categories = categories
        self.series = series
        self.showsValues = showsValues
    }

    public func dataRows() -> [ChartDataRow] {
        var rows: [ChartDataRow] = []
        let single = series.count == 1
        for category in categories.indices {
            for index in series.indices {
                guard let value = value(series: index, category: category) else { continue }
                let cell = series[index].values[category]
                rows.append(ChartDataRow(
                    label: categories[category].label, series: single ? nil : series[index].name, value: value,
                    valueText: DecimalText.format(value, decimals: options.decimals), percent: nil,
                    percentText: nil, href: LinkTarget.sanitise(cell.href ?? categories[category].href),
                    isSelected: cell.isSelected || categories[category].isSelected))
            }
        }
        return rows
    }

    private func value(series index: Int, category: Int) -> Double? {
        let values = series[index].values
        guard category < values.count, values[category].value.isFinite else { return nil }
        return ChartFrame.clean(values[category].value)
    }

    public func svg() -> String {
        let all = series.indices.flatMap { index in categories.indices.compactMap { value(series: index, category: $0) } }
        guard all.contains(where: { $0 != 0 }) else { return ChartFrame.empty(options: options, kind: .line) }
        let pad = ChartFrame.padding
        let width = options.clampedWidth
        let single = series.count == 1
        let colors = series.indices.map { series[$0].color ?? options.palette.color(at: $0) }
        var top = pad + (options.showsTitle ? ChartFrame.titleHeight : 0)
        let legend = single ? nil : SeriesLegend(names: series.map(\.name), colors: colors, left: pad,
                                                 right: width - pad)
        let legendTop = top
        top += legend?.height ?? 0
        let unitTop = top
        top += options.unit.isEmpty ? 0 : 18
        let plotTop = top + 10
        var height = options.clampedHeight(default: 300)
        // A value printed under the lowest negative point needs a line of its own above the category labels.
        let labelGap = showsValues && all.contains(where: { $0 < 0 }) ? 16.0 : 0
        let bottomSpace = labelGap + 24 + (ChartFrame.hasTableLink(options) ? ChartFrame.tableLinkHeight : 0) + pad
        var plotBottom = height - bottomSpace
        if plotBottom - plotTop < 100 {
            plotBottom = plotTop + 100
            height = plotBottom + bottomSpace
        }
        let low = min(all.min() ?? 0, 0)
        let high = max(all.max() ?? 0, 0)
        let integral = options.decimals == 0 && max(abs(low), abs(high)) >= 1
        let scale = NiceScale(minimum: low, maximum: high,
                              maxIntervals: Int((plotBottom - plotTop) / 30), integral: integral)
        let tickTexts = scale.ticks.map { DecimalText.format($0, decimals: scale.tickDecimals) }
        let gutter = (tickTexts.map { TextMetrics.width($0, fontSize: 12) }.max() ?? 0) + 10
        let left = pad + gutter
        let right = max(width - pad, left + 40)
        let inset = 16.0
        let count = categories.count
        let spacing = count > 1 ? (right - left - 2 * inset) / Double(count - 1) : right - left
        func x(_ category: Int) -> Double {
            count > 1 ? left + inset + Double(category) * spacing : (left + right) / 2
        }
        func y(_ value: Double) -> Double { scale.position(of: value, from: plotBottom, to: plotTop) }

        var svg = SVGWriter()
        ChartFrame.open(&svg, options: options, kind: .line, width: width, height: height,
                        description: description(low: all.min() ?? 0, high: all.max() ?? 0),
                        interactive: dataRows().contains { $0.href != nil })
        _ = ChartFrame.heading(&svg, options: options, width: width)
        legend?.draw(&svg, top: legendTop)
        ChartFrame.unitCaption(&svg, options: options, x: pad, y: unitTop + 12)

        ChartFrame.valueAxis(&svg, ticks: zip(scale.ticks, tickTexts), left: left, right: right, y: y)

        let anySelected = categories.contains(where: \.isSelected)
            || series.contains { $0.values.contains(where: \.isSelected) }
        for index in series.indices {
            drawSeries(&svg, index: index, color: colors[index], anySelected: anySelected, x: x, y: y)
        }

        let labelFont = 12.0
        let longest = categories.map { TextMetrics.width($0.label, fontSize: labelFont) }.max() ?? 0
        let every = max(1, Int(((longest + 8) / max(spacing, 1)).rounded(.up)))
        svg.open("g", [("class", "chart-categories"), ("text-anchor", "middle")])
        for category in categories.indices where category % every == 0 {
            let item = categories[category]
            let text = TextMetrics.truncate(item.label, maxWidth: max(spacing * Double(every) - 8, 3 * labelFont),
                                            fontSize: labelFont)
            ChartFrame.linked(&svg, href: item.href, label: item.label, isSelected: item.isSelected) {
                $0.text("text", [("class", "chart-label"), ("x", SVGNumber.coordinate(x(category))),
                                 ("y", SVGNumber.coordinate(plotBottom + labelGap + 17)),
                                 ("font-weight", item.isSelected ? "bold" : nil)], text, title: item.label)
            }
        }
        svg.close("g")
        ChartFrame.tableLink(&svg, options: options, width: width, height: height)
        svg.close("svg")
        return svg.output
    }

    private func drawSeries(_ svg: inout SVGWriter, index: Int, color: ChartColor, anySelected: Bool,
                            x: (Int) -> Double, y: (Double) -> Double) {
        let single = series.count == 1
        let name = series[index].name
        var path = ""
        var penDown = false
        for category in categories.indices {
            guard let value = value(series: index, category: category) else {
                penDown = false
                continue
            }
            path += (path.isEmpty ? "" : " ") + (penDown ? "L " : "M ") + SVGNumber.coordinate(x(category)) + " "
                + SVGNumber.coordinate(y(value))
            penDown = true
        }
        svg.open("g", [("class", "chart-series")])
        svg.mark("path", [("class", "chart-line-path"), ("d", path), ("fill", "none"), ("stroke", color.hex),
                          ("stroke-width", "2"), ("stroke-linejoin", "round"), ("stroke-linecap", "round")],
                 title: name)
        for category in categories.indices {
            guard let value = value(series: index, category: category) else { continue }
            let cell = series[index].values[category]
            let highlighted = cell.isSelected || categories[category].isSelected
            let (classes, opacity) = ChartFrame.selectionAttributes(
                isSelected: highlighted, anySelected: anySelected, base: ChartStyle.mark)
            let title = categories[category].label + (single ? "" : " · " + name) + "："
                + ChartFrame.valueWithUnit(value, options: options)
            ChartFrame.linked(&svg, href: cell.href ?? categories[category].href, label: title,
                              isSelected: highlighted) {
                $0.mark("circle", [
                    ("class", classes), ("cx", SVGNumber.coordinate(x(category))),
                    ("cy", SVGNumber.coordinate(y(value))), ("r", highlighted && anySelected ? "5.5" : "3.5"),
                    ("fill", color.hex), ("stroke", Ink.separator), ("stroke-width", "1.5"), ("opacity", opacity),
                ], title: title)
            }
            if showsValues {
                svg.text("text", [("class", "chart-value"), ("x", SVGNumber.coordinate(x(category))),
                                  ("y", SVGNumber.coordinate(y(value) + (value < 0 ? 18 : -9))),
                                  ("text-anchor", "middle"), ("font-size", "11")],
                         DecimalText.format(value, decimals: options.decimals))
            }
        }
        svg.close("g")
    }

    private func description(low: Double, high: Double) -> String {
        var text = ChartKind.line.noun + "，" + String(categories.count) + "个类别"
        if series.count > 1 {
            text += "，" + String(series.count) + "个系列（" + series.map(\.name).joined(separator: "、") + "）"
        }
        return text + "；数值范围 " + ChartFrame.valueWithUnit(low, options: options) + " 至 "
            + ChartFrame.valueWithUnit(high, options: options) + "。"
    }
}
