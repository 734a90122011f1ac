import TextFormatting

/// One bin of a histogram: the count of items whose value lies in `lower..<upper`.
public struct HistogramBin: Sendable, Hashable {
    public var lower: Double
    public var upper: Double
    public var count: Double
    public var href: String?
    public var isSelected: Bool
    /// The axis label; `nil` for `lower–upper`, e.g. 60–70.
    public var label: String?

    public init(lower: Double, upper: Double, count: Double, href: String? = nil, isSelected: Bool = false,
                label: String? = nil) {
        self.lower = lower
        self.upper = upper
        self.count = count
        self.href = href
        self.isSelected = isSelected
        self.label = label
    }
}

/// A distribution drawn from bin counts the caller has already computed (e.g. the score distribution of a
/// scoring run), as touching columns labelled 0–10, 10–20, ….
///
/// Negative counts count as zero.
public struct HistogramChart: Chart {
    public var options: ChartOptions
    public var bins: [HistogramBin]
    /// The caption under the bins, e.g. 积分.
    public var axisTitle: String?
    /// Print each bin's count above it where it fits.
    public var showsValues: Bool

    public init(options: ChartOptions, bins: [HistogramBin], axisTitle: String? = nil, showsValues: Bool = true) {
        self.options = options
        self.bins = bins
        self.axisTitle = axisTitle
        self.showsValues = showsValues
    }

    /// Bins between consecutive `edges` with the matching `counts`; unpaired edges or counts are ignored.
    public init(options: ChartOptions, edges: [Double], counts: [Double], axisTitle: String? = nil,
                showsValues: Bool = true) {
        let pairs = min(max(edges.count - 1, 0), counts.count)
        let bins = (0..<pairs).map { HistogramBin(lower: edges[$0], upper: edges[$0 + 1], count: counts[$0]) }
        self.init(options: options, bins: bins, axisTitle: axisTitle, showsValues: showsValues)
    }

    public func svg() -> String {
        BarRenderer(model: model).svg()
    }

    public func dataRows() -> [ChartDataRow] {
        model.dataRows()
    }

    private var model: BarModel {
        let categories = bins.map { bin in
            ChartCategory(bin.label ?? Self.edgeText(bin.lower) + "–" + Self.edgeText(bin.upper), href: bin.href,
                          isSelected: bin.isSelected)
        }
        let values = bins.map {
            [ChartValue(max(ChartFrame.clean($0.count), 0), href: $0.href, isSelected: $0.isSelected)]
        }
        let color = options.palette.color(at: 0)
        return BarModel(options: options, kind: .histogram, orientation: .vertical, layout: .grouped,
                        categories: categories, seriesNames: [options.title], seriesColors: [color], values: values,
                        colors: bins.map { _ in [color] }, showsValues: showsValues, bandPadding: 0,
                        categoryAxisTitle: axisTitle)
    }

    /// An edge with the fewest decimals (at most 2) that print it exactly, so 0–10 stays 0–10 and 2.5 keeps its .5.
    private static func edgeText(_ edge: Double) -> String {
        let value = ChartFrame.clean(edge)
        var scaled = abs(value)
        var decimals = 0
        while decimals < 2 && abs(scaled - scaled.rounded()) > 1e-9 * max(1, scaled) {
            scaled *= 10
            decimals += 1
        }
        return DecimalText.format(value, decimals: decimals)
    }
}
