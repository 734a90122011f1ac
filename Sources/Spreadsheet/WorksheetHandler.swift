/// Turns the tokens of a worksheet part into rows, one at a time.
///
/// Accepts what Excel, WPS, LibreOffice and openpyxl write: prefixed element names, rows and cells without `r`
/// (numbered after the previous one), shared, inline and rich-text strings, formula results (`t="str"`),
/// errors, ISO dates (`t="d"`), and numbers that are dates by their cell format. Refuses addresses outside
/// Excel's grid, rows or values beyond the limits, and rows or cells out of order; empty cells beyond the
/// column limit (a style dragged far to the right) are passed over.
struct WorksheetHandler: XMLPartHandler {
    /// No cell holds more than Excel's 32,767 characters; a megabyte leaves room for any escaping.
    static let maxCellBytes = 1 << 20

    private enum CellType {
        case number, sharedString, inlineString, formulaString, boolean, error, isoDate
    }

    private enum Capture {
        case none, value, inline
    }

    let sharedStrings: [String]
    let dateFormats: [Bool]
    let usesDate1904: Bool
    let maxRows: Int
    let maxColumns: Int
    /// How many cell slots (values and the empty cells before them) all rows together may fill. A cell far to
    /// the right costs a few bytes of XML but thousands of slots; without a budget a small file could keep the
    /// reader filling memory with empties for minutes.
    let slotBudget: Int
    private var slotsUsed = 0
    /// How many cells holding a value all rows together may hand out.
    let maxCells: Int
    private var cellsUsed = 0
    /// The row just finished, waiting to be taken by the iterator.
    private var completedRow: SheetRow?

    private(set) var sawSheetDataEnd = false
    private var inSheetData = false
    private var rowOpen = false
    private var rowNumber = 0
    private var rowNumberIsProvisional = false
    private var lastRowNumber = 0
    private var cells: [CellValue] = []
    private var lastColumn = -1

    private var cellOpen = false
    private var cellColumn = 0
    private var cellType = CellType.number
    private var cellStyle = 0
    private var capture = Capture.none
    private var valueBytes: [UInt8] = []
    private var inlineBytes: [UInt8] = []
    private var hasInline = false
    private var inInline = false
    private var inPhonetic = false

    init(sharedStrings: [String], dateFormats: [Bool], usesDate1904: Bool, limits: SpreadsheetLimits,
         slotBudget: Int) {
        self.maxCells = Swift.max(limits.maxCells, 0)
        self.sharedStrings = sharedStrings
        self.dateFormats = dateFormats
        self.usesDate1904 = usesDate1904
        self.maxRows = Swift.min(limits.maxRows, SpreadsheetLimits.excelMaxRows)
        self.maxColumns = Swift.min(limits.maxColumns, SpreadsheetLimits.excelMaxColumns)
        self.slotBudget = slotBudget
        valueBytes.reserveCapacity(64)
        inlineBytes.reserveCapacity(256)
    }

    /// The row finished by the last token, if any; each row is handed out once.
    mutating func takeRow() -> SheetRow? {
        guard let row = completedRow else { return nil }
        completedRow = nil
        return row
    }

    mutating func handle(_ token: XMLScanner.Token, _ scanner: XMLScanner) throws(SpreadsheetError) {
        switch token {
        case .startTag:
            try start(scanner)
        case .endTag:
            try end(scanner)
        case .text:
            switch capture {
            case .none: break
            case .value: try scanner.appendText(to: &valueBytes, limit: Self.maxCellBytes)
            case .inline: try scanner.appendText(to: &inlineBytes, limit: Self.maxCellBytes)
            }
        default:
            break
        }
    }

    // MARK: Elements

    private mutating func start(_ scanner: XMLScanner) throws(SpreadsheetError) {
        let name = scanner.name
        switch name.count {
        case 1:
            if scanner.nameIs("c") {
                try startCell(scanner)
            } else if scanner.nameIs("v") {
                if cellOpen, !scanner.isSelfClosing { capture = .value }
            } else if scanner.nameIs("t") {
                if inInline, !inPhonetic, !scanner.isSelfClosing { capture = .inline }
            }
        case 2:
            if cellOpen, scanner.nameIs("is") {
                hasInline = true
                inInline = !scanner.isSelfClosing
            }
        case 3:
            if scanner.nameIs("row") {
                try startRow(scanner)
            } else if inInline, scanner.nameIs("rPh") {
                inPhonetic = !scanner.isSelfClosing
            }
        case 9:
            if scanner.nameIs("sheetData") {
                inSheetData = !scanner.isSelfClosing
                if scanner.isSelfClosing { sawSheetDataEnd = true }
            } else if scanner.nameIs("dimension") {
                try checkDimension(scanner)
            }
        default:
            break
        }
    }

    private mutating func end(_ scanner: XMLScanner) throws(SpreadsheetError) {
        switch scanner.name.count {
        case 1:
            if scanner.nameIs("c") {
                if cellOpen { try finishCell(scanner) }
            } else if scanner.nameIs("v") || scanner.nameIs("t") {
                capture = .none
            }
        case 2:
            if scanner.nameIs("is") { inInline = false }
        case 3:
            if scanner.nameIs("row") {
                if rowOpen { finishRow() }
            } else if scanner.nameIs("rPh") {
                inPhonetic = false
            }
        case 9:
            if scanner.nameIs("sheetData") {
                guard !rowOpen, !cellOpen else { throw scanner.malformed("行或单元格没有结束") }
                inSheetData = false
                sawSheetDataEnd = true
            }
        default:
            break
        }
    }

    private mutating func startRow(_ scanner: XMLScanner) throws(SpreadsheetError) {
        guard inSheetData else { return }
        guard !rowOpen else { throw scanner.malformed("行标记嵌套") }
        if let attribute = scanner.attribute("r") {
            let bytes = scanner.slice(attribute.value)
            guard let number = StylesHandler.integer(bytes), (1...SpreadsheetLimits.excelMaxRows).contains(number)
            else {
                throw .invalidCellReference("行 " + String(decoding: bytes.prefix(32), as: UTF8.self))
            }
            guard number > lastRowNumber else { throw scanner.malformed("行号 \(number) 重复或顺序错误") }
            rowNumber = number
            rowNumberIsProvisional = false
        } else {
            rowNumber = lastRowNumber + 1
            rowNumberIsProvisional = true
        }
        try checkRowLimit()
        rowOpen = true
        cells.removeAll(keepingCapacity: true)
        lastColumn = -1
        if scanner.isSelfClosing { finishRow() }
    }

    private func checkRowLimit() throws(SpreadsheetError) {
        guard rowNumber <= SpreadsheetLimits.excelMaxRows else {
            throw .invalidCellReference("行 \(rowNumber)")
        }
        guard rowNumber <= maxRows else { throw .tooManyRows(limit: maxRows) }
    }

    private mutating func finishRow() {
        rowOpen = false
        lastRowNumber = rowNumber
        completedRow = SheetRow(number: rowNumber, values: cells)
    }

    private mutating func startCell(_ scanner: XMLScanner) throws(SpreadsheetError) {
        guard rowOpen else {
            if inSheetData { throw scanner.malformed("单元格不在行内") }
            return
        }
        guard !cellOpen else { throw scanner.malformed("单元格标记嵌套") }
        var column = lastColumn + 1
        cellType = .number
        cellStyle = 0
        for attribute in scanner.attributes where !attribute.hasPrefix && attribute.localName.count == 1 {
            let value = scanner.slice(attribute.value)
            switch scanner.slice(attribute.localName).first {
            case UInt8(ascii: "r"):
                guard let reference = CellReference.parse(value) else {
                    throw .invalidCellReference(String(decoding: value.prefix(32), as: UTF8.self))
                }
                column = reference.column
                if let row = reference.row, row != rowNumber {
                    guard rowNumberIsProvisional, row > lastRowNumber else {
                        let reference = String(decoding: value.prefix(32), as: UTF8.self)
                        throw scanner.malformed("单元格 \(reference) 不在第 \(rowNumber) 行")
                    }
                    rowNumber = row
                    try checkRowLimit()
                }
                rowNumberIsProvisional = false
            case UInt8(ascii: "t"):
                cellType = try Self.cellType(value, scanner)
            case UInt8(ascii: "s"):
                cellStyle = StylesHandler.integer(value) ?? 0
            default:
                break
            }
        }
        guard column > lastColumn else { throw scanner.malformed("单元格重复或顺序错误") }
        guard column < SpreadsheetLimits.excelMaxColumns else {
            throw .invalidCellReference("第 \(column + 1) 列")
        }
        rowNumberIsProvisional = false
        lastColumn = column
        cellColumn = column
        valueBytes.removeAll(keepingCapacity: true)
        inlineBytes.removeAll(keepingCapacity: true)
        hasInline = false
        inInline = false
        inPhonetic = false
        capture = .none
        cellOpen = !scanner.isSelfClosing
    }

    private static func cellType(_ value: UnsafeBufferPointer<UInt8>,
                                 _ scanner: XMLScanner) throws(SpreadsheetError) -> CellType {
        switch value.count {
        case 0:
            return .number
        case 1:
            switch value[0] {
            case UInt8(ascii: "n"): return .number
            case UInt8(ascii: "s"): return .sharedString
            case UInt8(ascii: "b"): return .boolean
            case UInt8(ascii: "e"): return .error
            case UInt8(ascii: "d"): return .isoDate
            default: break
            }
        case 3:
            if scanner.equals(slice: value, "str") { return .formulaString }
        case 9:
            if scanner.equals(slice: value, "inlineStr") { return .inlineString }
        default:
            break
        }
        throw scanner.malformed("未知的单元格类型")
    }

    private mutating func finishCell(_ scanner: XMLScanner) throws(SpreadsheetError) {
        cellOpen = false
        capture = .none
        let value: CellValue
        switch cellType {
        case .number:
            if hasInline {
                value = text(&inlineBytes)
            } else {
                value = try number(scanner)
            }
        case .sharedString:
            guard !valueBytes.isEmpty else {
                value = .empty
                break
            }
            let index = valueBytes.withUnsafeBufferPointer { StylesHandler.integer($0) }
            guard let index, index < sharedStrings.count else { throw scanner.malformed("共享字符串编号超出范围") }
            let string = sharedStrings[index]
            value = string.isEmpty ? .empty : .text(string)
        case .inlineString:
            value = hasInline ? text(&inlineBytes) : text(&valueBytes)
        case .formulaString:
            value = text(&valueBytes)
        case .boolean:
            switch String(decoding: valueBytes, as: UTF8.self) {
            case "": value = .empty
            case "1", "true", "TRUE": value = .bool(true)
            case "0", "false", "FALSE": value = .bool(false)
            default: throw scanner.malformed("布尔值格式错误")
            }
        case .error:
            value = valueBytes.isEmpty ? .empty : .error(String(decoding: valueBytes, as: UTF8.self))
        case .isoDate:
            if valueBytes.isEmpty {
                value = .empty
            } else if let date = ExcelDate(iso: valueBytes[...]) {
                value = .date(date)
            } else {
                value = text(&valueBytes)
            }
        }
        if case .empty = value { return }
        guard cellColumn < maxColumns else { throw .tooManyColumns(limit: maxColumns) }
        guard cellsUsed < maxCells else { throw .tooManyCells(limit: maxCells) }
        cellsUsed += 1
        let (slots, overflow) = slotsUsed.addingReportingOverflow(cellColumn + 1 - cells.count)
        guard !overflow, slots <= slotBudget else { throw .tooSparse }
        slotsUsed = slots
        if cells.count < cellColumn {
            cells.append(contentsOf: repeatElement(.empty, count: cellColumn - cells.count))
        }
        cells.append(value)
    }

    private func number(_ scanner: XMLScanner) throws(SpreadsheetError) -> CellValue {
        guard !valueBytes.isEmpty else { return .empty }
        guard let parsed = valueBytes.withUnsafeBufferPointer({ NumberText.parse($0) }) else {
            throw scanner.malformed("数值格式错误")
        }
        if cellStyle < dateFormats.count, dateFormats[cellStyle], let serial = parsed.doubleValue,
           let date = ExcelDate(serial: serial, date1904: usesDate1904) {
            return .date(date)
        }
        return parsed
    }

    private func text(_ bytes: inout [UInt8]) -> CellValue {
        guard !bytes.isEmpty else { return .empty }
        OOXMLEscape.unescape(&bytes)
        return .text(String(decoding: bytes, as: UTF8.self))
    }

    /// `<dimension ref="A1:T100">` is advisory, but one that leaves Excel's grid marks a forged file.
    private func checkDimension(_ scanner: XMLScanner) throws(SpreadsheetError) {
        guard let attribute = scanner.attribute("ref") else { return }
        let bytes = scanner.slice(attribute.value)
        for part in bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false) {
            let valid = Array(part).withUnsafeBufferPointer { CellReference.parse($0) } != nil
            guard valid else {
                throw .invalidCellReference(String(decoding: bytes.prefix(64), as: UTF8.self))
            }
        }
    }
}
