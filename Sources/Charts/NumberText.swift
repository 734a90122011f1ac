/// Locale-independent number formatting, so the same data gives byte-identical SVG on every server.
///
/// Foundation's formatters follow the process locale and differ between platforms; these functions use only integer
/// arithmetic on the rounded value.
enum NumberText {
    /// `1234567.891` with 2 decimals → `1,234,567.89`; rounds half away from zero; never prints `-0`.
    static func format(_ value: Double, decimals: Int, grouping: Bool = true) -> String {
        guard value.isFinite else { return "0" }
        let places = min(max(decimals, 0), 12)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        // Beyond 2^53 a Double no longer holds every integer, and beyond Int64 the conversion would trap; such
        // values only come from absurd input, so they are written in Swift's own locale-free notation.
        guard scaled < 9_007_199_254_740_992 else { return value < 0 ? "-" + String(-value) : String(value) }
        let units = UInt64(scaled)
        var divisor: UInt64 = 1
        for _ in 0..<places { divisor *= 10 }
        let integer = units / divisor
        let fraction = units % divisor
        var text = grouping ? grouped(integer) : String(integer)
        if places > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: places - digits.count) + digits
        }
        return (value < 0 && units > 0) ? "-" + text : text
    }

    /// `23.4%`.
    static func percent(_ value: Double) -> String {
        format(value, decimals: 1, grouping: false) + "%"
    }

    /// A coordinate: at most two decimals, trailing zeros dropped; non-finite input (which would make the SVG
    /// invalid) becomes 0.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return "0" }
        let hundredths = Int64((value * 100).rounded(.toNearestOrAwayFromZero))
        if hundredths == 0 { return "0" }
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let integer = magnitude / 100
        let fraction = magnitude % 100
        if fraction == 0 { return sign + String(integer) }
        if fraction % 10 == 0 { return sign + String(integer) + "." + String(fraction / 10) }
        return sign + String(integer) + "." + (fraction < 10 ? "0" : "") + String(fraction)
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
