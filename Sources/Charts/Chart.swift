/// A chart the server draws as SVG and also exposes as data rows for the accessible table fallback.
///
/// Rendering is a pure function of the value: the same chart always gives byte-identical SVG, whatever the locale.
public protocol Chart: Sendable {
    var options: ChartOptions { get }
    /// The chart as a standalone `<svg>` element, ready to embed in a page.
    func svg() -> String
    /// The numbers behind the chart, in display order, with the same formatting as the SVG.
    func dataRows() -> [ChartDataRow]
}
