/// XML escaping for text and attribute values, working on UTF-8 bytes because every label and title of every
/// chart passes through it.
enum XMLText {
    /// Escapes the five XML specials and drops what XML 1.0 forbids (C0 controls other than tab, newline and
    /// carriage return, and U+FFFE/U+FFFF), which would otherwise make the whole SVG unparseable. Tab, newline and
    /// carriage return become character references so attribute values keep them.
    static func escape(_ text: String) -> String {
        var bytes: [UInt8] = []
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text`, escaped, to `output`; runs of ordinary bytes are copied in one go.
    static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                var replacement: String?
                var skip = 1
                switch byte {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22: replacement = "&quot;"
                case 0x27: replacement = "&#39;"
                case 0x09: replacement = "&#9;"
                case 0x0A: replacement = "&#10;"
                case 0x0D: replacement = "&#13;"
                case 0x00..<0x20: replacement = ""
                case 0xEF:
                    // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
                    if index + 2 < bytes.count, bytes[index + 1] == 0xBF,
                       bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF {
                        replacement = ""
                        skip = 3
                    }
                default:
                    break
                }
                if let replacement {
                    output.append(contentsOf: bytes[runStart..<index])
                    output.append(contentsOf: replacement.utf8)
                    index += skip
                    runStart = index
                } else {
                    index += 1
                }
            }
            output.append(contentsOf: bytes[runStart..<bytes.count])
        }
    }
}
