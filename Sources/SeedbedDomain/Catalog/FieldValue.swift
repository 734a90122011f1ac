import Foundation

/// A validated value of a catalog field, in its stored form (money in 万元, dates as `yyyy-MM-dd`, choices as
/// dictionary codes).
public enum FieldValue: Sendable, Hashable, Codable {
    case text(String)
    case integer(Int)
    case decimal(Double)
    case date(String)
    case flag(Bool)
    case choice(String)

    /// The value as a number when it is one.
    public var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .decimal(let value): value
        case .flag(let value): value ? 1 : 0
        default: nil
        }
    }

    /// The value as text for display and export (choices as their code; callers label them).
    public var text: String {
        switch self {
        case .text(let value), .date(let value), .choice(let value): value
        case .integer(let value): String(value)
        case .decimal(let value): FieldValue.format(value)
        case .flag(let value): value ? "是" : "否"
        }
    }

    /// Up to 4 decimals, no trailing zeros, no exponent.
    public static func format(_ value: Double) -> String {
        format(value, decimals: 4)
    }

    /// Up to `decimals` (0…12) decimals, no trailing zeros, no exponent; empty for a value that is not a number.
    public static func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "" }
        var text = String(format: "%.\(min(max(decimals, 0), 12))f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}

/// A value as it arrives, before validation: typed by a form (always text) or read from a spreadsheet cell.
public enum RawValue: Sendable, Hashable {
    case empty
    case text(String)
    case number(Double)
    case date(year: Int, month: Int, day: Int)
    case bool(Bool)

    /// The raw value as a person would read it back.
    public var display: String {
        switch self {
        case .empty: ""
        case .text(let text): text
        case .number(let number): FieldValue.format(number)
        case .date(let y, let m, let d): String(format: "%04d-%02d-%02d", y, m, d)
        case .bool(let flag): flag ? "是" : "否"
        }
    }

    var isBlank: Bool {
        switch self {
        case .empty: true
        case .text(let text): text.allSatisfy(\.isWhitespace)
        default: false
        }
    }
}

/// Why a value was refused: the field and a Chinese sentence naming it.
public struct FieldProblem: Error, Sendable, Hashable {
    public let field: FieldID
    public let message: String

    public init(field: FieldID, message: String) {
        self.field = field
        self.message = message
    }
}

extension FieldProblem: CodedError {
    public var code: String { "field.invalid" }
    public var failure: FailureKind { .invalid }
}
