/// How much a reader accepts from one file before refusing it.
///
/// The defaults suit an upload form on a shared server: a file of at most 100 MB whose parts inflate to at most
/// 200 MB, no part more than 100 times smaller than its content (ordinary sheets compress 5–20 times, zip bombs
/// about 1,000 times; Apache POI draws the same line), and Excel's own grid. Importers usually lower `maxRows` and `maxColumns` to what a template
/// can sensibly hold, so that a wrong file fails fast with a clear message.
public struct SpreadsheetLimits: Sendable, Hashable {
    /// The size of the .xlsx file itself.
    public var maxFileBytes: Int64
    /// The total inflated size of all parts, as declared by the package and as enforced while inflating.
    public var maxUncompressedBytes: Int64
    /// Inflated size over stored size, for any part larger than `ratioCheckFloorBytes` once inflated.
    public var maxCompressionRatio: Int
    /// The highest row number a sheet may use (1-based, as Excel numbers rows).
    public var maxRows: Int
    /// The highest column a row may use (1 = A, 16,384 = XFD).
    public var maxColumns: Int
    /// The number of distinct strings in the shared-string table, which is held in memory while reading.
    public var maxSharedStrings: Int

    /// Parts smaller than this once inflated are not held to the compression ratio: tiny parts of repeated
    /// markup legitimately compress far better than data, and cannot hurt anyone.
    public static let ratioCheckFloorBytes: Int64 = 1 << 20

    /// Excel's grid: 1,048,576 rows by 16,384 columns (A1:XFD1048576).
    public static let excelMaxRows = 1_048_576
    /// Excel's last column, XFD.
    public static let excelMaxColumns = 16_384

    public init(maxFileBytes: Int64 = 100 << 20, maxUncompressedBytes: Int64 = 200 << 20,
                maxCompressionRatio: Int = 100, maxRows: Int = SpreadsheetLimits.excelMaxRows,
                maxColumns: Int = SpreadsheetLimits.excelMaxColumns, maxSharedStrings: Int = 2_000_000) {
        self.maxFileBytes = maxFileBytes
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.maxRows = maxRows
        self.maxColumns = maxColumns
        self.maxSharedStrings = maxSharedStrings
    }
}
