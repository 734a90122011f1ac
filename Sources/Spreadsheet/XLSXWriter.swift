import Foundation
import TextFormatting

/// Writes an .xlsx file sheet by sheet and row by row, with memory that stays flat whatever the row count.
///
/// Each row becomes sheet XML at once, is deflated as it goes into a spool file, and the package is assembled
/// at `finish()`. Only what a workbook needs at its end is kept: styles, dropdown lists, comments and (when
/// asked for) the shared-string table.
///
/// ```swift
/// var writer = try XLSXWriter(url: file)
/// try writer.addSheet(SheetDefinition(name: "企业名单", columns: [
///     SheetColumn("企业名称", isRequired: true), SheetColumn("营业收入（万元）", numberFormat: .decimal2),
/// ]))
/// for enterprise in enterprises { try writer.writeRow([.text(enterprise.name), .number(enterprise.revenue)]) }
/// try writer.finish()
/// ```
///
/// Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is always marked as text Excel must not
/// evaluate (the quote-prefix format), so exported data cannot smuggle in a formula. A writer abandoned before
/// `finish()` removes its spool files and leaves nothing at `url`.
public struct XLSXWriter: ~Copyable, Sendable {
    /// How the writer stores what it writes.
    public struct Options: Sendable, Hashable {
        /// Text in a shared-string table instead of inline in each cell. Smaller files when values repeat, but
        /// the table grows with every distinct string: keep it off for large exports.
        public var usesSharedStrings: Bool
        /// Where the compressed sheets wait until `finish()`.
        public var temporaryDirectory: URL

        public init(usesSharedStrings: Bool = false,
                    temporaryDirectory: URL = FileManager.default.temporaryDirectory) {
            self.usesSharedStrings = usesSharedStrings
            self.temporaryDirectory = temporaryDirectory
        }
    }

    private let core: WriterCore

    /// Prepares a workbook to be written to `url` (replaced if it exists, at `finish()`).
    public init(url: URL, options: Options = Options()) throws(SpreadsheetError) {
        core = try WriterCore(url: url, options: options)
    }

    deinit {
        core.abandon()
    }

    /// Ends the current sheet, if any, and starts a new one, writing its header row.
    public mutating func addSheet(_ definition: SheetDefinition) throws(SpreadsheetError) {
        try core.addSheet(definition)
    }

    /// Appends a row of values to the current sheet; index 0 goes to column A.
    public mutating func writeRow(_ values: [CellValue]) throws(SpreadsheetError) {
        try core.writeRow(values)
    }

    /// Appends a row of cells with their own styles or comments (an error report's highlighted cells).
    public mutating func writeRow(cells: [SheetCell]) throws(SpreadsheetError) {
        try core.writeRow(cells: cells)
    }

    /// The 1-based number of the last row written to the current sheet (the header is row 1), 0 before any.
    public var currentRow: Int { core.currentRow }

    /// Ends the last sheet and writes the workbook to the URL given at creation.
    public consuming func finish() throws(SpreadsheetError) {
        try core.finish()
    }
}

/// The writer's state. Owned by exactly one non-copyable `XLSXWriter`, so it is never shared between threads.
private final class WriterCore: @unchecked Sendable {
    private struct SheetRecord {
        var name: String
        var isHidden: Bool
        var part: CompressedPart
        var extraParts: [CompressedPart]
        var filterRange: String?
    }

    private struct ColumnStyles {
        var text: Int
        var quotedText: Int
        var number: Int
        var date: Int
        var dateTime: Int
    }

    private struct PendingComment {
        var row: Int
        var column: Int
        var text: String
    }

    private final class OpenSheet {
        let definition: SheetDefinition
        let part: CompressedPart
        let xml: XMLStream
        var row = 0
        var widestColumn: Int
        var columnStyles: [ColumnStyles?] = []
        var comments: [PendingComment] = []
        var validations: [(column: Int, formula: String)] = []

        init(definition: SheetDefinition, part: CompressedPart) {
            self.definition = definition
            self.part = part
            self.xml = XMLStream(part: part)
            self.widestColumn = definition.columns.count
        }
    }

    private let url: URL
    private let options: XLSXWriter.Options
    private let spoolDirectory: URL
    private var sheets: [SheetRecord] = []
    private var current: OpenSheet?
    private var styles = StyleRegistry()
    private var lists = DropdownLists()
    private var sharedStrings: [String] = []
    private var sharedStringIndexes: [String: Int] = [:]
    private var columnLetters: [[UInt8]] = []
    private var rowDigits: [UInt8] = []
    private var finished = false
    private var commentBlocksUsed = 0

    init(url: URL, options: XLSXWriter.Options) throws(SpreadsheetError) {
        self.url = url
        self.options = options
        spoolDirectory = options.temporaryDirectory.appendingPathComponent("xlsx-" + UUID().uuidString)
        do {
            try FileManager.default.createDirectory(at: spoolDirectory, withIntermediateDirectories: true)
        } catch {
            throw .io("无法创建临时目录：\(error.localizedDescription)")
        }
    }

    var currentRow: Int { current?.row ?? 0 }

    func abandon() {
        guard !finished else { return }
        finished = true
        try? FileManager.default.removeItem(at: spoolDirectory)
    }

    // MARK: Sheets

    func addSheet(_ definition: SheetDefinition) throws(SpreadsheetError) {
        guard !finished else { throw .writerMisuse("文件已经生成，不能再添加工作表") }
        try closeSheet()
        try validateName(definition.name)
        let index = sheets.count + 1
        let part = try CompressedPart(name: "xl/worksheets/sheet\(index).xml",
                                      spoolURL: spoolDirectory.appendingPathComponent("sheet\(index).xml.deflate"))
        let sheet = OpenSheet(definition: definition, part: part)
        current = sheet
        sheets.append(SheetRecord(name: definition.name, isHidden: false, part: part, extraParts: []))
        try registerDropdowns(sheet)
        try writeSheetHead(sheet, selected: index == 1)
        if definition.writesHeader { try writeHeader(sheet) }
    }

    private func validateName(_ name: String) throws(SpreadsheetError) {
        let forbidden: Set<Character> = [":", "\\", "/", "?", "*", "[", "]"]
        let lowered = name.lowercased()
        guard !name.isEmpty, name.utf16.count <= 31, !name.contains(where: { forbidden.contains($0) }),
              !name.hasPrefix("'"), !name.hasSuffix("'"), lowered != "history",
              lowered != DropdownLists.sheetName.lowercased(),
              !sheets.contains(where: { $0.name.lowercased() == lowered }),
              !name.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw .invalidSheetName(name)
        }
    }

    private func registerDropdowns(_ sheet: OpenSheet) throws(SpreadsheetError) {
        let definition = sheet.definition
        let firstRow = definition.writesHeader ? 2 : 1
        for (column, spec) in definition.columns.enumerated() {
            if let items = spec.dropdown, let formula = try lists.formula(forList: items) {
                sheet.validations.append((column, formula))
            }
        }
        for cascade in definition.cascades {
            let formulas = try lists.formulas(for: cascade, firstRow: firstRow)
            for (column, formula) in zip(cascade.columns, formulas) {
                if let formula { sheet.validations.append((column, formula)) }
            }
        }
    }

    private func writeSheetHead(_ sheet: OpenSheet, selected: Bool) throws(SpreadsheetError) {
        let xml = sheet.xml
        let definition = sheet.definition
        try xml.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n")
        try xml.raw(#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#)
        try xml.raw(#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#)
        try xml.raw("<sheetViews><sheetView workbookViewId=\"0\"")
        if selected { try xml.raw(" tabSelected=\"1\"") }
        if definition.writesHeader && definition.freezesHeader {
            try xml.raw("><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>")
            try xml.raw("<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>")
        } else {
            try xml.raw("/></sheetViews>")
        }
        try xml.raw("<sheetFormatPr defaultRowHeight=\"15\"/>")
        if !definition.columns.isEmpty {
            try xml.raw("<cols>")
            for (index, column) in definition.columns.enumerated() {
                try xml.raw("<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"")
                try xml.number(column.effectiveWidth)
                try xml.raw("\" customWidth=\"1\"/>")
            }
            try xml.raw("</cols>")
        }
        try xml.raw("<sheetData>")
    }

    private func writeHeader(_ sheet: OpenSheet) throws(SpreadsheetError) {
        let definition = sheet.definition
        let xml = sheet.xml
        sheet.row = 1
        setRowDigits(1)
        try xml.raw("<row r=\"1\">")
        var plain = ResolvedStyle(definition.headerStyle)
        let plainStyle = styles.index(of: plain)
        plain.quotePrefix = true
        let quotedStyle = styles.index(of: plain)
        for (index, column) in definition.columns.enumerated() {
            try openCell(xml, column: index)
            if column.isRequired {
                try xml.raw("\" s=\"\(plainStyle)\" t=\"inlineStr\"><is>")
                try richRun(xml, text: "*", bold: definition.headerStyle.bold, color: .red)
                try richRun(xml, text: column.header, bold: definition.headerStyle.bold,
                            color: definition.headerStyle.fontColor)
                try xml.raw("</is></c>")
            } else if !column.header.isEmpty {
                let style = Self.startsLikeFormula(column.header) ? quotedStyle : plainStyle
                try xml.raw("\" s=\"\(style)\" t=\"inlineStr\"><is>")
                try textElement(xml, column.header)
                try xml.raw("</is></c>")
            } else {
                try xml.raw("\" s=\"\(plainStyle)\"/>")
            }
            if let comment = column.comment, !comment.isEmpty {
                sheet.comments.append(PendingComment(row: 1, column: index, text: comment))
            }
        }
        try xml.raw("</row>")
    }

    private func richRun(_ xml: XMLStream, text: String, bold: Bool, color: CellColor?) throws(SpreadsheetError) {
        try xml.raw("<r><rPr>")
        if bold { try xml.raw("<b/>") }
        try xml.raw("<sz val=\"11\"/>")
        if let color { try xml.raw("<color rgb=\"\(color.argb)\"/>") }
        try xml.raw("<rFont val=\"\(StyleRegistry.fontName)\"/><family val=\"2\"/><charset val=\"134\"/></rPr>")
        try textElement(xml, text)
        try xml.raw("</r>")
    }

    private func textElement(_ xml: XMLStream, _ text: String) throws(SpreadsheetError) {
        try xml.raw(XMLStream.hasEdgeWhitespace(text) ? "<t xml:space=\"preserve\">" : "<t>")
        try xml.escaped(text, limitLength: true)
        try xml.raw("</t>")
    }

    // MARK: Rows

    func writeRow(_ values: [CellValue]) throws(SpreadsheetError) {
        let (sheet, xml) = try startRow()
        for (column, value) in values.enumerated() {
            try writeCell(sheet, xml, column: column, value: value, style: nil)
        }
        try xml.raw("</row>")
    }

    func writeRow(cells: [SheetCell]) throws(SpreadsheetError) {
        let (sheet, xml) = try startRow()
        for (column, cell) in cells.enumerated() {
            let style = cell.style.map { explicit in
                styles.index(of: ResolvedStyle(explicit, columnFormat: Self.columnFormat(sheet, column)))
            }
            try writeCell(sheet, xml, column: column, value: cell.value, style: style)
            if let comment = cell.comment, !comment.isEmpty {
                sheet.comments.append(PendingComment(row: sheet.row, column: column, text: comment))
            }
        }
        try xml.raw("</row>")
    }

    private func startRow() throws(SpreadsheetError) -> (OpenSheet, XMLStream) {
        guard !finished, let sheet = current else { throw .writerMisuse("写入数据行之前需要先添加工作表") }
        guard sheet.row < SpreadsheetLimits.excelMaxRows else {
            throw .tooManyRows(limit: SpreadsheetLimits.excelMaxRows)
        }
        sheet.row += 1
        setRowDigits(sheet.row)
        try sheet.xml.raw("<row r=\"")
        try sheet.xml.raw(rowDigits)
        try sheet.xml.raw("\">")
        return (sheet, sheet.xml)
    }

    private func setRowDigits(_ row: Int) {
        rowDigits.removeAll(keepingCapacity: true)
        rowDigits.append(contentsOf: String(row).utf8)
    }

    /// Writes `<c r="B7` and leaves the tag open for attributes.
    @inline(__always)
    private func openCell(_ xml: XMLStream, column: Int) throws(SpreadsheetError) {
        while columnLetters.count <= column { columnLetters.append(CellReference.columnLetters(columnLetters.count)) }
        try xml.raw("<c r=\"")
        try xml.raw(columnLetters[column])
        try xml.raw(rowDigits)
    }

    private func writeCell(_ sheet: OpenSheet, _ xml: XMLStream, column: Int, value: CellValue,
                           style explicitStyle: Int?) throws(SpreadsheetError) {
        guard column < SpreadsheetLimits.excelMaxColumns else {
            throw .tooManyColumns(limit: SpreadsheetLimits.excelMaxColumns)
        }
        if column >= sheet.widestColumn { sheet.widestColumn = column + 1 }
        switch value {
        case .empty:
            try writeEmpty(xml, column: column, style: explicitStyle)
        case .text(let text):
            guard !text.isEmpty else {
                try writeEmpty(xml, column: column, style: explicitStyle)
                return
            }
            var style = explicitStyle ?? columnStyles(sheet, column).text
            if Self.startsLikeFormula(text) {
                style = explicitStyle.map { quoted($0) } ?? columnStyles(sheet, column).quotedText
            }
            try openCell(xml, column: column)
            try styleAttribute(xml, style)
            if options.usesSharedStrings {
                try xml.raw("\" t=\"s\"><v>")
                try xml.integer(sharedStringIndex(text))
                try xml.raw("</v></c>")
            } else {
                try xml.raw("\" t=\"inlineStr\"><is>")
                try textElement(xml, text)
                try xml.raw("</is></c>")
            }
        case .integer(let number):
            try openCell(xml, column: column)
            try styleAttribute(xml, explicitStyle ?? columnStyles(sheet, column).number)
            try xml.raw("\"><v>")
            try xml.integer(number)
            try xml.raw("</v></c>")
        case .number(let number):
            guard number.isFinite else {
                try writeEmpty(xml, column: column, style: explicitStyle)
                return
            }
            try openCell(xml, column: column)
            try styleAttribute(xml, explicitStyle ?? columnStyles(sheet, column).number)
            try xml.raw("\"><v>")
            try xml.number(number)
            try xml.raw("</v></c>")
        case .bool(let flag):
            try openCell(xml, column: column)
            try styleAttribute(xml, explicitStyle ?? 0)
            try xml.raw(flag ? "\" t=\"b\"><v>1</v></c>" : "\" t=\"b\"><v>0</v></c>")
        case .date(let date):
            guard let serial = date.serial1900 else {
                try writeCell(sheet, xml, column: column, value: .text(date.description), style: explicitStyle)
                return
            }
            let defaults = columnStyles(sheet, column)
            let style = explicitStyle.map { dated($0, hasTime: date.hasTime) }
                ?? (date.hasTime ? defaults.dateTime : defaults.date)
            try openCell(xml, column: column)
            try styleAttribute(xml, style)
            try xml.raw("\"><v>")
            try xml.number(serial)
            try xml.raw("</v></c>")
        case .error(let code):
            guard Self.errorCodes.contains(code) else {
                try writeCell(sheet, xml, column: column, value: .text(code), style: explicitStyle)
                return
            }
            try openCell(xml, column: column)
            try styleAttribute(xml, explicitStyle ?? 0)
            try xml.raw("\" t=\"e\"><v>")
            try xml.escaped(code)
            try xml.raw("</v></c>")
        }
    }

    private func writeEmpty(_ xml: XMLStream, column: Int, style: Int?) throws(SpreadsheetError) {
        guard let style else { return }
        try openCell(xml, column: column)
        try styleAttribute(xml, style)
        try xml.raw("\"/>")
    }

    /// Closes the `r` attribute and adds ` s="…"` unless the style is the default.
    @inline(__always)
    private func styleAttribute(_ xml: XMLStream, _ style: Int) throws(SpreadsheetError) {
        if style != 0 {
            try xml.raw("\" s=\"")
            try xml.integer(style)
        }
    }

    private static let errorCodes: Set<String> = [
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    ]

    /// Text a spreadsheet would take for the start of a formula (or, with tab and CR, a field separator used
    /// to smuggle one into CSV-minded tools).
    static func startsLikeFormula(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return false }
        return first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
            || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D
    }

    private static func columnFormat(_ sheet: OpenSheet, _ column: Int) -> NumberFormat? {
        column < sheet.definition.columns.count ? sheet.definition.columns[column].numberFormat : nil
    }

    private func columnStyles(_ sheet: OpenSheet, _ column: Int) -> ColumnStyles {
        if column < sheet.columnStyles.count, let known = sheet.columnStyles[column] { return known }
        let format = Self.columnFormat(sheet, column)
        var text = ResolvedStyle(columnFormat: format?.code == NumberFormat.text.code ? format : nil)
        let textID = styles.index(of: text)
        text.quotePrefix = true
        let quotedID = styles.index(of: text)
        let numberID = styles.index(of: ResolvedStyle(columnFormat: format))
        let dateFormat = format.flatMap { $0.isDate ? $0 : nil }
        let dateID = styles.index(of: ResolvedStyle(columnFormat: dateFormat ?? .date))
        let dateTimeID = styles.index(of: ResolvedStyle(columnFormat: dateFormat ?? .dateTime))
        let resolved = ColumnStyles(text: textID, quotedText: quotedID, number: numberID, date: dateID,
                                    dateTime: dateTimeID)
        while sheet.columnStyles.count <= column { sheet.columnStyles.append(nil) }
        sheet.columnStyles[column] = resolved
        return resolved
    }

    private func quoted(_ style: Int) -> Int {
        styles.index(of: styles.format(at: style).with { $0.quotePrefix = true })
    }

    /// An explicit style on a date keeps its fill and font but must show a date.
    private func dated(_ style: Int, hasTime: Bool) -> Int {
        let format = styles.format(at: style)
        if format.numberFormat?.isDate == true { return style }
        return styles.index(of: format.with { $0.numberFormat = hasTime ? .dateTime : .date })
    }

    private func sharedStringIndex(_ text: String) -> Int {
        if let index = sharedStringIndexes[text] { return index }
        sharedStrings.append(text)
        sharedStringIndexes[text] = sharedStrings.count - 1
        return sharedStrings.count - 1
    }

    // MARK: Ending a sheet

    private func closeSheet() throws(SpreadsheetError) {
        guard let sheet = current else { return }
        current = nil
        let xml = sheet.xml
        let definition = sheet.definition
        let sheetNumber = sheets.count
        try xml.raw("</sheetData>")
        var filterRange: String?
        if definition.hasAutoFilter, definition.writesHeader, sheet.widestColumn > 0 {
            let reference = "A1:" + CellReference.address(column: sheet.widestColumn - 1, row: Swift.max(sheet.row, 1))
            try xml.raw("<autoFilter ref=\"\(reference)\"/>")
            filterRange = CellReference.absoluteRange(sheet: definition.name, fromColumn: 0, fromRow: 1,
                                                      toColumn: sheet.widestColumn - 1, toRow: Swift.max(sheet.row, 1))
        }
        if !sheet.validations.isEmpty {
            let firstRow = definition.writesHeader ? 2 : 1
            let lastRow = Swift.min(Swift.max(definition.dropdownLastRow, firstRow), SpreadsheetLimits.excelMaxRows)
            try xml.raw("<dataValidations count=\"\(sheet.validations.count)\">")
            for (column, formula) in sheet.validations {
                let letters = CellReference.columnName(column)
                try xml.raw("<dataValidation type=\"list\" allowBlank=\"1\" showErrorMessage=\"1\" ")
                try xml.raw("errorTitle=\"输入有误\" error=\"请从下拉列表中选择\" ")
                try xml.raw("sqref=\"\(letters)\(firstRow):\(letters)\(lastRow)\"><formula1>")
                try xml.escaped(formula)
                try xml.raw("</formula1></dataValidation>")
            }
            try xml.raw("</dataValidations>")
        }
        try xml.raw(#"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#)
        if !sheet.comments.isEmpty { try xml.raw("<legacyDrawing r:id=\"rId2\"/>") }
        try xml.raw("</worksheet>")
        try xml.flush()
        try sheet.part.finish()

        var extraParts: [CompressedPart] = []
        if !sheet.comments.isEmpty {
            extraParts = try commentParts(sheet.comments, sheetNumber: sheetNumber)
        }
        sheets[sheetNumber - 1].extraParts = extraParts
        sheets[sheetNumber - 1].filterRange = filterRange
    }

    /// The comments part, the VML drawing Excel needs to show them, and the sheet's relationships to both.
    private func commentParts(_ comments: [PendingComment], sheetNumber: Int) throws(SpreadsheetError)
        -> [CompressedPart] {
        let relationships = CompressedPart(name: "xl/worksheets/_rels/sheet\(sheetNumber).xml.rels")
        try relationships.write(PackageXML.relationships([
            ("rId1", PackageXML.commentsType, "../comments\(sheetNumber).xml"),
            ("rId2", PackageXML.vmlType, "../drawings/vmlDrawing\(sheetNumber).vml"),
        ]))
        try relationships.finish()

        let commentsPart = CompressedPart(name: "xl/comments\(sheetNumber).xml")
        let commentsXML = XMLStream(part: commentsPart)
        try commentsXML.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n")
        try commentsXML.raw(#"<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#)
        try commentsXML.raw("<authors><author>系统</author></authors><commentList>")
        for comment in comments {
            try commentsXML.raw("<comment ref=\"" + CellReference.address(column: comment.column, row: comment.row))
            try commentsXML.raw("\" authorId=\"0\"><text><r><rPr><sz val=\"9\"/>")
            try commentsXML.raw("<rFont val=\"\(StyleRegistry.fontName)\"/><charset val=\"134\"/></rPr>")
            try textElement(commentsXML, comment.text)
            try commentsXML.raw("</r></text></comment>")
        }
        try commentsXML.raw("</commentList></comments>")
        try commentsXML.flush()
        try commentsPart.finish()

        // Shape ids come in blocks of 1,024 per drawing; give each sheet blocks of its own.
        let blocks = (comments.count + 1023) / 1024
        let firstBlock = commentBlocksUsed + 1
        commentBlocksUsed += blocks
        let vmlPart = CompressedPart(name: "xl/drawings/vmlDrawing\(sheetNumber).vml")
        let vml = XMLStream(part: vmlPart)
        try vml.raw(#"<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" "#)
        try vml.raw(#"xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap "#)
        let blockList = (firstBlock..<(firstBlock + blocks)).map(String.init).joined(separator: ",")
        try vml.raw("v:ext=\"edit\" data=\"" + blockList)
        try vml.raw(#""/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" "#)
        try vml.raw(#"path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" "#)
        try vml.raw(#"o:connecttype="rect"/></v:shapetype>"#)
        for (index, comment) in comments.enumerated() {
            let shapeID = firstBlock * 1024 + index + 1
            let rows = Self.commentRows(comment.text)
            let top = Swift.max(comment.row - 2, 0)
            try vml.raw("<v:shape id=\"_x0000_s\(shapeID)\" type=\"#_x0000_t202\" ")
            try vml.raw("style=\"position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:144pt;")
            try vml.raw("height:\(rows * 15)pt;")
            try vml.raw(##"z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">"##)
            try vml.raw(##"<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>"##)
            try vml.raw(#"<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">"#)
            try vml.raw(#"<div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note">"#)
            try vml.raw("<x:MoveWithCells/><x:SizeWithCells/><x:Anchor>")
            try vml.raw("\(comment.column + 1), 15, \(top), 10, \(comment.column + 4), 15, \(top + rows), 4")
            try vml.raw("</x:Anchor><x:AutoFill>False</x:AutoFill>")
            try vml.raw("<x:Row>\(comment.row - 1)</x:Row><x:Column>\(comment.column)</x:Column>")
            try vml.raw("</x:ClientData></v:shape>")
        }
        try vml.raw("</xml>")
        try vml.flush()
        try vmlPart.finish()
        return [relationships, commentsPart, vmlPart]
    }

    /// How many rows of 15 points a comment box needs to show `text` in 9-point type, three columns wide
    /// (about 32 half-width characters a line, a CJK character counting two): at least 4, at most 30.
    static func commentRows(_ text: String) -> Int {
        var lines = 0
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var units = 0
            for scalar in paragraph.unicodeScalars { units += scalar.value > 0x2E7F ? 2 : 1 }
            lines += Swift.max((units + 31) / 32, 1)
        }
        return Swift.min(Swift.max((lines * 12 + 19) / 20 + 1, 4), 30)
    }

    // MARK: Finishing the workbook

    func finish() throws(SpreadsheetError) {
        guard !finished else { throw .writerMisuse("文件已经生成") }
        defer { abandon() }
        try closeSheet()
        guard !sheets.isEmpty else { throw .writerMisuse("工作簿至少需要一个工作表") }
        if !lists.isEmpty { try writeListSheet() }

        var parts: [CompressedPart] = []
        let hasSharedStrings = options.usesSharedStrings && !sharedStrings.isEmpty
        let hasComments = sheets.contains { !$0.extraParts.isEmpty }
        parts.append(try PackageXML.part("[Content_Types].xml", PackageXML.contentTypes(
            sheetCount: sheets.count, commentSheets: sheets.indices.filter { !sheets[$0].extraParts.isEmpty }
                .map { $0 + 1 },
            hasSharedStrings: hasSharedStrings, hasVML: hasComments)))
        parts.append(try PackageXML.part("_rels/.rels", PackageXML.relationships([
            ("rId1", PackageXML.officeDocumentType, "xl/workbook.xml"),
        ])))
        parts.append(try PackageXML.part("xl/workbook.xml", workbookXML()))
        var workbookRelationships = sheets.indices.map { index in
            ("rId\(index + 1)", PackageXML.worksheetType, "worksheets/sheet\(index + 1).xml")
        }
        workbookRelationships.append(("rId\(sheets.count + 1)", PackageXML.stylesType, "styles.xml"))
        if hasSharedStrings {
            workbookRelationships.append(("rId\(sheets.count + 2)", PackageXML.sharedStringsType, "sharedStrings.xml"))
        }
        parts.append(try PackageXML.part("xl/_rels/workbook.xml.rels",
                                         PackageXML.relationships(workbookRelationships)))
        parts.append(try PackageXML.part("xl/styles.xml", styles.stylesXML()))
        if hasSharedStrings { parts.append(try sharedStringsPart()) }
        for sheet in sheets {
            parts.append(sheet.part)
            parts.append(contentsOf: sheet.extraParts)
        }

        let archive = try ZipArchiveWriter(url: url)
        do {
            for part in parts { try archive.add(part) }
            try archive.finish()
        } catch {
            archive.abandon()
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }

    private func writeListSheet() throws(SpreadsheetError) {
        let index = sheets.count + 1
        let part = try CompressedPart(name: "xl/worksheets/sheet\(index).xml",
                                      spoolURL: spoolDirectory.appendingPathComponent("sheet\(index).xml.deflate"))
        let xml = XMLStream(part: part)
        try xml.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n")
        try xml.raw(#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#)
        for (rowIndex, row) in lists.rows.enumerated() {
            setRowDigits(rowIndex + 1)
            try xml.raw("<row r=\"\(rowIndex + 1)\">")
            let cells = [row.key, row.name] + row.items.map { Optional($0) }
            for (column, text) in cells.enumerated() {
                guard let text, !text.isEmpty else { continue }
                try openCell(xml, column: column)
                try xml.raw("\" t=\"inlineStr\"><is>")
                try textElement(xml, text)
                try xml.raw("</is></c>")
            }
            try xml.raw("</row>")
        }
        try xml.raw("</sheetData></worksheet>")
        try xml.flush()
        try part.finish()
        sheets.append(SheetRecord(name: DropdownLists.sheetName, isHidden: true, part: part, extraParts: []))
    }

    private func workbookXML() -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
        xml += #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        xml += "<workbookPr/><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (index, sheet) in sheets.enumerated() {
            xml += "<sheet name=\"\(XMLEscaping.spreadsheetAttribute.escape(sheet.name))\" sheetId=\"\(index + 1)\""
            if sheet.isHidden { xml += " state=\"hidden\"" }
            xml += " r:id=\"rId\(index + 1)\"/>"
        }
        xml += "</sheets>"
        var names: [String] = []
        for (index, sheet) in sheets.enumerated() {
            guard let range = sheet.filterRange else { continue }
            names.append("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">"
                + XMLEscaping.spreadsheetText.escape(range) + "</definedName>")
        }
        for (name, reference) in lists.definedNames {
            names.append("<definedName name=\"\(XMLEscaping.spreadsheetAttribute.escape(name))\">" + XMLEscaping.spreadsheetText.escape(reference)
                + "</definedName>")
        }
        if !names.isEmpty { xml += "<definedNames>" + names.joined() + "</definedNames>" }
        xml += "<calcPr calcId=\"191029\"/></workbook>"
        return xml
    }

    private func sharedStringsPart() throws(SpreadsheetError) -> CompressedPart {
        let part = try CompressedPart(name: "xl/sharedStrings.xml",
                                      spoolURL: spoolDirectory.appendingPathComponent("sharedStrings.xml.deflate"))
        let xml = XMLStream(part: part)
        try xml.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n")
        try xml.raw(#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#)
        try xml.raw("count=\"\(sharedStrings.count)\" uniqueCount=\"\(sharedStrings.count)\">")
        for text in sharedStrings {
            try xml.raw("<si>")
            try textElement(xml, text)
            try xml.raw("</si>")
        }
        try xml.raw("</sst>")
        try xml.flush()
        try part.finish()
        return part
    }
}

extension ResolvedStyle {
    func with(_ change: (inout ResolvedStyle) -> Void) -> ResolvedStyle {
        var copy = self
        change(&copy)
        return copy
    }
}
