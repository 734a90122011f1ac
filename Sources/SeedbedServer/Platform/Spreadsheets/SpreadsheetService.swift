import Foundation
import SeedbedDomain
import Vapor

/// A column of a downloadable import template.
struct TemplateColumn: Sendable {
    enum Validation: Sendable {
        case none
        /// A dropdown of these labels.
        case list([String])
        /// Province → city → county cascade; the level this column holds.
        case cascade(RegionLevel)
    }

    let header: String
    let required: Bool
    let width: Int
    let validation: Validation
    /// Shown as the header cell's comment.
    let note: String?
    /// Whether the column holds dates (formatted yyyy-mm-dd).
    let isDate: Bool
}

/// A template workbook: one data sheet, an instructions sheet, and the region cascade when a column needs it.
struct TemplateSpec: Sendable {
    let sheetName: String
    let columns: [TemplateColumn]
    let instructions: [String]
    /// Example rows shown under the header (may be empty).
    let examples: [[String]]
}

/// Writes an error report: the original rows, wrong cells filled and commented, and a reason column.
protocol ErrorWorkbookWriting: AnyObject {
    func append(rowNumber: Int, values: [RawValue], problems: [Int: String], reason: String) throws
    func finish() throws
}

/// Pulls rows from an uploaded sheet one at a time, so an import of 400,000 rows never holds them all.
protocol RowReading: AnyObject {
    /// How many non-empty rows the sheet holds, header included (known before the first row is handed out, so
    /// validation can show real progress).
    var rowCount: Int { get }
    /// The next non-empty row, or nil at the end.
    func next() throws -> ImportRow?
}

/// Everything the server asks of the Spreadsheet target, in one place, so features never touch xlsx details.
protocol SpreadsheetService: Sendable {
    /// A streaming writer for list exports.
    func tableWriter(_ url: URL) throws -> any TableWriter
    /// Writes an import template.
    func writeTemplate(_ spec: TemplateSpec, to url: URL) throws
    /// Opens the first sheet for reading row by row, within the budget's limits; a bound hit is a
    /// `SpreadsheetProblem` with a Chinese message.
    func openRows(_ url: URL, budget: UploadBudget) throws -> any RowReading
    /// Refuses, without inflating anything, an upload whose package already breaks the budget (a zip bomb, a
    /// renamed file), so that the request can answer at once instead of queuing it.
    func checkUpload(_ url: URL, budget: UploadBudget) throws
    /// An error report with the given header (a reason column is added).
    func errorWorkbook(_ url: URL, header: [String]) throws -> any ErrorWorkbookWriting
}

extension SpreadsheetService {
    /// Opens the first sheet of an import file.
    func openRows(_ url: URL) throws -> any RowReading {
        try openRows(url, budget: .imports)
    }
}

/// How much work reading one upload may cause. A few kilobytes of xlsx can stand for gigabytes (a part that
/// inflates a thousandfold, a value at column XFD that makes every row 16,384 cells wide, one long shared
/// string repeated in every row), so each bound grows with the upload's own size and stops at a hard cap:
/// inflated bytes, cells, spooled row bytes and seconds. Hitting one ends in a Chinese message, never a 500.
struct UploadBudget: Sendable, Hashable {
    /// The largest upload read at all.
    var maxFileBytes: Int64
    /// Inflated bytes of all the parts together (also held to 100 times the upload's size).
    var maxInflatedBytes: Int64
    /// The last row number and the last column (1 = A) a value may use.
    var maxRows: Int
    var maxColumns: Int
    /// Cells holding a value, all rows together.
    var maxCells: Int
    /// Cells materialised (values and the empty cells before them in their row) per byte of sheet XML.
    var cellsPerSheetByte: Int
    /// Bytes of rows spooled for the importer: at most this much per byte of upload, plus `spoolAllowanceBytes`,
    /// and never more than `maxSpoolBytes`.
    var spoolBytesPerUploadByte: Int64
    var spoolAllowanceBytes: Int64
    var maxSpoolBytes: Int64
    /// Seconds reading and spooling may take: `baseSeconds` plus `secondsPerMegabyte` per megabyte of upload, at
    /// most `maxSeconds`.
    var baseSeconds: Int
    var secondsPerMegabyte: Int
    var maxSeconds: Int

    /// Import files, read by the validation job: the request body's 64 MB, Excel's rows, a template's columns.
    static let imports = UploadBudget(
        maxFileBytes: 64 << 20, maxInflatedBytes: 200 << 20, maxRows: 1_048_576, maxColumns: 256,
        maxCells: 20_000_000, cellsPerSheetByte: 4, spoolBytesPerUploadByte: 50, spoolAllowanceBytes: 16 << 20,
        maxSpoolBytes: 256 << 20, baseSeconds: 10, secondsPerMegabyte: 2, maxSeconds: 120)

    /// A one-row form template read inside the request that uploads it: small enough to take milliseconds.
    static let formTemplate = UploadBudget(
        maxFileBytes: 20 << 20, maxInflatedBytes: 20 << 20, maxRows: 1_000, maxColumns: 256, maxCells: 10_000,
        cellsPerSheetByte: 4, spoolBytesPerUploadByte: 50, spoolAllowanceBytes: 1 << 20, maxSpoolBytes: 4 << 20,
        baseSeconds: 3, secondsPerMegabyte: 1, maxSeconds: 10)

    /// The spooled bytes an upload of `fileBytes` may produce.
    func spoolAllowance(fileBytes: Int64) -> Int64 {
        let (scaled, overflow) = max(fileBytes, 0).multipliedReportingOverflow(by: spoolBytesPerUploadByte)
        guard !overflow, scaled <= maxSpoolBytes else { return maxSpoolBytes }
        return min(maxSpoolBytes, scaled + spoolAllowanceBytes)
    }

    /// The seconds an upload of `fileBytes` may take to read.
    func seconds(fileBytes: Int64) -> Int {
        let megabytes = Int(min(max(fileBytes, 0) >> 20, Int64(maxSeconds)))
        let (scaled, overflow) = megabytes.multipliedReportingOverflow(by: secondsPerMegabyte)
        guard !overflow, scaled <= maxSeconds else { return maxSeconds }
        return min(maxSeconds, baseSeconds + scaled)
    }
}

/// The problem with an uploaded workbook, in Chinese, for the import page.
struct SpreadsheetProblem: CodedError, LocalizedError {
    let message: String
    var errorDescription: String? { message }
    var code: String { "xlsx.unusable" }
    var failure: FailureKind { .invalid }
}

extension Application {
    /// The spreadsheet service: everything the server needs of the `Spreadsheet` target.
    var spreadsheets: any SpreadsheetService { XLSXSpreadsheets() }
}
