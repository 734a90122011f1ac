import Foundation

/// Builds part XML into a fixed buffer and hands full buffers to a `CompressedPart`: the writer's hot path, so
/// it works on bytes and escapes text in one pass.
final class XMLStream {
    private static let capacity = 1 << 17
    private let buffer: UnsafeMutablePointer<UInt8>
    private var count = 0
    private let part: CompressedPart

    /// Excel's limit on the characters of one cell (UTF-16 code units).
    static let maxCellCharacters = 32_767

    init(part: CompressedPart) {
        self.part = part
        buffer = .allocate(capacity: Self.capacity)
    }

    deinit {
        buffer.deallocate()
    }

    func flush() throws(SpreadsheetError) {
        guard count > 0 else { return }
        try part.write(UnsafeRawBufferPointer(start: buffer, count: count))
        count = 0
    }

    @inline(__always)
    private func reserve(_ needed: Int) throws(SpreadsheetError) {
        if count + needed > Self.capacity { try flush() }
    }

    /// Markup known to need no escaping.
    func raw(_ text: StaticString) throws(SpreadsheetError) {
        let length = text.utf8CodeUnitCount
        try reserve(length)
        if length <= Self.capacity {
            (buffer + count).update(from: text.utf8Start, count: length)
            count += length
        } else {
            try flush()
            try part.write(UnsafeRawBufferPointer(start: text.utf8Start, count: length))
        }
    }

    func raw(_ bytes: UnsafeBufferPointer<UInt8>) throws(SpreadsheetError) {
        guard let base = bytes.baseAddress else { return }
        if bytes.count > Self.capacity {
            try flush()
            try part.write(UnsafeRawBufferPointer(bytes))
            return
        }
        try reserve(bytes.count)
        (buffer + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    func raw(_ bytes: [UInt8]) throws(SpreadsheetError) {
        try bytes.withUnsafeBufferPointer { bytes in Result { () throws(SpreadsheetError) in try raw(bytes) } }.get()
    }

    /// A string known to be markup-safe (numbers, names the writer made up).
    func raw(_ text: String) throws(SpreadsheetError) {
        var text = text
        try text.withUTF8 { bytes in Result { () throws(SpreadsheetError) in try raw(bytes) } }.get()
    }

    @inline(__always)
    func byte(_ value: UInt8) throws(SpreadsheetError) {
        try reserve(1)
        buffer[count] = value
        count += 1
    }

    func integer(_ value: Int) throws(SpreadsheetError) {
        try reserve(20)
        var magnitude = value.magnitude
        if value < 0 {
            buffer[count] = UInt8(ascii: "-")
            count += 1
        }
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var index = count + digits - 1
        repeat {
            buffer[index] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
            magnitude /= 10
            index -= 1
        } while magnitude > 0
        count += digits
    }

    func number(_ value: Double) throws(SpreadsheetError) {
        if value.rounded() == value, abs(value) < 1e15 {
            try integer(Int(value))
        } else {
            try raw(value.description)
        }
    }

    /// Text content or an attribute value, escaped for XML and for Excel:
    /// `& < >` (and `"` in attributes) become entities; C0 controls other than tab, line feed and carriage
    /// return are dropped, as are U+FFFE and U+FFFF (XML 1.0 allows none of them); a carriage return becomes
    /// `&#13;` so parsers do not fold it into a line feed; tab and line feed in attributes become references
    /// for the same reason; and a literal `_x0041_` is written `_x005F_x0041_`, because Excel decodes that
    /// pattern in cell text. Text longer than Excel's 32,767 characters is cut there when `limitLength`.
    func escaped(_ text: String, attribute: Bool = false, limitLength: Bool = false) throws(SpreadsheetError) {
        var text = text
        if limitLength, text.utf8.count > Self.maxCellCharacters {
            text = Self.truncated(text)
        }
        try text.withUTF8 { bytes in
            Result { () throws(SpreadsheetError) in try escaped(bytes, attribute: attribute) }
        }.get()
    }

    func escaped(_ bytes: UnsafeBufferPointer<UInt8>, attribute: Bool) throws(SpreadsheetError) {
        var runStart = 0
        var index = 0
        let total = bytes.count
        while index < total {
            let value = bytes[index]
            guard Self.needsAttention[Int(value)] else {
                index += 1
                continue
            }
            var replacement: StaticString?
            var skip = 1
            switch value {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""):
                if !attribute {
                    index += 1
                    continue
                }
                replacement = "&quot;"
            case 0x0D: replacement = "&#13;"
            case 0x09, 0x0A:
                if !attribute {
                    index += 1
                    continue
                }
                replacement = value == 0x09 ? "&#9;" : "&#10;"
            case UInt8(ascii: "_"):
                guard Self.isEscapePattern(bytes, at: index) else {
                    index += 1
                    continue
                }
                replacement = "_x005F_"
            case 0xEF:
                // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
                guard index + 2 < total, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE else {
                    index += 1
                    continue
                }
                replacement = ""
                skip = 3
            default:
                replacement = ""
            }
            try raw(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            if let replacement { try raw(replacement) }
            index += skip
            runStart = index
        }
        try raw(UnsafeBufferPointer(rebasing: bytes[runStart..<total]))
    }

    /// `_x` + four hex digits + `_`, the pattern Excel reads as an escaped character.
    private static func isEscapePattern(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"), bytes[index + 6] == UInt8(ascii: "_")
        else { return false }
        for offset in 2...5 where !isHexDigit(bytes[index + offset]) { return false }
        return true
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    /// Bytes that are not copied through as they are.
    private static let needsAttention: [Bool] = (0..<256).map { byte in
        byte < 0x20 || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x5F || byte == 0xEF
    }

    /// The first 32,767 UTF-16 code units, never splitting a surrogate pair.
    static func truncated(_ text: String) -> String {
        var units = 0
        var end = text.unicodeScalars.startIndex
        for index in text.unicodeScalars.indices {
            let width = text.unicodeScalars[index].value > 0xFFFF ? 2 : 1
            if units + width > maxCellCharacters { break }
            units += width
            end = text.unicodeScalars.index(after: index)
        }
        return String(text.unicodeScalars[..<end])
    }

    /// Whether text needs `xml:space="preserve"`: leading or trailing white space that a reader may trim.
    static func hasEdgeWhitespace(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        return isWhitespace(first) || isWhitespace(last)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
