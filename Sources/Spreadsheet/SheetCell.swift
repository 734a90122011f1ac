/// A cell to write with more than a value: a style of its own, or a comment (a note shown on hover).
public struct SheetCell: Sendable, Hashable {
    public var value: CellValue
    /// Replaces the column's default look; a style without a number format keeps the column's format.
    public var style: CellStyle?
    /// A note Excel shows when the pointer rests on the cell (a red triangle marks it), such as the reason an
    /// import refused the value. Empty text adds no note.
    public var comment: String?

    public init(_ value: CellValue, style: CellStyle? = nil, comment: String? = nil) {
        self.value = value
        self.style = style
        self.comment = comment
    }
}
