/// Recognising date formats, which is how a workbook says that a number is a date.
enum FormatCode {
    /// Built-in formats that show dates or times: 14–22 and 45–47 everywhere, plus 27–36 and 50–58, which the
    /// Chinese (and Japanese, Korean) editions of Excel and WPS define as `yyyy"年"m"月"d"日"` and the like.
    static func isBuiltInDate(_ id: Int) -> Bool {
        (14...22).contains(id) || (45...47).contains(id) || (27...36).contains(id) || (50...58).contains(id)
    }

    /// True when the code has a date or time token (`y m d h s`, `AM/PM`, or an elapsed-time `[h]`) outside
    /// quoted text, escapes, fill and padding characters, and bracketed colours, conditions and locales.
    static func isDateFormat(_ code: String) -> Bool {
        var scalars = code.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "\"":
                while let inner = scalars.next(), inner != "\"" {}
            case "\\", "_", "*":
                _ = scalars.next()
            case "[":
                var content = ""
                while let inner = scalars.next(), inner != "]" { content.unicodeScalars.append(inner) }
                let lowered = content.lowercased()
                if !lowered.isEmpty, lowered.allSatisfy({ $0 == "h" || $0 == "m" || $0 == "s" }) { return true }
            case "y", "Y", "m", "M", "d", "D", "h", "H", "s", "S":
                return true
            default:
                continue
            }
        }
        return false
    }
}
