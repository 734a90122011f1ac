/// One value of a series in a multi-series chart (stacked or grouped bars, lines), with its own optional link.
public struct ChartValue: Sendable, Hashable {
    public var value: Double
    public var href: String?
    public var isSelected: Bool

    public init(_ value: Double, href: String? = nil, isSelected: Bool = false) {
        self.value = value
        self.href = href
        self.isSelected = isSelected
    }
}

/// A category of a multi-series chart: a bar position or a point on a line's x axis.
///
/// Its `href` links the category's axis label; `isSelected` highlights every mark of the category.
public struct ChartCategory: Sendable, Hashable, ExpressibleByStringLiteral {
    public var label: String
    public var href: String?
    public var isSelected: Bool

    public init(_ label: String, href: String? = nil, isSelected: Bool = false) {
        self.label = label
        self.href = href
        self.isSelected = isSelected
    }

    public init(stringLiteral value: String) { self.init(value) }
}

/// A named series: one value per category, in category order.
///
/// A series shorter than the categories is treated as missing the trailing values (zero in bars, a gap in a line);
/// values beyond the last category are ignored.
public struct ChartSeries: Sendable, Hashable {
    public var name: String
    public var values: [ChartValue]
    /// Overrides the palette colour for this series.
    public var color: ChartColor?

    public init(_ name: String, values: [ChartValue], color: ChartColor? = nil) {
        self.name = name
        self.values = values
        self.color = color
    }

    public init(_ name: String, values: [Double], color: ChartColor? = nil) {
        self.init(name, values: values.map { ChartValue($0) }, color: color)
    }
}
