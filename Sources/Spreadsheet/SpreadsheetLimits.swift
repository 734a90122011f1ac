/// How much a reader accepts from one file before refusing it.
///
/// The defaults suit an upload form on a shared server: a file of at most 100 MB whose parts inflate to at most
/// 200 MB, no part more than 100 times smaller than its content (ordinary sheets compress 5–20 times, zip bombs
/// about 1,000 times; Apache POI draws the same line), and Excel's own grid. Importers usually lower `maxRows` and `maxColumns` to what a template
/// can sensibly hold, so that a wrong file fails fast with a clear message.
///
/// Every limit bounds work that a small file could otherwise multiply: inflated bytes by the compression ratio,
/// materialised cells by the bytes of sheet XML that produced them (`maxCellSlotsPerByte`), values by
/// `maxCells`, the in-memory string table by `maxSharedStringBytes`, and the wall-clock time by `maxDuration`.
public struct SpreadsheetLimits: Sendable, Hashable {
    /// The size of the .xlsx file itself.
    public var maxFileBytes: Int64
    /// The total inflated size of all parts, as declared by the package and as enforced while inflating. The
    /// package as a whole is also held to `maxCompressionRatio` times its file size (plus
    /// `packageRatioAllowanceBytes`), so a small upload cannot claim the whole absolute allowance.
    public var maxUncompressedBytes: Int64
    /// Inflated size over stored size, for any part larger than `ratioCheckFloorBytes` once inflated, and for
    /// the package as a whole.
    public var maxCompressionRatio: Int
    /// The highest row number a sheet may use (1-based, as Excel numbers rows).
    public var maxRows: Int
    /// The highest column a value may use (1 = A, 16,384 = XFD). Empty cells beyond it (a style carried far to
    /// the right) are passed over rather than refused: they hold nothing and are never materialised.
    public var maxColumns: Int
    /// The number of distinct strings in the shared-string table, which is held in memory while reading.
    public var maxSharedStrings: Int
    /// The UTF-8 bytes of all shared strings together, all held in memory while reading.
    public var maxSharedStringBytes: Int64
    /// The number of cells holding a value that one read of a sheet may hand out.
    public var maxCells: Int
    /// Cell slots (values plus the empty cells a row holds before them) per byte of sheet XML, on top of
    /// `cellSlotAllowance`. A cell at XFD costs twenty bytes of XML but 16,384 slots: this bounds how far a sparse
    /// sheet may make the reader expand it.
    public var maxCellSlotsPerByte: Int
    /// How long reading may take, counted from opening the reader (for rows, including the time the caller
    /// spends between rows); nil for no limit. A server sets one so that no upload can hold a worker for long.
    public var maxDuration: Duration?

    /// Parts smaller than this once inflated are not held to the compression ratio: tiny parts of repeated
    /// markup legitimately compress far better than data, and cannot hurt anyone.
    public static let ratioCheckFloorBytes: Int64 = 1 << 20
    /// Inflated bytes a package may hold beyond `maxCompressionRatio` times its file size: room for the small,
    /// highly compressible parts every workbook has (styles, themes, relationships).
    public static let packageRatioAllowanceBytes: Int64 = 4 << 20
    /// Cell slots any sheet may use whatever its size, so that small sparse sheets always read.
    public static let cellSlotAllowance = 1 << 20

    /// Excel's grid: 1,048,576 rows by 16,384 columns (A1:XFD1048576).
    public static let excelMaxRows = 1_048_576
    /// Excel's last column, XFD.
    public static let excelMaxColumns = 16_384

    public init(maxFileBytes: Int64 = 100 << 20, maxUncompressedBytes: Int64 = 200 << 20,
                maxCompressionRatio: Int = 100, maxRows: Int = SpreadsheetLimits.excelMaxRows,
                maxColumns: Int = SpreadsheetLimits.excelMaxColumns, maxSharedStrings: Int = 2_000_000,
                maxSharedStringBytes: Int64 = 100 << 20, maxCells: Int = 20_000_000, maxCellSlotsPerByte: Int = 16,
                maxDuration: Duration? = nil) {
        self.maxFileBytes = maxFileBytes
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.maxRows = maxRows
        self.maxColumns = maxColumns
        self.maxSharedStrings = maxSharedStrings
        self.maxSharedStringBytes = maxSharedStringBytes
        self.maxCells = maxCells
        self.maxCellSlotsPerByte = maxCellSlotsPerByte
        self.maxDuration = maxDuration
    }

    /// The inflated bytes a package of `fileSize` bytes may hold: the absolute limit, or the ratio limit over
    /// the whole file when that is smaller.
    func uncompressedAllowance(fileSize: Int64) -> Int64 {
        let ratio = Int64(Swift.max(maxCompressionRatio, 1))
        let (scaled, overflow) = Swift.max(fileSize, 0).multipliedReportingOverflow(by: ratio)
        guard !overflow, scaled <= Int64.max - Self.packageRatioAllowanceBytes else { return maxUncompressedBytes }
        return Swift.min(maxUncompressedBytes, scaled + Self.packageRatioAllowanceBytes)
    }

    /// The cell slots a sheet part of `partBytes` inflated bytes may fill.
    func cellSlotBudget(partBytes: Int64) -> Int {
        let perByte = Int64(Swift.max(maxCellSlotsPerByte, 0))
        let (scaled, overflow) = Swift.max(partBytes, 0).multipliedReportingOverflow(by: perByte)
        let allowance = Int64(Self.cellSlotAllowance)
        guard !overflow, scaled <= Int64(Int.max) - allowance else { return Int.max }
        return Int(scaled + allowance)
    }
}

/// The moment reading must be over by, checked as the reader inflates each piece of a part.
struct ReadDeadline: Sendable, Hashable {
    let instant: ContinuousClock.Instant?
    let duration: Duration?

    init(_ duration: Duration?) {
        self.duration = duration
        instant = duration.map { ContinuousClock.now.advanced(by: $0) }
    }

    static let unlimited = ReadDeadline(nil)

    func check() throws(SpreadsheetError) {
        guard let instant, let duration, ContinuousClock.now >= instant else { return }
        throw .timeLimitExceeded(seconds: Int(duration.components.seconds))
    }
}
