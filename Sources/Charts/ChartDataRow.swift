/// One row of the data behind a chart, for the accessible table the page renders next to it.
///
/// The texts are the very strings the chart shows, so the table and the picture never disagree.
public struct ChartDataRow: Sendable, Hashable {
    public let label: String
    /// The series name in a multi-series chart; `nil` in a single-series chart.
    public let series: String?
    public let value: Double
    /// The value with thousands separators and the chart's decimals, without the unit.
    public let valueText: String
    /// Share of the whole (donut, single-series bars, histogram) or of the category (stacked and grouped bars), in
    /// percent; `nil` for lines, where a share means nothing.
    public let percent: Double?
    /// `percent` with one decimal and a `%` sign.
    public let percentText: String?
    public let href: String?
    public let isSelected: Bool

    public init(label: String, series: String?, value: Double, valueText: String, percent: Double?,
                percentText: String?, href: String?, isSelected: Bool) {
        self.label = label
        self.series = series
        self.value = value
        self.valueText = valueText
        self.percent = percent
        self.percentText = percentText
        self.href = href
        self.isSelected = isSelected
    }
}
