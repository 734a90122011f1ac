/// The rows of one sheet, read on demand: each `next()` inflates and parses only as much of the sheet as the
/// next row needs, so memory holds one row and one piece of XML however long the sheet is, and the caller
/// paces the reading (a loop in an async import job, say).
///
/// ```swift
/// var rows = try reader.rows(inSheetAt: 0, skippingBlankRows: true)
/// while let row = try rows.next() {
///     let name = row[0].stringValue, founded = row[5].dateValue
/// }
/// ```
///
/// A problem anywhere in the sheet (a truncated upload, a forged address) surfaces from the `next()` that
/// reaches it, after the rows before it; an importer that must be all-or-nothing validates every row before
/// saving any. After an error every later call throws the same error.
public struct SheetRowIterator: ~Copyable, @unchecked Sendable {
    // Unchecked: the feed and the scanner's window pointers belong to this iterator alone, and a non-copyable
    // value has exactly one owner, so nothing here is ever reached from two threads at once.
    private let feed: PartFeed
    private var scanner: XMLScanner
    private var handler: WorksheetHandler
    private let part: String
    private let skipsBlankRows: Bool
    private var failure: SpreadsheetError?
    private var isAtEnd = false

    init(feed: PartFeed, part: String, handler: WorksheetHandler, skipsBlankRows: Bool) {
        self.feed = feed
        self.part = part
        self.handler = handler
        self.skipsBlankRows = skipsBlankRows
        scanner = XMLScanner(part: part)
    }

    /// The next row in sheet order, or nil after the last one.
    public mutating func next() throws(SpreadsheetError) -> SheetRow? {
        if let failure { throw failure }
        guard !isAtEnd else { return nil }
        do {
            return try readRow()
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func readRow() throws(SpreadsheetError) -> SheetRow? {
        while true {
            if let row = handler.takeRow() {
                if skipsBlankRows, row.isBlank { continue }
                return row
            }
            guard let token = try scanner.nextToken(from: feed) else {
                isAtEnd = true
                guard handler.sawSheetDataEnd else { throw .malformedXML(part: part, detail: "缺少工作表数据") }
                return nil
            }
            try handler.handle(token, scanner)
        }
    }
}
