/// Numbers as spreadsheet XML spells them, read back (`DecimalText.shortest` writes them).
enum NumberText {
    /// Parses the text of a `<v>` element: an optional sign, digits, an optional fraction and exponent.
    /// Whole numbers within ±2⁵³ come back as `.integer`; anything else that is a finite number as `.number`.
    /// Returns nil for text that is not a number.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> CellValue? {
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return nil }

        var index = start
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var significant = 0
        var fractionDigits = 0
        var sawDot = false
        var exactMantissa = true
        while index < end {
            let byte = bytes[index]
            if byte >= 0x30, byte <= 0x39 {
                digits += 1
                if mantissa != 0 || byte != 0x30 { significant += 1 }
                if significant <= 19 {
                    mantissa = mantissa &* 10 &+ UInt64(byte - 0x30)
                    if sawDot { fractionDigits += 1 }
                } else {
                    exactMantissa = false
                    if !sawDot { fractionDigits -= 1 }
                }
            } else if byte == UInt8(ascii: "."), !sawDot {
                sawDot = true
            } else {
                break
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponentDigits = 0
            while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[index] - 0x30) }
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            if exponentNegative { exponent = -exponent }
        }
        guard index == end else { return nil }

        let scale = exponent - fractionDigits
        // Whole numbers that a Double holds exactly are integers, whichever way they were spelled.
        if exactMantissa, scale >= 0, scale <= 15, mantissa <= 1 << 53 {
            var value = mantissa
            var overflow = false
            for _ in 0..<scale {
                let (next, carried) = value.multipliedReportingOverflow(by: 10)
                value = next
                overflow = overflow || carried
            }
            if !overflow, value <= 1 << 53 {
                return .integer(negative ? -Int(value) : Int(value))
            }
        }
        // Clinger's fast path: both operands exact, so one correctly rounded operation gives the right Double.
        if exactMantissa, mantissa <= 1 << 53, scale >= -22, scale <= 22 {
            let magnitude = scale < 0 ? Double(mantissa) / powersOfTen[-scale] : Double(mantissa) * powersOfTen[scale]
            return number(negative ? -magnitude : magnitude)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return number(value)
    }

    private static func number(_ value: Double) -> CellValue {
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 {
            return .integer(Int(value))
        }
        return .number(value)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
