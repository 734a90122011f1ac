/// Horizontal placement of a cell's content.
public enum CellAlignment: String, Sendable, Hashable {
    case left, center, right
}

/// The look of a cell: font weight and colour, fill, number format, alignment and wrapping.
///
/// A cell's style is combined with its column's number format: a style without a number format keeps the
/// column's, so highlighting a cell in an amount column keeps it an amount.
public struct CellStyle: Sendable, Hashable {
    public var bold: Bool
    public var fontColor: CellColor?
    public var fillColor: CellColor?
    public var numberFormat: NumberFormat?
    public var alignment: CellAlignment?
    public var wrapsText: Bool

    public init(bold: Bool = false, fontColor: CellColor? = nil, fillColor: CellColor? = nil,
                numberFormat: NumberFormat? = nil, alignment: CellAlignment? = nil, wrapsText: Bool = false) {
        self.bold = bold
        self.fontColor = fontColor
        self.fillColor = fillColor
        self.numberFormat = numberFormat
        self.alignment = alignment
        self.wrapsText = wrapsText
    }

    /// Bold on a light fill, centred: the default header row.
    public static let header = CellStyle(bold: true, fillColor: .headerBlue, alignment: .center)
    /// A light red fill: the cell an import rejected.
    public static let error = CellStyle(fillColor: .lightRed)
}
