import TextFormatting

/// The value of one cell, as written and as read.
///
/// Reading gives `.integer` for a number cell holding a whole number within ±2⁵³ (the integers a spreadsheet
/// keeps exactly) and `.number` for any other number; a date is recognised by the cell's number format.
/// Zero-length text reads as `.empty`, as it looks in Excel.
public enum CellValue: Sendable, Hashable {
    case empty
    case text(String)
    case integer(Int)
    /// A decimal. Infinity and NaN, which a workbook cannot hold, are written as empty cells.
    case number(Double)
    case bool(Bool)
    /// A date or date-time; written with the column's date format, or `yyyy-mm-dd` (with ` hh:mm:ss` when it has
    /// a time of day). Dates before 1900, which Excel cannot show, are written as ISO text.
    case date(ExcelDate)
    /// An error value such as `#N/A` or `#DIV/0!`, as a formula left it.
    case error(String)

    /// True for `.empty`.
    public var isEmpty: Bool {
        if case .empty = self { return true }
        return false
    }

    /// The text a person sees for this value, for reading a text column whatever the cell's type: whole numbers
    /// without a decimal point (an 11-digit phone number typed as a number reads as those 11 digits), dates as
    /// `yyyy-MM-dd[ HH:mm:ss]`, booleans as `TRUE`/`FALSE`. Nil for an empty cell.
    public var stringValue: String? {
        switch self {
        case .empty: nil
        case .text(let text): text
        case .integer(let value): String(value)
        case .number(let value): DecimalText.shortest(value)
        case .bool(let value): value ? "TRUE" : "FALSE"
        case .date(let date): date.description
        case .error(let code): code
        }
    }

    /// The number for `.integer` and `.number`; nil otherwise (text is not parsed: a typed column should say so).
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The whole number for `.integer`, or for a `.number` with no fractional part that fits in `Int`.
    public var intValue: Int? {
        switch self {
        case .integer(let value):
            return value
        case .number(let value):
            guard value.rounded() == value, abs(value) < 9.2e18 else { return nil }
            return Int(value)
        default:
            return nil
        }
    }

    public var dateValue: ExcelDate? {
        if case .date(let date) = self { return date }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}

extension CellValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
