/// What every chart needs besides its data: identity, wording and size.
public struct ChartOptions: Sendable, Hashable {
    /// The caller's id for the chart, unique on the page (e.g. `tech-field`). Every id in the SVG is derived from
    /// it, never random, so output is deterministic; characters outside `A–Z a–z 0–9 -` are hex-encoded.
    public var id: String
    /// The chart's accessible name (`aria-label`), e.g. 技术领域分布.
    public var title: String
    /// Unit appended to values, e.g. 家 or 万元; shown as 单位：… above an axis.
    public var unit: String
    /// Decimals of every value the chart prints (clamped to 0…6).
    public var valueDecimals: Int
    /// Width of the `viewBox`. The SVG always scales to its container (`width="100%"`); pick the width the chart
    /// usually occupies in CSS pixels so the 12–13 unit text renders at 12–13 px.
    public var width: Double
    /// Height of the `viewBox` for charts with a fixed height (vertical bars, histogram, line); `nil` for the chart's
    /// default. Donuts and horizontal bars size themselves to their content.
    public var height: Double?
    /// Draw `title` as a heading inside the SVG (off when the page shows its own heading).
    public var showsTitle: Bool
    /// The “查看数据表” link in the chart's corner.
    public var tableLink: TableLink
    /// The text of an empty chart.
    public var emptyText: String
    public var palette: ChartPalette

    public init(id: String, title: String, unit: String = "", valueDecimals: Int = 0, width: Double = 640,
                height: Double? = nil, showsTitle: Bool = false, tableLink: TableLink = .automatic,
                emptyText: String = "暂无数据", palette: ChartPalette = .standard) {
        self.id = id
        self.title = title
        self.unit = unit
        self.valueDecimals = valueDecimals
        self.width = width
        self.height = height
        self.showsTitle = showsTitle
        self.tableLink = tableLink
        self.emptyText = emptyText
        self.palette = palette
    }

    /// The root element id of the SVG.
    public var svgID: String { SVGID.sanitise(id) }
    /// The id the page should give the data table that backs this chart.
    public var tableID: String { svgID + "-table" }

    /// Where the chart's link to its data table points.
    public enum TableLink: Sendable, Hashable {
        /// `#` + `tableID`: the page renders the table from `dataRows()` on the same page with that id.
        case automatic
        /// Another address, e.g. a separate table page.
        case href(String)
        /// No link (the page shows the table anyway, or has none).
        case hidden
    }

    /// The table link's target, `nil` when hidden or unusable.
    var tableHref: String? {
        switch tableLink {
        case .automatic: return "#" + tableID
        case .href(let href): return LinkTarget.sanitise(href)
        case .hidden: return nil
        }
    }

    var decimals: Int { min(max(valueDecimals, 0), 6) }
    /// Width clamped to a range where the layout still works and coordinates stay finite.
    var clampedWidth: Double { width.isFinite ? min(max(width, 240), 4000) : 640 }
    func clampedHeight(default value: Double) -> Double {
        guard let height, height.isFinite else { return value }
        return min(max(height, 120), 4000)
    }
}
