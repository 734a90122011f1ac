/// How text is escaped into XML (SVG, spreadsheet parts) or an HTML attribute value: which characters become
/// references, and whether what XML 1.0 forbids is dropped. Works on UTF-8 bytes, because every cell of an export
/// and every label of a chart passes through it.
///
/// `&`, `<` and `>` always become `&amp;`, `&lt;` and `&gt;`; the rules say what else happens.
public struct XMLEscaping: Sendable, Hashable {
    /// `"` becomes `&quot;` (needed inside a double-quoted attribute).
    public var escapesQuote: Bool
    /// `'` becomes `&#39;`.
    public var escapesApostrophe: Bool
    /// Tab and line feed become `&#9;` and `&#10;`, which attribute-value normalisation would otherwise turn
    /// into spaces.
    public var escapesTabAndLineFeed: Bool
    /// Carriage return becomes `&#13;`, which parsers would otherwise fold into a line feed.
    public var escapesCarriageReturn: Bool
    /// C0 controls other than tab, line feed and carriage return, and U+FFFE and U+FFFF, are dropped: XML 1.0
    /// allows none of them, and one would make the whole document unparseable.
    public var dropsForbidden: Bool
    /// A literal `_x0041_` is written `_x005F_x0041_`, because Excel decodes that pattern in cell text.
    public var protectsExcelEscapes: Bool

    public init(escapesQuote: Bool = false, escapesApostrophe: Bool = false, escapesTabAndLineFeed: Bool = false,
                escapesCarriageReturn: Bool = false, dropsForbidden: Bool = false,
                protectsExcelEscapes: Bool = false) {
        self.escapesQuote = escapesQuote
        self.escapesApostrophe = escapesApostrophe
        self.escapesTabAndLineFeed = escapesTabAndLineFeed
        self.escapesCarriageReturn = escapesCarriageReturn
        self.dropsForbidden = dropsForbidden
        self.protectsExcelEscapes = protectsExcelEscapes
    }

    /// `& " < >` only, everything else as it is: enough for text and double-quoted attribute values of HTML and
    /// SVG that a browser reads.
    public static let minimal = XMLEscaping(escapesQuote: true)

    /// SVG text and attribute values alike: both quotes, tab, line feed and carriage return as references, and
    /// what XML forbids dropped.
    public static let svg = XMLEscaping(escapesQuote: true, escapesApostrophe: true, escapesTabAndLineFeed: true,
                                        escapesCarriageReturn: true, dropsForbidden: true)

    /// Text content of a SpreadsheetML part.
    public static let spreadsheetText = XMLEscaping(escapesCarriageReturn: true, dropsForbidden: true,
                                                    protectsExcelEscapes: true)

    /// A double-quoted attribute value of a SpreadsheetML part.
    public static let spreadsheetAttribute = XMLEscaping(escapesQuote: true, escapesTabAndLineFeed: true,
                                                         escapesCarriageReturn: true, dropsForbidden: true,
                                                         protectsExcelEscapes: true)

    /// `text`, escaped.
    public func escape(_ text: String) -> String {
        var text = text
        // Most text (names, numbers, Chinese labels) has nothing to escape and is returned as it is.
        guard text.withUTF8({ $0.contains { XMLEscaping.mayNeedAttention[Int($0)] } }) else { return text }
        var bytes: [UInt8] = []
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text`, escaped, to `output`.
    public func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            output.reserveCapacity(output.count + bytes.count)
            escape(bytes) { output.append(contentsOf: $0) }
        }
    }

    /// Escapes UTF-8 `bytes`, handing the result to `write` in pieces: runs of ordinary bytes in one go, each
    /// replacement on its own. Inlinable so that a writer's hot loop is specialised for its sink.
    @inlinable
    public func escape<Failure: Error>(_ bytes: UnsafeBufferPointer<UInt8>,
                                       into write: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Void)
        throws(Failure) {
        var runStart = 0
        var index = 0
        let total = bytes.count
        while index < total {
            let byte = bytes[index]
            guard XMLEscaping.mayNeedAttention[Int(byte)] else {
                index += 1
                continue
            }
            guard let (replacement, length) = replacement(for: byte, in: bytes, at: index) else {
                index += 1
                continue
            }
            if runStart < index { try write(UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            if replacement.utf8CodeUnitCount > 0 {
                try write(UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            }
            index += length
            runStart = index
        }
        if runStart < total { try write(UnsafeBufferPointer(rebasing: bytes[runStart..<total])) }
    }

    /// What replaces the byte at `index` under these rules, and how many bytes it replaces; nil to keep it.
    @inlinable
    func replacement(for byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, at index: Int)
        -> (StaticString, Int)? {
        switch byte {
        case UInt8(ascii: "&"): return ("&amp;", 1)
        case UInt8(ascii: "<"): return ("&lt;", 1)
        case UInt8(ascii: ">"): return ("&gt;", 1)
        case UInt8(ascii: "\""): return escapesQuote ? ("&quot;", 1) : nil
        case UInt8(ascii: "'"): return escapesApostrophe ? ("&#39;", 1) : nil
        case 0x09: return escapesTabAndLineFeed ? ("&#9;", 1) : nil
        case 0x0A: return escapesTabAndLineFeed ? ("&#10;", 1) : nil
        case 0x0D: return escapesCarriageReturn ? ("&#13;", 1) : nil
        case UInt8(ascii: "_"):
            return protectsExcelEscapes && XMLEscaping.isExcelEscape(bytes, at: index) ? ("_x005F_", 1) : nil
        case 0xEF:
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
            guard dropsForbidden, index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE
            else { return nil }
            return ("", 3)
        default:
            // The other C0 controls.
            return dropsForbidden && byte < 0x20 ? ("", 1) : nil
        }
    }

    /// `_x` + four hex digits + `_`, the pattern Excel reads as an escaped character.
    @inlinable
    static func isExcelEscape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"), bytes[index + 6] == UInt8(ascii: "_")
        else { return false }
        for offset in 2...5 {
            switch bytes[index + offset] {
            case 0x30...0x39, 0x41...0x46, 0x61...0x66: continue
            default: return false
            }
        }
        return true
    }

    /// Bytes that some rule may replace; everything else is copied through without a look at the rules.
    @usableFromInline
    static let mayNeedAttention: [Bool] = (0..<256).map { byte in
        byte < 0x20 || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
            || byte == 0x5F || byte == 0xEF
    }
}
