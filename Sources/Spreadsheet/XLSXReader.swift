import Foundation

/// Reads an .xlsx file row by row without loading it: each sheet is inflated and parsed as a stream, so memory
/// holds one row, one chunk and the shared-string table, however long the sheet.
///
/// Opening checks the file against `SpreadsheetLimits` (its size, its declared inflated size and compression
/// ratio, as a whole and part by part) and reads the workbook's sheet list, date system, cell formats and shared strings. Every problem a
/// hostile or broken upload can cause ends in a `SpreadsheetError` with a Chinese message.
///
/// ```swift
/// let reader = try XLSXReader(url: upload, limits: SpreadsheetLimits(maxRows: 10_001, maxColumns: 100))
/// var rows = try reader.rows(inSheetAt: 0, skippingBlankRows: true)
/// while let row = try rows.next() {
///     if row.number == 1 { header = row.values.map { $0.stringValue ?? "" }; continue }
///     let name = row[0].stringValue, revenue = row[3].doubleValue
/// }
/// ```
///
/// Reading holds every sheet to the same limits while it streams: values per sheet, cells materialised per byte
/// of sheet XML, the size of the shared strings, and a deadline counted from opening.
///
/// Rows arrive as the file is read, so an error found late in a sheet (a truncated file) arrives after the
/// rows before it: an importer should save nothing until the last row has been read.
public struct XLSXReader: Sendable {
    /// A worksheet of the workbook, in tab order.
    public struct Sheet: Sendable, Hashable {
        public let name: String
        /// Hidden or "very hidden" in Excel (such as a template's dropdown lists).
        public let isHidden: Bool
        let part: String
    }

    /// The worksheets, in tab order; chart sheets are left out.
    public let sheets: [Sheet]
    /// True for workbooks counting dates from 1904 (old Mac Excel); dates are converted either way.
    public let usesDate1904: Bool
    public let limits: SpreadsheetLimits

    private let url: URL
    private let directory: ZipDirectory
    private let sharedStrings: [String]
    private let dateFormats: [Bool]
    private let deadline: ReadDeadline

    /// Opens the file and reads everything but the sheets' rows.
    public init(url: URL, limits: SpreadsheetLimits = SpreadsheetLimits()) throws(SpreadsheetError) {
        self.url = url
        self.limits = limits
        let deadline = ReadDeadline(limits.maxDuration)
        self.deadline = deadline
        let (reader, directory) = try Self.openPackage(url: url, limits: limits)
        self.directory = directory

        let packageRelationships = try Self.relationships(of: "", directory: directory, reader: reader,
                                                          deadline: deadline)
        let workbookPart = packageRelationships.first { $0.type.hasSuffix("/officeDocument") }?.target
            ?? "xl/workbook.xml"
        guard let workbookEntry = directory.entry(named: workbookPart) else { throw .notXLSX }
        var workbook = WorkbookHandler()
        try XMLPartParser.parse(workbookEntry, part: workbookPart, reader: reader, deadline: deadline,
                                    handler: &workbook)
        usesDate1904 = workbook.usesDate1904

        let workbookRelationships = try Self.relationships(of: workbookPart, directory: directory, reader: reader,
                                                           deadline: deadline)
        var byID: [String: Relationship] = [:]
        for relationship in workbookRelationships { byID[relationship.id] = relationship }
        sheets = workbook.sheets.compactMap { entry in
            guard let relationship = byID[entry.relationshipID], relationship.type.hasSuffix("/worksheet") else {
                return nil
            }
            return Sheet(name: entry.name, isHidden: entry.state != "visible", part: relationship.target)
        }

        var styles = StylesHandler()
        if let part = workbookRelationships.first(where: { $0.type.hasSuffix("/styles") })?.target,
           let entry = directory.entry(named: part) {
            try XMLPartParser.parse(entry, part: part, reader: reader, deadline: deadline,
                                    handler: &styles)
        }
        dateFormats = styles.dateFormats

        var strings = SharedStringsHandler(limit: limits.maxSharedStrings, byteLimit: limits.maxSharedStringBytes)
        if let part = workbookRelationships.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target,
           let entry = directory.entry(named: part) {
            try XMLPartParser.parse(entry, part: part, reader: reader, deadline: deadline,
                                    handler: &strings)
        }
        sharedStrings = strings.strings
    }

    /// The sheet with this name (Excel compares sheet names without regard to case).
    public func sheet(named name: String) -> Sheet? {
        sheets.first { $0.name == name } ?? sheets.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The rows of the named sheet, read as they are asked for.
    public func rows(inSheet name: String, skippingBlankRows: Bool = false) throws(SpreadsheetError)
        -> SheetRowIterator {
        guard let sheet = sheet(named: name) else { throw .sheetNotFound(name) }
        return try rows(in: sheet, skippingBlankRows: skippingBlankRows)
    }

    /// The rows of the sheet at a 0-based tab position (hidden sheets count), read as they are asked for.
    public func rows(inSheetAt index: Int, skippingBlankRows: Bool = false) throws(SpreadsheetError)
        -> SheetRowIterator {
        guard sheets.indices.contains(index) else { throw .sheetNotFound("第 \(index + 1) 个") }
        return try rows(in: sheets[index], skippingBlankRows: skippingBlankRows)
    }

    /// The rows of `sheet`, read as they are asked for; with `skippingBlankRows`, rows without a value (empty
    /// cells that only carry a style, say) are passed over.
    public func rows(in sheet: Sheet, skippingBlankRows: Bool = false) throws(SpreadsheetError) -> SheetRowIterator {
        guard let entry = directory.entry(named: sheet.part) else {
            throw .corrupted(detail: "缺少工作表“\(sheet.name)”的内容")
        }
        let feed = try PartFeed(entry: entry, reader: try FileReader(url: url), part: sheet.part, deadline: deadline)
        // The default sixteen slots per byte of sheet XML is far more than any real sheet needs (a value every
        // hundred columns would be about three) and bounds the work a forged one can cause.
        let slotBudget = limits.cellSlotBudget(partBytes: entry.uncompressedSize)
        let handler = WorksheetHandler(sharedStrings: sharedStrings, dateFormats: dateFormats,
                                       usesDate1904: usesDate1904, limits: limits, slotBudget: slotBudget)
        return SheetRowIterator(feed: feed, part: sheet.part, handler: handler, skipsBlankRows: skippingBlankRows)
    }

    /// Calls `body` with every row of the named sheet, in order; set `stop` to end early.
    public func forEachRow(inSheet name: String, _ body: (SheetRow, inout Bool) throws -> Void) throws {
        try forEach(try rows(inSheet: name), body)
    }

    /// Calls `body` with every row of the sheet at a 0-based tab position (hidden sheets count).
    public func forEachRow(inSheetAt index: Int, _ body: (SheetRow, inout Bool) throws -> Void) throws {
        try forEach(try rows(inSheetAt: index), body)
    }

    /// Calls `body` with every row of `sheet`, in order; set `stop` to end early.
    public func forEachRow(in sheet: Sheet, _ body: (SheetRow, inout Bool) throws -> Void) throws {
        try forEach(try rows(in: sheet), body)
    }

    private func forEach(_ rows: consuming SheetRowIterator, _ body: (SheetRow, inout Bool) throws -> Void) throws {
        var stop = false
        while !stop, let row = try rows.next() {
            try body(row, &stop)
        }
    }

    // MARK: Opening

    /// Checks what the file's ZIP directory declares (the file's size, the inflated size and compression ratio
    /// of its parts, as a whole and one by one) without inflating anything: cheap enough for a request handler
    /// to refuse a zip bomb on the spot, before the upload is queued for reading.
    public static func checkPackage(url: URL, limits: SpreadsheetLimits = SpreadsheetLimits()) throws(SpreadsheetError) {
        _ = try openPackage(url: url, limits: limits)
    }

    private static func openPackage(url: URL,
                                    limits: SpreadsheetLimits) throws(SpreadsheetError) -> (FileReader, ZipDirectory) {
        let reader = try FileReader(url: url)
        guard reader.size <= limits.maxFileBytes else { throw .fileTooLarge(limitBytes: limits.maxFileBytes) }
        guard reader.size >= 4 else { throw .notXLSX }
        let magic = [UInt8](try reader.read(at: 0, count: Int(Swift.min(reader.size, 8))))
        if magic.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { throw .legacyOrEncrypted }
        guard magic.starts(with: [0x50, 0x4B]) else { throw .notXLSX }
        return (reader, try ZipDirectory(reader: reader, limits: limits))
    }

    private static func relationships(of part: String, directory: ZipDirectory, reader: FileReader,
                                      deadline: ReadDeadline) throws(SpreadsheetError) -> [Relationship] {
        let relationshipsPart = part.isEmpty ? "_rels/.rels" : RelationshipsHandler.relationshipsPart(of: part)
        guard let entry = directory.entry(named: relationshipsPart) else { return [] }
        var handler = RelationshipsHandler(sourcePart: part)
        try XMLPartParser.parse(entry, part: relationshipsPart, reader: reader, deadline: deadline,
                                    handler: &handler)
        return handler.relationships
    }
}
