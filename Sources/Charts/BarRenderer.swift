import TextFormatting

/// Draws a `BarModel` in either orientation.
struct BarRenderer {
    let model: BarModel
    /// Computed once: labels and marks of every category need them, and a ranking has dozens of categories.
    private let percents: [[Double?]]
    private let anySelected: Bool

    init(model: BarModel) {
        self.model = model
        self.percents = model.percents
        self.anySelected = model.anySelected
    }

    private var options: ChartOptions { model.options }
    private var isStacked: Bool { model.layout == .stacked && !model.isSingleSeries }
    private static let labelLimitVertical = 120.0
    private static let valueFont = 11.0

    func svg() -> String {
        guard !model.isEmpty else { return ChartFrame.empty(options: options, kind: model.kind) }
        switch model.orientation {
        case .vertical: return vertical()
        case .horizontal: return horizontal()
        }
    }

    // MARK: - Shared

    private var domain: (low: Double, high: Double) {
        var low = 0.0
        var high = 0.0
        for row in model.values {
            if isStacked {
                high = max(high, row.reduce(0) { $0 + $1.value })
            } else {
                for cell in row {
                    low = min(low, cell.value)
                    high = max(high, cell.value)
                }
            }
        }
        return (low, high)
    }

    /// Ticks at least `spacing` apart along an axis `length` long.
    private func scale(length: Double, spacing: Double) -> NiceScale {
        let (low, high) = domain
        let integral = options.decimals == 0 && max(abs(low), abs(high)) >= 1
        return NiceScale(minimum: low, maximum: high, maxIntervals: Int(max(length, 0) / spacing), integral: integral)
    }

    /// The number printed at the end of a bar: the cell's value, or the stack's total.
    private func endValue(category: Int, series: Int) -> Double {
        isStacked ? model.values[category].reduce(0) { $0 + $1.value } : model.values[category][series].value
    }

    private func valueText(_ value: Double) -> String {
        DecimalText.format(value, decimals: options.decimals)
    }

    private struct Mark {
        let category: Int
        let series: Int
        let x: Double
        let y: Double
        let width: Double
        let height: Double
    }

    private func drawMarks(_ svg: inout SVGWriter, _ marks: [Mark]) {
        let separated = model.bandPadding == 0 || isStacked
        svg.open("g", [("class", "chart-bars")])
        for mark in marks where mark.width > 0 && mark.height > 0 {
            let cell = model.values[mark.category][mark.series]
            let highlighted = model.isHighlighted(category: mark.category, series: mark.series)
            let (classes, opacity) = ChartFrame.selectionAttributes(
                isSelected: highlighted, anySelected: anySelected, base: ChartStyle.mark)
            let title = model.title(category: mark.category, series: mark.series,
                                    percent: percents[mark.category][mark.series])
            let stroke: (String, String)? = highlighted && anySelected ? (Ink.selectedStroke, "1.5")
                : separated ? (Ink.separator, "1") : nil
            ChartFrame.linked(&svg, href: cell.href, label: title, isSelected: highlighted) {
                $0.mark("rect", [
                    ("class", classes), ("x", SVGNumber.coordinate(mark.x)), ("y", SVGNumber.coordinate(mark.y)),
                    ("width", SVGNumber.coordinate(mark.width)), ("height", SVGNumber.coordinate(mark.height)),
                    ("fill", model.colors[mark.category][mark.series].hex), ("stroke", stroke?.0),
                    ("stroke-width", stroke?.1), ("opacity", opacity),
                ], title: title)
            }
        }
        svg.close("g")
    }

    /// A category label, linked like its bar (single series) or to the category's own filter.
    private func drawCategoryLabel(_ svg: inout SVGWriter, category: Int, text: String,
                                   attributes: SVGWriter.Attributes) {
        let item = model.categories[category]
        let single = model.isSingleSeries
        let selected = item.isSelected || (single && model.values[category].first?.isSelected == true)
        let href = item.href ?? (single ? model.values[category].first?.href : nil)
        let label = single ? model.title(category: category, series: 0, percent: percents[category][0])
            : item.label
        // A single-series label links where its bar does; only a bar too short to draw leaves it the sole target.
        let cell = model.values[category].first
        let duplicate = single && cell?.value != 0 && href == cell?.href
        ChartFrame.linked(&svg, href: href, label: label, isSelected: selected, focusable: !duplicate) {
            $0.text("text", [("class", "chart-label")] + attributes + [("font-weight", selected ? "bold" : nil)],
                    text, title: item.label)
        }
    }

    private func header(_ svg: inout SVGWriter, width: Double) -> (legend: SeriesLegend?, top: Double) {
        let pad = ChartFrame.padding
        var top = pad + ChartFrame.heading(&svg, options: options, width: width)
        var legend: SeriesLegend?
        if !model.isSingleSeries {
            let flow = SeriesLegend(names: model.seriesNames, colors: model.seriesColors, left: pad,
                                    right: width - pad)
            flow.draw(&svg, top: top)
            top += flow.height
            legend = flow
        }
        return (legend, top)
    }

    private static func headerHeight(options: ChartOptions, model: BarModel, width: Double) -> Double {
        let pad = ChartFrame.padding
        var top = pad + (options.showsTitle ? ChartFrame.titleHeight : 0)
        if !model.isSingleSeries {
            top += SeriesLegend(names: model.seriesNames, colors: model.seriesColors, left: pad,
                                right: width - pad).height
        }
        return top
    }

    private func description() -> String {
        let single = model.isSingleSeries
        var text = model.kind.noun + "，" + String(model.categories.count) + "个类别"
        if !single { text += "，" + String(model.seriesNames.count) + "个系列（" + model.seriesNames.joined(separator: "、") + "）" }
        if single {
            let values = model.values.map { $0.first?.value ?? 0 }
            let total = values.reduce(0, +)
            text += "，合计" + ChartFrame.valueWithUnit(total, options: options)
            if let top = values.indices.max(by: { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) }) {
                text += "；最高：" + model.categories[top].label + " "
                    + ChartFrame.valueWithUnit(values[top], options: options)
            }
        }
        return text + "。"
    }

    // MARK: - Vertical

    private enum LabelMode {
        case flat
        case slanted
        case upright(every: Int)
    }

    private func vertical() -> String {
        let pad = ChartFrame.padding
        let width = options.clampedWidth
        let count = Double(model.categories.count)
        var height = options.clampedHeight(default: 320)
        let headerTop = Self.headerHeight(options: options, model: model, width: width)
        let unitHeight = options.unit.isEmpty ? 0.0 : 18.0
        let plotTop = headerTop + unitHeight + (model.showsValues ? 16 : 8)
        let scale = self.scale(length: max(height - plotTop - 80, 100), spacing: 30)
        let tickTexts = scale.ticks.map { DecimalText.format($0, decimals: scale.tickDecimals) }
        let gutter = (tickTexts.map { TextMetrics.width($0, fontSize: 12) }.max() ?? 0) + 10
        let left = pad + gutter
        // Absurdly long tick labels must not leave the plot with no width (and the label maths dividing by zero).
        let right = max(width - pad, left + 40)
        let band = (right - left) / count

        let labelFont = 12.0
        let longest = model.categories.map { TextMetrics.width($0.label, fontSize: labelFont) }.max() ?? 0
        let mode: LabelMode
        if longest <= band - 4 {
            mode = .flat
        } else if band * 0.71 >= labelFont + 2 {
            mode = .slanted
        } else {
            mode = .upright(every: max(1, Int(((labelFont + 2) / band).rounded(.up))))
        }
        let limited = min(longest, Self.labelLimitVertical)
        let labelsHeight: Double
        switch mode {
        case .flat: labelsHeight = 22
        case .slanted: labelsHeight = limited * 0.71 + 22
        case .upright: labelsHeight = limited + 16
        }
        let axisTitleHeight = model.categoryAxisTitle == nil ? 0.0 : 20.0
        // The value under the lowest negative bar needs a line of its own above the category labels.
        let labelGap = model.showsValues && domain.low < 0 ? 16.0 : 0
        let bottomSpace = labelGap + labelsHeight + axisTitleHeight
            + (ChartFrame.hasTableLink(options) ? ChartFrame.tableLinkHeight : 0) + pad
        var plotBottom = height - bottomSpace
        if plotBottom - plotTop < 100 {
            plotBottom = plotTop + 100
            height = plotBottom + bottomSpace
        }
        func y(_ value: Double) -> Double { scale.position(of: value, from: plotBottom, to: plotTop) }

        var svg = SVGWriter()
        ChartFrame.open(&svg, options: options, kind: model.kind, width: width, height: height,
                        description: description(), interactive: model.isInteractive)
        _ = header(&svg, width: width)
        ChartFrame.unitCaption(&svg, options: options, x: pad, y: headerTop + 12)

        ChartFrame.valueAxis(&svg, ticks: zip(scale.ticks, tickTexts), left: left, right: right, y: y)

        let seriesCount = Double(model.seriesNames.count)
        let groupWidth = band * (1 - model.bandPadding)
        let capped = model.bandPadding > 0
        let perBar = isStacked || model.isSingleSeries ? (capped ? min(groupWidth, 56) : groupWidth)
            : min(groupWidth / seriesCount, 40)
        var marks: [Mark] = []
        var ends: [(x: Double, value: Double, room: Double)] = []
        for category in model.categories.indices {
            let center = left + (Double(category) + 0.5) * band
            if isStacked {
                var total = 0.0
                for series in model.seriesNames.indices {
                    let value = model.values[category][series].value
                    marks.append(Mark(category: category, series: series, x: center - perBar / 2,
                                      y: y(total + value), width: perBar, height: y(total) - y(total + value)))
                    total += value
                }
                ends.append((center, total, band))
            } else {
                let start = center - perBar * seriesCount / 2
                let gap = model.isSingleSeries ? 0.0 : 1.0
                for series in model.seriesNames.indices {
                    let value = model.values[category][series].value
                    let x = start + Double(series) * perBar + gap
                    marks.append(Mark(category: category, series: series, x: x, y: y(max(value, 0)),
                                      width: max(perBar - 2 * gap, 0.5), height: y(min(value, 0)) - y(max(value, 0))))
                    ends.append((x + perBar / 2 - gap, value, model.isSingleSeries ? band : perBar + 4))
                }
            }
        }
        drawMarks(&svg, marks)

        if model.showsValues {
            svg.open("g", [("class", "chart-values"), ("font-size", SVGNumber.coordinate(Self.valueFont)),
                           ("text-anchor", "middle")])
            for end in ends where end.value != 0 {
                let text = valueText(end.value)
                guard TextMetrics.width(text, fontSize: Self.valueFont) <= end.room - 2 else { continue }
                let baseline = end.value >= 0 ? y(end.value) - 5 : y(end.value) + 13
                svg.text("text", [("x", SVGNumber.coordinate(end.x)), ("y", SVGNumber.coordinate(baseline))], text)
            }
            svg.close("g")
        }

        svg.open("g", [("class", "chart-categories"), ("font-size", SVGNumber.coordinate(labelFont))])
        let labelTop = plotBottom + labelGap
        for category in model.categories.indices {
            let center = left + (Double(category) + 0.5) * band
            let label = model.categories[category].label
            switch mode {
            case .flat:
                drawCategoryLabel(&svg, category: category, text: label, attributes: [
                    ("x", SVGNumber.coordinate(center)), ("y", SVGNumber.coordinate(labelTop + 17)),
                    ("text-anchor", "middle"),
                ])
            case .slanted:
                let x = SVGNumber.coordinate(center + 4)
                let y = SVGNumber.coordinate(labelTop + 12)
                drawCategoryLabel(&svg, category: category, text: TextMetrics.truncate(
                    label, maxWidth: Self.labelLimitVertical, fontSize: labelFont), attributes: [
                    ("x", x), ("y", y), ("text-anchor", "end"), ("transform", "rotate(-45 " + x + " " + y + ")"),
                ])
            case .upright(let every):
                guard category % every == 0 else { continue }
                let x = SVGNumber.coordinate(center + labelFont * 0.35)
                let y = SVGNumber.coordinate(labelTop + 8)
                drawCategoryLabel(&svg, category: category, text: TextMetrics.truncate(
                    label, maxWidth: Self.labelLimitVertical, fontSize: labelFont), attributes: [
                    ("x", x), ("y", y), ("text-anchor", "end"), ("transform", "rotate(-90 " + x + " " + y + ")"),
                ])
            }
        }
        svg.close("g")

        if let axisTitle = model.categoryAxisTitle {
            svg.text("text", [("class", "chart-axis-title"), ("x", SVGNumber.coordinate((left + right) / 2)),
                              ("y", SVGNumber.coordinate(labelTop + labelsHeight + 12)),
                              ("text-anchor", "middle"), ("fill", Ink.muted)], axisTitle)
        }
        ChartFrame.tableLink(&svg, options: options, width: width, height: height)
        svg.close("svg")
        return svg.output
    }

    // MARK: - Horizontal

    private func horizontal() -> String {
        let pad = ChartFrame.padding
        let width = options.clampedWidth
        let single = model.isSingleSeries
        let seriesCount = model.seriesNames.count
        let grouped = !single && !isStacked
        let rowHeight = grouped ? Double(seriesCount) * 12 + 12 : 26
        let barThickness = grouped ? 11.0 : 16.0
        let labelFont = 13.0
        let labelLimit = width * 0.3
        let longest = model.categories.map { TextMetrics.width($0.label, fontSize: labelFont) }.max() ?? 0
        let gutter = min(longest, labelLimit) + 10
        let (low, high) = domain

        var endTexts: [String] = []
        if model.showsValues {
            for category in model.categories.indices {
                if isStacked {
                    endTexts.append(valueText(endValue(category: category, series: 0)))
                } else {
                    for series in model.seriesNames.indices {
                        endTexts.append(valueText(model.values[category][series].value))
                    }
                }
            }
        }
        let valueRoom = model.showsValues
            ? (endTexts.map { TextMetrics.width($0, fontSize: Self.valueFont) }.max() ?? 0) + 8 : 0
        let left = pad + gutter + (low < 0 ? valueRoom : 0)
        let right = max(width - pad - (high > 0 ? valueRoom : 0), left + 40)
        let headerTop = Self.headerHeight(options: options, model: model, width: width)
        let unitHeight = options.unit.isEmpty ? 0.0 : 18.0
        let plotTop = headerTop + unitHeight + 4
        let plotBottom = plotTop + Double(model.categories.count) * rowHeight
        let height = plotBottom + 24 + (ChartFrame.hasTableLink(options) ? ChartFrame.tableLinkHeight : 0) + pad
        let scale = self.scale(length: right - left, spacing: 60)
        func x(_ value: Double) -> Double { scale.position(of: value, from: left, to: right) }

        var svg = SVGWriter()
        ChartFrame.open(&svg, options: options, kind: model.kind, width: width, height: height,
                        description: description(), interactive: model.isInteractive)
        _ = header(&svg, width: width)
        ChartFrame.unitCaption(&svg, options: options, x: left, y: headerTop + 12)

        let tickTexts = scale.ticks.map { DecimalText.format($0, decimals: scale.tickDecimals) }
        let spacing = scale.ticks.count > 1 ? (right - left) / Double(scale.ticks.count - 1) : right - left
        let widest = tickTexts.map { TextMetrics.width($0, fontSize: 12) }.max() ?? 0
        let every = max(1, Int(((widest + 8) / max(spacing, 1)).rounded(.up)))
        svg.open("g", [("class", "chart-axis"), ("fill", Ink.muted), ("text-anchor", "middle")])
        for (index, tick) in scale.ticks.enumerated() {
            let position = SVGNumber.coordinate(x(tick))
            svg.leaf("line", [("x1", position), ("x2", position), ("y1", SVGNumber.coordinate(plotTop)),
                              ("y2", SVGNumber.coordinate(plotBottom)), ("stroke", tick == 0 ? Ink.axis : Ink.grid)])
            if index % every == 0 {
                svg.text("text", [("x", position), ("y", SVGNumber.coordinate(plotBottom + 16))], tickTexts[index])
            }
        }
        svg.close("g")

        var marks: [Mark] = []
        var ends: [(y: Double, value: Double)] = []
        for category in model.categories.indices {
            let rowTop = plotTop + Double(category) * rowHeight
            if grouped {
                let start = rowTop + (rowHeight - Double(seriesCount) * 12) / 2
                for series in model.seriesNames.indices {
                    let value = model.values[category][series].value
                    let top = start + Double(series) * 12
                    marks.append(Mark(category: category, series: series, x: x(min(value, 0)), y: top,
                                      width: x(max(value, 0)) - x(min(value, 0)), height: barThickness))
                    ends.append((top + barThickness / 2, value))
                }
            } else if isStacked {
                var total = 0.0
                let top = rowTop + (rowHeight - barThickness) / 2
                for series in model.seriesNames.indices {
                    let value = model.values[category][series].value
                    marks.append(Mark(category: category, series: series, x: x(total), y: top,
                                      width: x(total + value) - x(total), height: barThickness))
                    total += value
                }
                ends.append((top + barThickness / 2, total))
            } else {
                let value = model.values[category][0].value
                let top = rowTop + (rowHeight - barThickness) / 2
                marks.append(Mark(category: category, series: 0, x: x(min(value, 0)), y: top,
                                  width: x(max(value, 0)) - x(min(value, 0)), height: barThickness))
                ends.append((top + barThickness / 2, value))
            }
        }
        drawMarks(&svg, marks)

        if model.showsValues {
            svg.open("g", [("class", "chart-values"), ("font-size", SVGNumber.coordinate(Self.valueFont))])
            for end in ends {
                let negative = end.value < 0
                let position = negative ? x(end.value) - 4 : x(max(end.value, 0)) + 4
                svg.text("text", [("x", SVGNumber.coordinate(position)), ("y", SVGNumber.coordinate(end.y + 4)),
                                  ("text-anchor", negative ? "end" : nil)], valueText(end.value))
            }
            svg.close("g")
        }

        svg.open("g", [("class", "chart-categories"), ("font-size", SVGNumber.coordinate(labelFont)),
                       ("text-anchor", "end")])
        let labelRight = pad + gutter - 10 + 2
        for category in model.categories.indices {
            let center = plotTop + (Double(category) + 0.5) * rowHeight
            drawCategoryLabel(&svg, category: category, text: TextMetrics.truncate(
                model.categories[category].label, maxWidth: labelLimit, fontSize: labelFont), attributes: [
                ("x", SVGNumber.coordinate(labelRight)), ("y", SVGNumber.coordinate(center + labelFont * 0.35)),
            ])
        }
        svg.close("g")
        ChartFrame.tableLink(&svg, options: options, width: width, height: height)
        svg.close("svg")
        return svg.output
    }
}
