import TextFormatting

/// The chart kind, written into the root class and the description.
enum ChartKind: String {
    case donut, bar, histogram, line

    var noun: String {
        switch self {
        case .donut: return "环形图"
        case .bar: return "柱状图"
        case .histogram: return "直方图"
        case .line: return "折线图"
        }
    }
}

/// The parts every chart shares: root element, heading, unit caption, legend, table link, empty state.
enum ChartFrame {
    static let fontFamily = "\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",sans-serif"
    static let padding = 16.0
    static let titleHeight = 30.0
    static let tableLinkHeight = 22.0

    /// Opens `<svg>` and writes the accessible name and description. A chart whose marks are links is a
    /// `group`, not an `img`: assistive technology treats the inside of an `img` as presentational and would
    /// hide the cross-filter links.
    static func open(_ svg: inout SVGWriter, options: ChartOptions, kind: ChartKind, extraClass: String? = nil,
                     width: Double, height: Double, description: String, interactive: Bool = false) {
        let id = options.svgID
        var classes = ChartStyle.root + " chart-" + kind.rawValue
        if let extraClass { classes += " " + extraClass }
        svg.open("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("id", id),
            ("class", classes),
            ("viewBox", "0 0 " + SVGNumber.coordinate(width) + " " + SVGNumber.coordinate(height)),
            ("width", "100%"),
            ("role", interactive ? "group" : "img"),
            ("aria-label", options.title),
            ("aria-describedby", id + "-desc"),
            ("font-family", fontFamily),
            ("font-size", "12"),
            ("fill", Ink.text),
        ])
        svg.text("title", [], options.title)
        svg.text("desc", [("id", id + "-desc")], description)
    }

    /// The heading drawn inside the chart when `showsTitle`; returns the height used.
    static func heading(_ svg: inout SVGWriter, options: ChartOptions, width: Double) -> Double {
        guard options.showsTitle else { return 0 }
        let text = TextMetrics.truncate(options.title, maxWidth: width - 2 * padding, fontSize: 15)
        svg.text("text", [("class", "chart-heading"), ("x", SVGNumber.coordinate(padding)),
                          ("y", SVGNumber.coordinate(padding + 15)), ("font-size", "15"),
                          ("font-weight", "bold")], text)
        return titleHeight
    }

    /// “单位：家” above the value axis.
    static func unitCaption(_ svg: inout SVGWriter, options: ChartOptions, x: Double, y: Double) {
        guard !options.unit.isEmpty else { return }
        svg.text("text", [("class", "chart-unit"), ("x", SVGNumber.coordinate(x)),
                          ("y", SVGNumber.coordinate(y)), ("fill", Ink.muted)],
                 "单位：" + options.unit)
    }

    /// The value axis of a vertical chart: a grid line across the plot at each tick (the zero line darker) and
    /// the tick's text right-aligned to the left of the plot; `y` places a value.
    static func valueAxis(_ svg: inout SVGWriter, ticks: some Sequence<(Double, String)>, left: Double, right: Double,
                          y: (Double) -> Double) {
        svg.open("g", [("class", "chart-axis"), ("fill", Ink.muted)])
        for (tick, text) in ticks {
            let position = SVGNumber.coordinate(y(tick))
            svg.leaf("line", [("x1", SVGNumber.coordinate(left)), ("x2", SVGNumber.coordinate(right)),
                              ("y1", position), ("y2", position), ("stroke", tick == 0 ? Ink.axis : Ink.grid)])
            svg.text("text", [("x", SVGNumber.coordinate(left - 8)), ("y", SVGNumber.coordinate(y(tick) + 4)),
                              ("text-anchor", "end")], text)
        }
        svg.close("g")
    }

    /// The link to the data table, bottom right; the caller reserves `tableLinkHeight` for it.
    static func tableLink(_ svg: inout SVGWriter, options: ChartOptions, width: Double, height: Double) {
        guard let href = options.tableHref else { return }
        svg.open("a", [("class", "chart-table-link"), ("href", href)])
        svg.text("text", [("x", SVGNumber.coordinate(width - padding)),
                          ("y", SVGNumber.coordinate(height - padding + 2)), ("text-anchor", "end"),
                          ("fill", Ink.link)], "查看数据表")
        svg.close("a")
    }

    static func hasTableLink(_ options: ChartOptions) -> Bool {
        options.tableHref != nil
    }

    /// The whole SVG of a chart without data: a framed “暂无数据” instead of axes with nothing on them.
    static func empty(options: ChartOptions, kind: ChartKind) -> String {
        let width = options.clampedWidth
        let height = min(options.clampedHeight(default: 200), 320)
        var svg = SVGWriter()
        open(&svg, options: options, kind: kind, extraClass: "chart-empty", width: width, height: height,
             description: kind.noun + "：" + options.emptyText)
        let top = heading(&svg, options: options, width: width)
        let boxTop = padding + top
        svg.leaf("rect", [("class", "chart-empty-box"), ("x", SVGNumber.coordinate(padding)),
                          ("y", SVGNumber.coordinate(boxTop)),
                          ("width", SVGNumber.coordinate(width - 2 * padding)),
                          ("height", SVGNumber.coordinate(height - boxTop - padding)), ("rx", "6"),
                          ("fill", Ink.emptyFill), ("stroke", Ink.emptyStroke), ("stroke-dasharray", "4 4")])
        svg.text("text", [("class", "chart-empty-text"), ("x", SVGNumber.coordinate(width / 2)),
                          ("y", SVGNumber.coordinate((boxTop + height - padding) / 2 + 5)),
                          ("text-anchor", "middle"), ("font-size", "14"), ("fill", Ink.muted)], options.emptyText)
        svg.close("svg")
        return svg.output
    }

    /// Class and opacity of a mark given the chart's selection state.
    static func selectionAttributes(isSelected: Bool, anySelected: Bool, base: String) -> (String, String?) {
        guard anySelected else { return (base, nil) }
        return isSelected ? (base + " " + ChartStyle.selected, nil)
            : (base + " " + ChartStyle.dimmed, Ink.dimmedOpacity)
    }

    /// Wraps `body` in `<a>` when the mark has a usable link. The link repeats the mark's title as `aria-label`
    /// because screen readers name an SVG link from its attributes, not from a nested `<title>`.
    ///
    /// A second link to the same target (a legend row or axis label beside its mark) passes `focusable: false`, so
    /// the keyboard stops once per mark rather than twice; the mouse can still click either.
    static func linked(_ svg: inout SVGWriter, href: String?, label: String, isSelected: Bool,
                       focusable: Bool = true, body: (inout SVGWriter) -> Void) {
        guard let href = LinkTarget.sanitise(href) else {
            body(&svg)
            return
        }
        svg.open("a", [("class", ChartStyle.link), ("href", href), ("aria-label", label),
                       ("aria-current", isSelected ? "true" : nil), ("tabindex", focusable ? nil : "-1")])
        body(&svg)
        svg.close("a")
    }

    /// Non-finite values become 0 and magnitudes are capped, so no arithmetic downstream can overflow to infinity.
    static func clean(_ value: Double) -> Double {
        guard value.isFinite else { return 0 }
        return min(max(value, -1e300), 1e300)
    }

    /// `1,234家`.
    static func valueWithUnit(_ value: Double, options: ChartOptions) -> String {
        DecimalText.format(value, decimals: options.decimals) + options.unit
    }
}

/// Neutral colours for text, axes and grid, chosen for contrast on white: body text 14:1, secondary text 7:1.
enum Ink {
    static let text = "#1F2937"
    static let muted = "#4B5563"
    static let axis = "#9CA3AF"
    static let grid = "#E5E7EB"
    static let link = "#1D4ED8"
    static let emptyFill = "#F9FAFB"
    static let emptyStroke = "#D1D5DB"
    static let separator = "#FFFFFF"
    static let selectedStroke = "#111827"
    /// Opacity of the segments that are not selected while another one is: still legible, clearly secondary.
    static let dimmedOpacity = "0.35"
}
