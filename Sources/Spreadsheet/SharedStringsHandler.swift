/// `xl/sharedStrings.xml`: every `<si>`, its plain `<t>` or the `<t>` of its rich-text runs concatenated,
/// leaving out phonetic guides (`<rPh>`), which are not part of the text.
struct SharedStringsHandler: XMLPartHandler {
    let limit: Int
    let byteLimit: Int64
    private var bytes: Int64 = 0
    private(set) var strings: [String] = []
    private var buffer: [UInt8] = []
    private var inItem = false
    private var inPhonetic = false
    private var capturing = false

    init(limit: Int, byteLimit: Int64) {
        self.limit = limit
        self.byteLimit = byteLimit
    }

    mutating func handle(_ token: XMLScanner.Token, _ scanner: XMLScanner) throws(SpreadsheetError) {
        switch token {
        case .startTag:
            if scanner.nameIs("si") {
                buffer.removeAll(keepingCapacity: true)
                inPhonetic = false
                capturing = false
                if scanner.isSelfClosing {
                    try append()
                } else {
                    inItem = true
                }
            } else if inItem, scanner.nameIs("rPh") {
                inPhonetic = !scanner.isSelfClosing
            } else if inItem, !inPhonetic, scanner.nameIs("t") {
                capturing = !scanner.isSelfClosing
            }
        case .endTag:
            if scanner.nameIs("t") {
                capturing = false
            } else if scanner.nameIs("rPh") {
                inPhonetic = false
            } else if scanner.nameIs("si"), inItem {
                inItem = false
                try append()
            }
        case .text:
            if capturing { try scanner.appendText(to: &buffer, limit: WorksheetHandler.maxCellBytes) }
        default:
            break
        }
    }

    private mutating func append() throws(SpreadsheetError) {
        guard strings.count < limit else { throw SpreadsheetError.tooManyItems(what: "共享字符串", limit: limit) }
        OOXMLEscape.unescape(&buffer)
        // Each string is at most a megabyte (`WorksheetHandler.maxCellBytes`) and the sum stops at the limit.
        bytes += Int64(buffer.count)
        guard bytes <= byteLimit else { throw SpreadsheetError.sharedStringsTooLarge(limitBytes: byteLimit) }
        strings.append(String(decoding: buffer, as: UTF8.self))
    }
}
