import Foundation
import TextFormatting

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
        try raw(DecimalText.shortest(value))
    }

    /// Text content or an attribute value, escaped for XML and for Excel by `XMLEscaping.spreadsheetText` or
    /// `.spreadsheetAttribute`. Text longer than Excel's 32,767 characters is cut there when `limitLength`.
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
        let rules = attribute ? XMLEscaping.spreadsheetAttribute : XMLEscaping.spreadsheetText
        try rules.escape(bytes) { (piece) throws(SpreadsheetError) in try raw(piece) }
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
