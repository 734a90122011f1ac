import Foundation

/// Everything that can go wrong reading or writing a workbook, with a Chinese message for the person who uploaded
/// or asked for the file and a stable `code` for the API and the logs.
///
/// Reading hostile input never traps: every malformed, oversized or truncated file ends in one of these cases.
public enum SpreadsheetError: Error, LocalizedError, Sendable, Hashable {
    /// The bytes are not a ZIP package holding a workbook (a renamed file, a .docx, random bytes).
    case notXLSX
    /// An OLE compound file: the old binary .xls format, or an .xlsx protected by a password.
    case legacyOrEncrypted
    /// The package is cut short or its bytes contradict its own directory (sizes, checksums, offsets).
    case corrupted(detail: String)
    /// The uploaded file is larger than `SpreadsheetLimits.maxFileBytes`.
    case fileTooLarge(limitBytes: Int64)
    /// The parts would inflate beyond `SpreadsheetLimits.maxUncompressedBytes`.
    case uncompressedTooLarge(limitBytes: Int64)
    /// A part inflates more than `SpreadsheetLimits.maxCompressionRatio` times its stored size: a zip bomb.
    case compressionRatioTooHigh(limit: Int)
    /// A part uses a ZIP compression method other than stored or deflate, or is encrypted.
    case unsupportedCompression(method: Int)
    /// A part is not well-formed XML (or not the XML a workbook part should be).
    case malformedXML(part: String, detail: String)
    /// A part declares a DTD or entities, refused so that entity expansion ("billion laughs") cannot happen.
    case forbiddenDTD(part: String)
    /// A cell or row address outside Excel's grid (XFD1048576), or one that cannot be parsed.
    case invalidCellReference(String)
    /// A sheet has a row beyond `SpreadsheetLimits.maxRows`.
    case tooManyRows(limit: Int)
    /// A row has a cell beyond `SpreadsheetLimits.maxColumns`.
    case tooManyColumns(limit: Int)
    /// Too many shared strings or package entries for the limits.
    case tooManyItems(what: String, limit: Int)
    /// More cells hold a value than `SpreadsheetLimits.maxCells`.
    case tooManyCells(limit: Int)
    /// A sheet would expand into more cells (empty ones before far-away values included) than its size allows:
    /// `SpreadsheetLimits.maxCellSlotsPerByte`.
    case tooSparse
    /// The shared strings together exceed `SpreadsheetLimits.maxSharedStringBytes`.
    case sharedStringsTooLarge(limitBytes: Int64)
    /// Reading took longer than `SpreadsheetLimits.maxDuration`.
    case timeLimitExceeded(seconds: Int)
    /// No sheet has this name (reading), or the index is out of range.
    case sheetNotFound(String)
    /// A sheet name Excel would refuse: empty, over 31 characters, containing `: \ / ? * [ ]`, or a duplicate.
    case invalidSheetName(String)
    /// The writer was used out of order (a row before any sheet, anything after `finish`).
    case writerMisuse(String)
    /// A dropdown list or cascade Excel cannot hold (too many entries for one row of the list sheet).
    case invalidDropdown(String)
    /// The workbook would exceed what a ZIP file without ZIP64 can hold (a 4 GiB part).
    case outputTooLarge
    /// The file system refused a read or a write.
    case io(String)

    /// A stable machine-readable code, for API responses and logs.
    public var code: String {
        switch self {
        case .notXLSX: "xlsx.not_xlsx"
        case .legacyOrEncrypted: "xlsx.legacy_or_encrypted"
        case .corrupted: "xlsx.corrupted"
        case .fileTooLarge: "xlsx.file_too_large"
        case .uncompressedTooLarge: "xlsx.uncompressed_too_large"
        case .compressionRatioTooHigh: "xlsx.compression_ratio"
        case .unsupportedCompression: "xlsx.unsupported_compression"
        case .malformedXML: "xlsx.malformed_xml"
        case .forbiddenDTD: "xlsx.forbidden_dtd"
        case .invalidCellReference: "xlsx.invalid_cell_reference"
        case .tooManyRows: "xlsx.too_many_rows"
        case .tooManyColumns: "xlsx.too_many_columns"
        case .tooManyItems: "xlsx.too_many_items"
        case .tooManyCells: "xlsx.too_many_cells"
        case .tooSparse: "xlsx.too_sparse"
        case .sharedStringsTooLarge: "xlsx.shared_strings_too_large"
        case .timeLimitExceeded: "xlsx.time_limit"
        case .sheetNotFound: "xlsx.sheet_not_found"
        case .invalidSheetName: "xlsx.invalid_sheet_name"
        case .writerMisuse: "xlsx.writer_misuse"
        case .invalidDropdown: "xlsx.invalid_dropdown"
        case .outputTooLarge: "xlsx.output_too_large"
        case .io: "xlsx.io"
        }
    }

    public var errorDescription: String? {
        switch self {
        case .notXLSX:
            "文件不是有效的 Excel（.xlsx）文件"
        case .legacyOrEncrypted:
            "文件是旧版 Excel（.xls）格式或已设置密码，请在 Excel 中另存为不加密的 .xlsx 文件后再上传"
        case .corrupted(let detail):
            "文件已损坏或不完整（\(Self.clipped(detail))）"
        case .fileTooLarge(let limit):
            "文件大小超过 \(Self.megabytes(limit)) 的上限"
        case .uncompressedTooLarge(let limit):
            "表格过大：解压后超过 \(Self.megabytes(limit))，请拆分后再上传"
        case .compressionRatioTooHigh(let limit):
            "文件压缩比异常（超过 \(limit) 倍），疑似恶意构造的压缩文件"
        case .unsupportedCompression(let method):
            "文件使用了不支持的压缩方式（\(method)）或已加密"
        case .malformedXML(let part, let detail):
            "文件内容格式错误：\(Self.clipped(part))（\(Self.clipped(detail))）"
        case .forbiddenDTD(let part):
            "文件包含不允许的 DTD 或实体声明：\(Self.clipped(part))"
        case .invalidCellReference(let reference):
            "单元格位置“\(Self.clipped(reference))”超出 Excel 的范围或无法识别"
        case .tooManyRows(let limit):
            "工作表超过 \(limit) 行的上限"
        case .tooManyColumns(let limit):
            "工作表超过 \(limit) 列的上限"
        case .tooManyItems(let what, let limit):
            "文件中的\(what)超过 \(limit) 个的上限"
        case .tooManyCells(let limit):
            "表格过大：有内容的单元格超过 \(limit) 个，请拆分后再上传"
        case .tooSparse:
            "表格内容异常：有内容的单元格离第一列过远（例如远在最右侧的列），展开后过大，请删除多余的单元格后再上传"
        case .sharedStringsTooLarge(let limit):
            "表格过大：文字内容合计超过 \(Self.megabytes(limit))，请拆分后再上传"
        case .timeLimitExceeded(let seconds):
            "表格过大：读取超过 \(seconds) 秒仍未完成，请拆分后再上传"
        case .sheetNotFound(let name):
            "找不到工作表“\(Self.clipped(name))”"
        case .invalidSheetName(let name):
            "工作表名称“\(name)”无效：不能为空、不能超过 31 个字符、不能包含 : \\ / ? * [ ]，且不能重复"
        case .writerMisuse(let detail):
            "生成 Excel 文件的步骤有误：\(detail)"
        case .invalidDropdown(let detail):
            "下拉选项设置有误：\(detail)"
        case .outputTooLarge:
            "生成的 Excel 文件过大（单个部件超过 4 GB），请减少导出的行数或列数"
        case .io(let detail):
            "读写文件失败：\(detail)"
        }
    }

    /// Part names and details can come from the uploaded file itself: keep them short in a message.
    static func clipped(_ text: String) -> String {
        text.count <= 80 ? text : String(text.prefix(80)) + "…"
    }

    /// "200 MB", or "1.5 MB" when the limit is not a whole number of megabytes.
    static func megabytes(_ bytes: Int64) -> String {
        let mib = Int64(1 << 20)
        if bytes % mib == 0 { return "\(bytes / mib) MB" }
        let tenths = (bytes * 10 + mib / 2) / mib
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}
