import Foundation

/// A typed, bounded parameter of a condition, with its default (设置条件参数). Values are in the parameter's
/// display unit: percent as a percentage, money in 万元.
public struct RuleParameter: Sendable, Hashable, Codable {
    /// Unique within its library; the key of an override.
    public var id: String
    /// Chinese label, e.g. "科技人员占比下限".
    public var label: String
    public var unit: ParameterUnit
    public var defaultValue: Double
    public var minimum: Double
    public var maximum: Double
    /// Counts, years and choices take whole numbers only.
    public var integral: Bool
    /// False for numbers the policy fixes: shown with the condition, refused as an override.
    public var adjustable: Bool

    public init(_ id: String, _ label: String, unit: ParameterUnit, default defaultValue: Double,
                range: ClosedRange<Double>, integral: Bool = false, adjustable: Bool = true)
    {
        self.id = id
        self.label = label
        self.unit = unit
        self.defaultValue = defaultValue
        self.minimum = range.lowerBound
        self.maximum = range.upperBound
        switch unit {
        case .choice, .flag: self.integral = true
        default: self.integral = integral
        }
        self.adjustable = adjustable
    }

    /// Checks a value for this parameter.
    public func validate(_ value: Double) throws(RuleError) {
        guard value.isFinite else { throw .parameterNotANumber(label: label, text: String(describing: value)) }
        if case .choice(let options) = unit {
            guard value == value.rounded(), value >= 0, value < Double(options.count) else {
                throw .parameterNotAChoice(label: label, choices: options)
            }
            return
        }
        if integral, value != value.rounded() { throw .parameterNotInteger(label: label) }
        guard value >= minimum, value <= maximum else {
            throw .parameterOutOfRange(label: label, minimum: minimum, maximum: maximum, unit: unit.symbol)
        }
    }

    /// Parses what a person typed: surrounding spaces, full-width digits and a trailing "%" (for percent) are
    /// accepted; a choice may be given by its label. An empty text means "use the default" and returns nil.
    public func parse(_ text: String) throws(RuleError) -> Double? {
        var normalized = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            // Full-width ASCII variants (０-９, ．, ％, －) to half-width.
            (0xFF01...0xFF5E).contains(scalar.value) ? UnicodeScalar(scalar.value - 0xFEE0) ?? scalar : scalar
        })).trimmingCharacters(in: .whitespacesAndNewlines)
        if normalized.isEmpty { return nil }
        if case .choice(let options) = unit, let index = options.firstIndex(of: normalized) {
            return Double(index)
        }
        if case .percent = unit, normalized.hasSuffix("%") {
            normalized = String(normalized.dropLast()).trimmingCharacters(in: .whitespaces)
        }
        guard let value = Double(normalized), value.isFinite,
              normalized.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") })
        else { throw .parameterNotANumber(label: label, text: text) }
        try validate(value)
        return value
    }
}

/// The parameter values of one evaluation: the library's defaults with this query's overrides. Built fresh for
/// every query, so an override never changes the defaults (重置 is simply a query without overrides).
public struct ParameterValues: Sendable, Hashable {
    /// Every parameter's value.
    public let values: [String: Double]
    /// The ids set by this query.
    public let overridden: Set<String>

    /// The value of a parameter; NaN (conditions read "unknown") for an id the library lacks.
    public subscript(_ id: String) -> Double { values[id] ?? .nan }
}
