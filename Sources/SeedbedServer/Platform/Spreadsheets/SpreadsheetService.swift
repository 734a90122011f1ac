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
    /// Opens the first sheet for reading row by row, within the upload limits.
    func openRows(_ url: URL) throws -> any RowReading
    /// An error report with the given header (a reason column is added).
    func errorWorkbook(_ url: URL, header: [String]) throws -> any ErrorWorkbookWriting
}

/// The problem with an uploaded workbook, in Chinese, for the import page.
struct SpreadsheetProblem: Error, LocalizedError, Sendable {
    let message: String
    var errorDescription: String? { message }
}

extension Application {
    /// The spreadsheet service: everything the server needs of the `Spreadsheet` target.
    var spreadsheets: any SpreadsheetService { XLSXSpreadsheets() }
}
