/// Receives the tokens of one part, in order.
protocol XMLPartHandler {
    mutating func handle(_ token: XMLScanner.Token, _ scanner: XMLScanner) throws(SpreadsheetError)
}

/// Streams one whole package part through the scanner into a handler (the workbook, its relationships,
/// styles and shared strings; sheets are read row by row through `SheetRowIterator`).
enum XMLPartParser {
    static func parse<Handler: XMLPartHandler>(_ entry: ZipEntry, part: String, reader: FileReader,
                                               deadline: ReadDeadline = .unlimited,
                                               handler: inout Handler) throws(SpreadsheetError) {
        let feed = try PartFeed(entry: entry, reader: reader, part: part, deadline: deadline)
        var scanner = XMLScanner(part: part)
        while let token = try scanner.nextToken(from: feed) {
            try handler.handle(token, scanner)
        }
    }
}
