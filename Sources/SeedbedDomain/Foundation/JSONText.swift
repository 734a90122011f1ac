/// JSON text (RFC 8259) written by hand, for the paths that write many small documents where `JSONEncoder`'s
/// boxing costs more than the content: the log lines, and a national credit rating's million explanations.
public enum JSONText {
    /// A string literal: quotes, backslashes and control characters escaped, everything else as it is.
    public static func appendString(_ text: String, to out: inout String) {
        out += "\""
        // Most text needs no escape at all: appended whole, not scalar by scalar.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// A number in Swift's shortest round-tripping form (`12.0`, `0.125`, `1e-05`, all valid JSON); `null` for
    /// a value JSON cannot hold (NaN, ±∞).
    public static func appendNumber(_ value: Double, to out: inout String) {
        out += value.isFinite ? value.description : "null"
    }

    /// `"key":` after a comma unless it is the object's first member.
    public static func appendKey(_ key: String, first: Bool = false, to out: inout String) {
        if !first { out += "," }
        appendString(key, to: &out)
        out += ":"
    }
}
