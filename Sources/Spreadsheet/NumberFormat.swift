/// How numbers and dates in a cell are displayed.
public struct NumberFormat: Sendable, Hashable {
    /// The format code, as in Excel's "Custom" number format box.
    public var code: String

    public init(_ code: String) {
        self.code = code
    }

    public static let general = NumberFormat("General")
    /// `0`: whole numbers.
    public static let integer = NumberFormat("0")
    /// `#,##0`: whole numbers with thousands separators.
    public static let thousands = NumberFormat("#,##0")
    /// `#,##0.00`: amounts.
    public static let decimal2 = NumberFormat("#,##0.00")
    /// `0.00%`: ratios shown as percentages (0.125 shows as 12.50%).
    public static let percent2 = NumberFormat("0.00%")
    /// `yyyy-mm-dd`.
    public static let date = NumberFormat("yyyy-mm-dd")
    /// `yyyy-mm-dd hh:mm:ss`.
    public static let dateTime = NumberFormat("yyyy-mm-dd hh:mm:ss")
    /// `@`: text, so that Excel keeps what is typed into the cell (codes with leading zeros) as typed.
    public static let text = NumberFormat("@")

    /// Excel's built-in formats have fixed ids and need no declaration; everything else is numbered from 164.
    var builtInID: Int? {
        switch code {
        case "General": 0
        case "0": 1
        case "0.00": 2
        case "#,##0": 3
        case "#,##0.00": 4
        case "0%": 9
        case "0.00%": 10
        case "@": 49
        default: nil
        }
    }

    /// Whether the format shows a date or time, so a number under it is a date.
    var isDate: Bool { FormatCode.isDateFormat(code) }
}
