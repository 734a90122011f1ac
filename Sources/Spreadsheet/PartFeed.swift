/// Feeds the inflated bytes of one package part to an `XMLScanner` as it asks for them, keeping only the
/// token the last piece ended in the middle of.
final class PartFeed {
    private let stream: EntryStream
    private let window = ByteWindow()
    private let deadline: ReadDeadline
    private var isAtEnd = false

    init(entry: ZipEntry, reader: FileReader, part: String, deadline: ReadDeadline) throws(SpreadsheetError) {
        self.deadline = deadline
        stream = try EntryStream(entry: entry, reader: reader, part: part)
    }

    /// Moves the scanner's unfinished token to the front of the window and appends the next piece of the part
    /// (or marks the input final); false once the part is used up.
    func refill(_ scanner: inout XMLScanner) throws(SpreadsheetError) -> Bool {
        guard !isAtEnd else { return false }
        // Once per piece (at most 256 KiB of content): often enough to stop a slow read, rarely enough to cost
        // nothing.
        try deadline.check()
        if let piece = try stream.next() {
            window.replace(keepingFrom: scanner.tokenStart, appending: piece)
        } else {
            isAtEnd = true
            scanner.isFinal = true
            window.replace(keepingFrom: scanner.tokenStart, appending: UnsafeRawBufferPointer(start: nil, count: 0))
        }
        scanner.reset(bytes: window.bytes, position: 0)
        return true
    }
}

extension XMLScanner {
    /// The next start tag, end tag or text of the part, reading more of it as needed; nil at its end.
    mutating func nextToken(from feed: PartFeed) throws(SpreadsheetError) -> Token? {
        while true {
            let token = try next()
            switch token {
            case .needMore, .endOfInput:
                guard try feed.refill(&self) else { return nil }
            case .startTag, .endTag, .text:
                return token
            }
        }
    }
}
