/// One row of a sheet as read: its 1-based number, as Excel shows it, and its values by 0-based column.
///
/// Rows absent from the file are not produced (the numbers jump); columns absent from a row read as `.empty`.
public struct SheetRow: Sendable, Hashable {
    /// The row number Excel shows, for messages such as "第 12 行：统一社会信用代码格式错误".
    public let number: Int
    /// Values from column A up to the last non-empty cell.
    public var values: [CellValue]

    public init(number: Int, values: [CellValue]) {
        self.number = number
        self.values = values
    }

    /// The value in a 0-based column; `.empty` beyond the last cell (or for a negative index).
    public subscript(column: Int) -> CellValue {
        values.indices.contains(column) ? values[column] : .empty
    }

    /// True when no cell of the row holds a value: importers usually skip such rows.
    public var isBlank: Bool {
        values.allSatisfy(\.isEmpty)
    }
}
