/// Numbers as text, independent of the process locale: the same value gives the same bytes on every server.
///
/// Foundation's formatters follow the locale and differ between platforms; these functions use integer arithmetic
/// on the rounded value, or Swift's own locale-free `description`.
public enum DecimalText {
    /// `1234567.891` with 2 decimals → `1,234,567.89`; rounds half away from zero; never prints `-0`; non-finite
    /// input gives `0`.
    public static func format(_ value: Double, decimals: Int, grouping: Bool = true) -> String {
        guard value.isFinite else { return "0" }
        let places = min(max(decimals, 0), 12)
        let scaled = (abs(value) * powerOfTen(places)).rounded(.toNearestOrAwayFromZero)
        guard let units = exactUnits(scaled) else { return outOfRange(value) }
        let divisor = UInt64(powerOfTen(places))
        let integer = units / divisor
        let fraction = units % divisor
        var text = grouping ? grouped(integer) : String(integer)
        if places > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: places - digits.count) + digits
        }
        return (value < 0 && units > 0) ? "-" + text : text
    }

    /// `23.4%`: one decimal, no grouping.
    public static func percent(_ value: Double) -> String {
        format(value, decimals: 1, grouping: false) + "%"
    }

    /// At most `maxDecimals` decimals, trailing zeros dropped: `12`, `12.5`, `0.25`. Rounds half away from zero;
    /// never prints `-0`; nil for non-finite input, so the caller says what stands in for it.
    public static func trimmed(_ value: Double, maxDecimals: Int) -> String? {
        guard value.isFinite else { return nil }
        let places = min(max(maxDecimals, 0), 12)
        let scaled = (abs(value) * powerOfTen(places)).rounded(.toNearestOrAwayFromZero)
        guard let units = exactUnits(scaled) else { return outOfRange(value) }
        guard units > 0 else { return "0" }
        let divisor = UInt64(powerOfTen(places))
        let integer = units / divisor
        var fraction = units % divisor
        var digits = places
        while digits > 0, fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var text = value < 0 ? "-" + String(integer) : String(integer)
        if digits > 0 {
            let fractionText = String(fraction)
            text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        }
        return text
    }

    /// The shortest text that reads back as the same `Double`, without a trailing `.0` on whole numbers
    /// (`4`, not `4.0`, as Excel writes it). Swift's own description is already shortest and locale-free.
    public static func shortest(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 {
            return String(Int(value))
        }
        return value.description
    }

    /// 10^places, exact for the 0…12 places these functions allow.
    private static func powerOfTen(_ places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return scale
    }

    /// A rounded magnitude as an integer, if a Double still holds every integer up to it (below 2^53; beyond,
    /// and beyond Int64, the conversion would be inexact or trap).
    private static func exactUnits(_ scaled: Double) -> UInt64? {
        scaled < 9_007_199_254_740_992 ? UInt64(scaled) : nil
    }

    /// Values too large for exact decimals only come from absurd input; they are written in Swift's own
    /// locale-free notation.
    private static func outOfRange(_ value: Double) -> String {
        value < 0 ? "-" + String(-value) : String(value)
    }

    private static func grouped(_ integer: UInt64) -> String {
        let digits = Array(String(integer))
        var result = ""
        result.reserveCapacity(digits.count + digits.count / 3)
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }
}
