/// The CSS class names the charts use, and a stylesheet the page can include for hover and focus states.
///
/// Marks carry presentation attributes (fill, opacity) so a chart looks right on its own; page CSS overrides
/// them because presentation attributes have the lowest specificity.
public enum ChartStyle {
    /// Every chart's root: `chart` plus `chart-donut`, `chart-bar`, `chart-histogram` or `chart-line`, and
    /// `chart-empty` when there is no data.
    public static let root = "chart"
    /// A data mark (segment, bar, point).
    public static let mark = "chart-mark"
    /// The `<a>` around a linked mark or legend item.
    public static let link = "chart-link"
    /// A mark or legend item the page's filter selected.
    public static let selected = "is-selected"
    /// The other marks while something is selected.
    public static let dimmed = "is-dimmed"

    /// Rules for hover and keyboard focus. The page includes them once in its stylesheet.
    public static let stylesheet = """
    .chart { display: block; width: 100%; height: auto; }
    .chart .chart-link { cursor: pointer; }
    .chart .chart-link:focus { outline: none; }
    .chart .chart-link:hover .chart-mark,
    .chart .chart-link:focus-visible .chart-mark { stroke: #111827; stroke-width: 2px; opacity: 1; }
    .chart .chart-link:hover .chart-legend-swatch,
    .chart .chart-link:focus-visible .chart-legend-swatch { opacity: 1; }
    .chart .chart-link:hover .chart-label,
    .chart .chart-link:focus-visible .chart-label,
    .chart .chart-table-link:hover text,
    .chart .chart-table-link:focus-visible text { text-decoration: underline; }
    .chart .chart-link:focus-visible .chart-legend-swatch { stroke: #111827; stroke-width: 2px; }
    """
}
