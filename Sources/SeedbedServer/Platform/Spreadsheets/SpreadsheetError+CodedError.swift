import SeedbedDomain
import Spreadsheet

/// `Spreadsheet` knows nothing of the domain, so its error is made a coded error here, where the server decides
/// what each failure means to a person.
extension SpreadsheetError: CodedError {
    public var message: String { errorDescription ?? "无法处理该 Excel 文件" }

    /// An uploaded file the reader refuses, or an export too large for one workbook, is the person's to fix; a
    /// writer used out of order or a file system that refuses is the platform's fault.
    public var failure: FailureKind {
        switch self {
        case .writerMisuse, .invalidSheetName, .invalidDropdown, .io: .internal
        default: .invalid
        }
    }
}
