/// Bars: vertical (columns) or horizontal (rankings), one series or several stacked or grouped.
///
/// A ranking is a horizontal single-series chart whose bars the caller has sorted; its labels get a gutter sized to
/// the longest label (at most 30 % of the width, longer labels end in `…` with the full text in the `<title>`), and
/// the chart grows one row per bar, so 31 provinces fit without scrolling inside the SVG. Vertical category labels
/// turn 45° or 90° and thin out when they do not fit side by side.
///
/// Single-series and grouped bars may be negative (the axis then crosses zero); stacked bars count negative values
/// as zero because a stack of signed parts has no honest picture.
public struct BarChart: Chart {
    /// Which way bars grow.
    public enum Orientation: Sendable, Hashable {
        /// Columns growing upwards; categories along the bottom.
        case vertical
        /// Bars growing rightwards; categories down the left, as in a ranking.
        case horizontal
    }

    /// How several series share a category.
    public enum Layout: Sendable, Hashable {
        /// One bar per category made of one segment per series.
        case stacked
        /// Side-by-side bars, one per series.
        case grouped
    }

    public var options: ChartOptions
    public var orientation: Orientation
    public var layout: Layout
    public var categories: [ChartCategory]
    public var series: [ChartSeries]
    /// Print each bar's value (or each stack's total) at its end where it fits.
    public var showsValues: Bool
    /// Per-bar colour overrides of a single-series chart, by category.
    private var barColors: [ChartColor?]

    /// One bar per segment, in order, all in the palette's first colour unless a segment overrides it.
    public init(options: ChartOptions, orientation: Orientation = .vertical, bars: [ChartSegment],
                showsValues: Bool = true) {
        self.options = options
        self.orientation = orientation
        self.layout = .grouped
        self.categories = bars.map { ChartCategory($0.label, href: $0.href, isSelected: $0.isSelected) }
        self.series = [ChartSeries(options.title, values: bars.map {
            ChartValue($0.value, href: $0.href, isSelected: $0.isSelected)
        })]
        self.showsValues = showsValues
        self.barColors = bars.map(\.color)
    }

    /// Several series over the same categories, each in its palette colour (or its own override).
    public init(options: ChartOptions, orientation: Orientation = .vertical, layout: Layout = .stacked,
                categories: [ChartCategory], series: [ChartSeries], showsValues: Bool = true) {
        self.options = options
        self.orientation = orientation
        self.layout = layout
        self.categories = categories
        self.series = series
        self.showsValues = showsValues
        self.barColors = []
    }

    public func svg() -> String {
        BarRenderer(model: model).svg()
    }

    public func dataRows() -> [ChartDataRow] {
        model.dataRows()
    }

    private var model: BarModel {
        let single = series.count == 1
        let seriesColors = series.indices.map { series[$0].color ?? options.palette.color(at: $0) }
        let values = categories.indices.map { category in
            series.indices.map { index -> ChartValue in
                let values = series[index].values
                guard category < values.count else { return ChartValue(0) }
                var value = values[category]
                value.value = ChartFrame.clean(value.value)
                if layout == .stacked && !single { value.value = max(value.value, 0) }
                return value
            }
        }
        let colors = categories.indices.map { category in
            series.indices.map { index -> ChartColor in
                if single, category < barColors.count, let override = barColors[category] { return override }
                return seriesColors[index]
            }
        }
        return BarModel(options: options, kind: .bar, orientation: orientation,
                        layout: single ? .grouped : layout, categories: categories,
                        seriesNames: series.map(\.name), seriesColors: seriesColors, values: values,
                        colors: colors, showsValues: showsValues, bandPadding: 0.3, categoryAxisTitle: nil)
    }
}
