/// One labelled value: a donut segment, a bar, or a histogram bin.
///
/// Every mark can be a link (`href`), which is how a page cross-filters without JavaScript: the link adds the
/// segment's filter to the page's query. When any mark of a chart `isSelected`, that mark is highlighted and the
/// others are dimmed, so the chart keeps showing all its segments and another can be picked.
public struct ChartSegment: Sendable, Hashable {
    public var label: String
    public var value: Double
    public var href: String?
    public var isSelected: Bool
    /// Overrides the palette colour for this mark.
    public var color: ChartColor?

    public init(_ label: String, value: Double, href: String? = nil, isSelected: Bool = false,
                color: ChartColor? = nil) {
        self.label = label
        self.value = value
        self.href = href
        self.isSelected = isSelected
        self.color = color
    }
}
