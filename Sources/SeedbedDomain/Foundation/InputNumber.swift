import Foundation

/// The one way a number that comes from outside — a form field, a query parameter, a path segment, a cell of an
/// imported file — becomes an `Int` or a `Double`: parsed, and kept inside a range the caller names.
///
/// A number a request can choose is never used in arithmetic or as an index before it has been through here:
/// `Int("9223372036854775807")` parses, and the `+ 1` after it traps and ends the whole server. Out-of-range
/// values are refused (nil), never clamped silently, so a caller decides between an error and its default.
public enum InputNumber {
    /// Longest text worth parsing: 19 digits, a sign and room for surrounding blanks. Anything longer is refused
    /// before it is read, whatever it holds.
    static let maximumLength = 24

    /// A decimal integer (optional sign, ASCII digits, blanks around it) inside `range`; nil for anything else:
    /// empty, not a number, too long, beyond `Int`, outside the range.
    public static func integer<S: StringProtocol>(_ text: S?, in range: ClosedRange<Int>) -> Int? {
        guard let text, text.utf8.count <= maximumLength else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Int(trimmed), range.contains(value) else { return nil }
        return value
    }

    /// A finite decimal number inside `range`; nil for NaN, infinities, text that is not a number, or out of range.
    public static func decimal<S: StringProtocol>(_ text: S?, in range: ClosedRange<Double>) -> Double? {
        guard let text, text.utf8.count <= 64 else { return nil }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, range.contains(value)
        else { return nil }
        return value
    }

    /// An `Int` from a `Double` computed from input (a spreadsheet cell, a typed figure), if it is whole enough
    /// and inside `range`; `Int(_:)` on an out-of-range or non-finite `Double` traps, this never does.
    public static func integer(_ value: Double, in range: ClosedRange<Int>) -> Int? {
        guard value.isFinite, value >= Double(range.lowerBound), value <= Double(range.upperBound) else { return nil }
        // Double(Int.max) rounds up to 2^63, which passes the check above but does not fit: compare exactly.
        guard value < 9_223_372_036_854_775_807.0 else { return nil }
        let whole = Int(value.rounded(.towardZero))
        return range.contains(whole) ? whole : nil
    }

    /// A `Double` that is shown or counted as a whole number (a sum of filed figures, a fact value), rounded and
    /// held within ±9×10^18; NaN becomes 0. For display and totals, where refusing is not an option and trapping
    /// on a sum of a million large filings must not be either.
    public static func saturating(_ value: Double) -> Int {
        guard !value.isNaN else { return 0 }
        let limit = 9.0e18
        return Int(min(max(value.rounded(), -limit), limit))
    }
}

/// The ranges request numbers are parsed in, named once so every route means the same by "an id" or "a year".
public enum InputRange {
    /// A database row id: positive and within what both databases store (PostgreSQL `bigint`, SQLite integer).
    public static let id: ClosedRange<Int> = 1...Int(Int64.max)
    /// A reporting or scoring year.
    public static let year: ClosedRange<Int> = 1900...2100
    /// A step of a stepped form (the index of its group); no form has more than a few dozen.
    public static let step: ClosedRange<Int> = 0...255
    /// An optimistic-locking version as a page sent it back.
    public static let version: ClosedRange<Int> = 0...Int(Int32.max)
    /// A page number of a list.
    public static let page: ClosedRange<Int> = 1...1_000_000
    /// A page size of a list.
    public static let pageSize: ClosedRange<Int> = 1...1_000
    /// A position in a short list (an indicator of a scheme, a row of a table).
    public static let index: ClosedRange<Int> = 0...100_000
}
