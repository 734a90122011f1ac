/// One column of a sheet being written: its header, width, number format, whether it is required, the
/// dropdown its cells offer and the help shown on its header.
public struct SheetColumn: Sendable, Hashable {
    /// The header text (row 1). Required columns get a red `*` before it.
    public var header: String
    /// Width in characters of the default font; nil sizes the column to its header (a CJK character counts two).
    public var width: Double?
    /// The display format of the column's numbers and dates; nil for General (dates then use `yyyy-mm-dd`).
    public var numberFormat: NumberFormat?
    /// Marks the header with a red `*`, the convention for "must be filled" in Chinese forms.
    public var isRequired: Bool
    /// The choices offered by a dropdown on every data cell of the column (kept on a hidden sheet, so a list of
    /// any length works and entries may contain commas).
    public var dropdown: [String]?
    /// Help for whoever fills the column ("请填写 18 位统一社会信用代码"), shown as a comment on its header.
    public var comment: String?

    public init(_ header: String, width: Double? = nil, numberFormat: NumberFormat? = nil, isRequired: Bool = false,
                dropdown: [String]? = nil, comment: String? = nil) {
        self.header = header
        self.width = width
        self.numberFormat = numberFormat
        self.isRequired = isRequired
        self.dropdown = dropdown
        self.comment = comment
    }

    /// The width Excel will use: the given one, or one that fits the header.
    var effectiveWidth: Double {
        if let width, width.isFinite { return Swift.min(Swift.max(width, 0), 255) }
        var units = isRequired ? 1 : 0
        for scalar in header.unicodeScalars { units += scalar.value > 0x2E7F ? 2 : 1 }
        return Double(Swift.min(Swift.max(units + 4, 10), 60))
    }
}
