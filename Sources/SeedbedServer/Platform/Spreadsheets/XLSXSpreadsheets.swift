import Foundation
import SeedbedDomain
import Spreadsheet

/// The platform's spreadsheet service on the `Spreadsheet` target.
struct XLSXSpreadsheets: SpreadsheetService {
    static let chinaTime = TimeZone(identifier: "Asia/Shanghai") ?? .current

    func tableWriter(_ url: URL) throws -> any TableWriter {
        try ListSheetWriter(url: url)
    }

    func writeTemplate(_ spec: TemplateSpec, to url: URL) throws {
        var cascadeColumns: [RegionLevel: Int] = [:]
        let columns = spec.columns.enumerated().map { index, column -> SheetColumn in
            var dropdown: [String]?
            switch column.validation {
            case .list(let labels): dropdown = labels
            case .cascade(let level): cascadeColumns[level] = index
            case .none: break
            }
            return SheetColumn(column.header, width: Double(column.width), numberFormat: column.isDate ? .date : .text,
                               isRequired: column.required, dropdown: dropdown)
        }
        var cascades: [CascadingDropdown] = []
        if let p = cascadeColumns[.province], let c = cascadeColumns[.city], let k = cascadeColumns[.county] {
            cascades.append(CascadingDropdown(columns: [p, c, k], roots: Self.regionTree()))
        }
        var lines = spec.instructions
        let notes = spec.columns.compactMap { column in column.note.map { "· \(column.header)：\($0)" } }
        if !notes.isEmpty { lines += ["", "各列说明："] + notes }
        do {
            var writer = try XLSXWriter(url: url)
            try writer.addSheet(SheetDefinition(name: spec.sheetName, columns: columns, cascades: cascades))
            for example in spec.examples { try writer.writeRow(example.map { CellValue.text($0) }) }
            try writer.addSheet(SheetDefinition(name: "填写说明", columns: [SheetColumn("填写说明", width: 110)],
                                                freezesHeader: false))
            for line in lines { try writer.writeRow([.text(line)]) }
            try writer.finish()
        } catch {
            throw Self.problem(error)
        }
    }

    /// The province → city → county tree for the cascade; codes name the lists, labels are what people pick.
    static func regionTree() -> [DropdownNode] {
        RegionCascade().provinces.map { province in
            DropdownNode(province.region.name, code: province.region.code, children: province.cities.enumerated().map { index, city in
                DropdownNode(city.name, code: province.region.code + "C" + String(index),
                             children: city.counties.map { DropdownNode($0.name, code: $0.code) })
            })
        }
    }

    func openRows(_ url: URL, budget: UploadBudget) throws -> any RowReading {
        try SpooledRows(url: url, budget: budget)
    }

    func checkUpload(_ url: URL, budget: UploadBudget) throws {
        do {
            try XLSXReader.checkPackage(url: url, limits: Self.limits(budget, fileBytes: Self.fileSize(url)))
        } catch {
            throw Self.problem(error)
        }
    }

    /// The reader's limits for an upload of `fileBytes` under `budget`.
    static func limits(_ budget: UploadBudget, fileBytes: Int64) -> SpreadsheetLimits {
        SpreadsheetLimits(maxFileBytes: budget.maxFileBytes, maxUncompressedBytes: budget.maxInflatedBytes,
                          maxRows: budget.maxRows, maxColumns: budget.maxColumns, maxCells: budget.maxCells,
                          maxCellSlotsPerByte: budget.cellsPerSheetByte,
                          maxDuration: .seconds(budget.seconds(fileBytes: fileBytes)))
    }

    static func fileSize(_ url: URL) -> Int64 {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber
        return size?.int64Value ?? 0
    }

    func errorWorkbook(_ url: URL, header: [String]) throws -> any ErrorWorkbookWriting {
        try ErrorSheetWriter(url: url, header: header)
    }

    /// Turns the library's typed errors into the Chinese message the import page shows.
    static func problem(_ error: any Error) -> SpreadsheetProblem {
        if let error = error as? SpreadsheetProblem { return error }
        return SpreadsheetProblem(message: (error as? any LocalizedError)?.errorDescription ?? "无法读取该 Excel 文件")
    }
}

/// Runs a spreadsheet call, turning its error into the import page's Chinese message.
private func wrap(_ body: () throws -> Void) throws {
    do { try body() } catch { throw XLSXSpreadsheets.problem(error) }
}

extension CellValue {
    init(_ raw: RawValue) {
        switch raw {
        case .empty: self = .empty
        case .text(let text): self = .text(text)
        case .number(let number): self = .number(number)
        case .bool(let flag): self = .bool(flag)
        case .date(let y, let m, let d): self = ExcelDate(year: y, month: m, day: d).map { .date($0) } ?? .text(raw.display)
        }
    }

    var raw: RawValue {
        switch self {
        case .empty: .empty
        case .text(let text): .text(text)
        case .integer(let value): .number(Double(value))
        case .number(let value): .number(value)
        case .bool(let flag): .bool(flag)
        case .date(let date): .date(year: date.year, month: date.month, day: date.day)
        case .error(let text): .text(text)
        }
    }
}

/// A list export sheet: header from the list's columns, typed cells, money and percent formats.
final class ListSheetWriter: TableWriter {
    private var writer: XLSXWriter?

    init(url: URL) throws {
        do { writer = try XLSXWriter(url: url) } catch { throw XLSXSpreadsheets.problem(error) }
    }

    func begin(sheet: String, columns: [(header: String, width: Int)]) throws {
        let definition = SheetDefinition(name: String(sheet.prefix(31)),
                                         columns: columns.map { SheetColumn($0.header, width: Double($0.width)) },
                                         hasAutoFilter: true)
        try wrap { try writer?.addSheet(definition) }
    }

    func append(_ cells: [ListCell]) throws {
        let row = cells.map { cell -> SheetCell in
            switch cell {
            case .text(let text), .link(let text, _), .badge(let text, _): SheetCell(.text(text))
            case .integer(let value): SheetCell(.integer(value))
            case .decimal(let value, let format):
                switch format {
                case .money: SheetCell(.number(value), style: CellStyle(numberFormat: .decimal2))
                case .percent: SheetCell(.number(value), style: CellStyle(numberFormat: .percent2))
                case .plain: SheetCell(.number(value))
                }
            case .date(let text): SheetCell(Self.date(text).map { .date($0) } ?? .text(text))
            case .dateTime(let date):
                SheetCell(.date(ExcelDate(date, in: XLSXSpreadsheets.chinaTime)), style: CellStyle(numberFormat: .dateTime))
            case .empty: SheetCell(.empty)
            }
        }
        try wrap { try writer?.writeRow(cells: row) }
    }

    func finish() throws {
        guard let writer = writer.take() else { return }
        do { try writer.finish() } catch { throw XLSXSpreadsheets.problem(error) }
    }

    /// A list's date as an Excel date: `yyyy-MM-dd` (how the platform stores dates) read from its ten bytes, any
    /// other spelling through the field validator; nil when it is no date (written as text).
    static func date(_ text: String) -> ExcelDate? {
        isoDate(text) ?? FieldValidator.date(.text(text)).flatMap(isoDate)
    }

    /// `yyyy-MM-dd` between 1900 and 2100, a real day; nil for anything else.
    private static func isoDate(_ text: String) -> ExcelDate? {
        guard text.utf8.count == 10 else { return nil }
        var fields = (0, 0, 0)
        for (index, byte) in text.utf8.enumerated() {
            if index == 4 || index == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte &- UInt8(ascii: "0"))
            switch index {
            case ..<4: fields.0 = fields.0 * 10 + digit
            case ..<7: fields.1 = fields.1 * 10 + digit
            default: fields.2 = fields.2 * 10 + digit
            }
        }
        let (year, month, day) = fields
        guard (1900...2100).contains(year), (try? LocalDate(year: year, month: month, day: day)) != nil else {
            return nil
        }
        return ExcelDate(year: year, month: month, day: day)
    }
}

/// The error report: the original row, wrong cells filled light red with a comment, a 错误原因 column.
final class ErrorSheetWriter: ErrorWorkbookWriting {
    private var writer: XLSXWriter?
    private let width: Int

    init(url: URL, header: [String]) throws {
        do { writer = try XLSXWriter(url: url) } catch { throw XLSXSpreadsheets.problem(error) }
        width = header.count
        // Text format on every column, as in the template, so a code typed while correcting stays text.
        let columns = header.map { SheetColumn($0, width: Double(max(12, $0.count * 2 + 4)), numberFormat: .text) }
            + [SheetColumn("错误原因", width: 60)]
        try wrap { try writer?.addSheet(SheetDefinition(name: "错误数据", columns: columns, hasAutoFilter: true)) }
    }

    func append(rowNumber: Int, values: [RawValue], problems: [Int: String], reason: String) throws {
        var cells: [SheetCell] = (0..<max(width, values.count)).map { index in
            let value = index < values.count ? CellValue(values[index]) : .empty
            guard let problem = problems[index] else { return SheetCell(value) }
            return SheetCell(value, style: .error, comment: problem)
        }
        cells.append(SheetCell(.text("第 \(rowNumber) 行：" + reason), style: CellStyle(fontColor: .red)))
        try wrap { try writer?.writeRow(cells: cells) }
    }

    func finish() throws {
        guard let writer = writer.take() else { return }
        do { try writer.finish() } catch { throw XLSXSpreadsheets.problem(error) }
    }
}

/// Reads the whole first sheet once into a spool file, then hands rows out one by one. A truncated or hostile
/// file fails before any row is validated, and memory stays flat however many rows there are.
///
/// Rows are spooled sparse (only cells holding a value, with their column), and the spool, like the reading,
/// is bounded by the upload's size: a row that is one value at column IV costs one cell, not 256, and a short
/// string repeated in a million rows stops at the spool's allowance instead of filling the disk.
final class SpooledRows: RowReading {
    private let spool: URL
    private let lines: LineReader
    private let maxColumns: Int
    let rowCount: Int

    init(url: URL, budget: UploadBudget) throws {
        let fileBytes = XLSXSpreadsheets.fileSize(url)
        let limits = XLSXSpreadsheets.limits(budget, fileBytes: fileBytes)
        let spoolLimit = budget.spoolAllowance(fileBytes: fileBytes)
        let seconds = budget.seconds(fileBytes: fileBytes)
        let deadline = ContinuousClock.now.advanced(by: .seconds(seconds))
        maxColumns = limits.maxColumns
        spool = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-rows-\(UUID().uuidString).jsonl")
        guard FileManager.default.createFile(atPath: spool.path, contents: nil) else {
            throw SpreadsheetProblem(message: "无法创建临时文件")
        }
        let handle = try FileHandle(forWritingTo: spool)
        defer { try? handle.close() }
        let encoder = JSONEncoder()
        do {
            let reader = try XLSXReader(url: url, limits: limits)
            guard !reader.sheets.isEmpty else { throw SpreadsheetProblem(message: "文件中没有工作表") }
            var buffer = Data()
            var count = 0
            var spooled: Int64 = 0
            try reader.forEachRow(inSheetAt: 0) { row, _ in
                guard !row.isBlank else { return }
                guard ContinuousClock.now <= deadline else {
                    throw SpreadsheetProblem(message: "表格过大：读取超过 \(seconds) 秒仍未完成，请拆分后再上传")
                }
                count += 1
                let line = try encoder.encode(SpooledRow(row))
                spooled += Int64(line.count) + 1
                guard spooled <= spoolLimit else {
                    throw SpreadsheetProblem(message: "表格过大：展开后的数据超过 \(Self.megabytes(spoolLimit))（上传文件越小，"
                        + "允许展开的数据越少），请删除重复或多余的内容、拆分后再上传")
                }
                buffer.append(line)
                buffer.append(0x0A)
                if buffer.count > 1 << 20 {
                    try handle.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try handle.write(contentsOf: buffer)
            rowCount = count
        } catch {
            try? FileManager.default.removeItem(at: spool)
            throw XLSXSpreadsheets.problem(error)
        }
        lines = try LineReader(url: spool)
    }

    deinit { try? FileManager.default.removeItem(at: spool) }

    func next() throws -> ImportRow? {
        guard let line = try lines.next() else { return nil }
        return try JSONDecoder().decode(SpooledRow.self, from: line).importRow(maxColumns: maxColumns)
    }

    /// "256 MB", rounded down: the spool limits are whole megabytes in practice.
    static func megabytes(_ bytes: Int64) -> String {
        "\(max(bytes >> 20, 1)) MB"
    }
}

/// A row in the spool: its number, and the columns (0-based) and tagged strings of its cells holding a value.
private struct SpooledRow: Codable {
    let r: Int
    let i: [Int]
    let c: [String]

    init(_ row: SheetRow) {
        r = row.number
        let filled = row.values.enumerated().filter { !$0.element.isEmpty }
        i = filled.map(\.offset)
        c = filled.map { _, value in
            switch value.raw {
            case .empty: ""
            case .text(let text): "t" + text
            case .number(let number): "n" + String(number)
            case .bool(let flag): flag ? "b1" : "b0"
            case .date(let y, let m, let d): "d\(y)-\(m)-\(d)"
            }
        }
    }

    /// The row as importers take it: cells from column A to the last value, empty ones filled in. Columns
    /// are those the reader let through, below `maxColumns`; anything else in the spool is dropped.
    func importRow(maxColumns: Int) -> ImportRow {
        let width = min(i.max() ?? -1, maxColumns - 1) + 1
        var cells = [RawValue](repeating: .empty, count: max(width, 0))
        for (index, tagged) in zip(i, c) where cells.indices.contains(index) {
            cells[index] = Self.value(tagged)
        }
        return ImportRow(number: r, cells: cells)
    }

    private static func value(_ tagged: String) -> RawValue {
        guard let tag = tagged.first else { return .empty }
        let body = String(tagged.dropFirst())
        switch tag {
        case "t": return .text(body)
        case "n": return Double(body).map { .number($0) } ?? .text(body)
        case "b": return .bool(body == "1")
        case "d":
            let parts = body.split(separator: "-").compactMap { Int($0) }
            return parts.count == 3 ? .date(year: parts[0], month: parts[1], day: parts[2]) : .text(body)
        default: return .empty
        }
    }
}
