/// `xl/styles.xml`: which cell formats show dates. Only `numFmts` and `cellXfs` matter; the `numFmt` inside
/// differential formats and the `xf` of cell styles are not cell formats and are skipped.
struct StylesHandler: XMLPartHandler {
    private var customFormats: [Int: Bool] = [:]
    private(set) var dateFormats: [Bool] = []
    private var inNumberFormats = false
    private var inCellFormats = false

    mutating func handle(_ token: XMLScanner.Token, _ scanner: XMLScanner) throws(SpreadsheetError) {
        switch token {
        case .startTag:
            if scanner.nameIs("numFmts") {
                inNumberFormats = !scanner.isSelfClosing
            } else if scanner.nameIs("cellXfs") {
                inCellFormats = !scanner.isSelfClosing
            } else if inNumberFormats, scanner.nameIs("numFmt") {
                guard let id = scanner.attribute("numFmtId").flatMap({ Self.integer(scanner.slice($0.value)) }),
                      let code = scanner.attribute("formatCode") else { return }
                customFormats[id] = FormatCode.isDateFormat(try scanner.string(code))
            } else if inCellFormats, scanner.nameIs("xf") {
                let id = scanner.attribute("numFmtId").flatMap { Self.integer(scanner.slice($0.value)) } ?? 0
                dateFormats.append(customFormats[id] ?? FormatCode.isBuiltInDate(id))
            }
        case .endTag:
            if scanner.nameIs("numFmts") {
                inNumberFormats = false
            } else if scanner.nameIs("cellXfs") {
                inCellFormats = false
            }
        default:
            break
        }
    }

    /// A non-negative decimal integer of at most nine digits.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}
