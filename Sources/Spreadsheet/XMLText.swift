/// Escaping for the small parts built as strings (workbook, relationships, styles, comments).
enum XMLText {
    /// Text content: the same rules as `XMLStream.escaped`, for strings.
    static func text(_ value: String) -> String {
        escape(value, attribute: false)
    }

    /// An attribute value in double quotes.
    static func attribute(_ value: String) -> String {
        escape(value, attribute: true)
    }

    private static func escape(_ value: String, attribute: Bool) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        let scalars = Array(value.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where attribute: result += "&quot;"
            case "\r": result += "&#13;"
            case "\t" where attribute: result += "&#9;"
            case "\n" where attribute: result += "&#10;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            case "_" where isEscapePattern(scalars, at: index): result += "_x005F_"
            case "\u{FFFE}", "\u{FFFF}": continue
            default:
                if scalar.value < 0x20 { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isEscapePattern(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_" else { return false }
        return scalars[(index + 2)...(index + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }
}
