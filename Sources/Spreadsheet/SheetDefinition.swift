/// A sheet to write: its name, columns, header row and the conveniences of a list or a template.
public struct SheetDefinition: Sendable, Hashable {
    /// At most 31 characters, none of `: \ / ? * [ ]`, unique in the workbook.
    public var name: String
    /// The columns in order from A; rows may hold more cells than there are columns.
    public var columns: [SheetColumn]
    /// Writes row 1 from the columns' headers. Turn off for a sheet of free text rows (an instructions sheet).
    public var writesHeader: Bool
    /// The look of the header row: bold on a light fill unless changed.
    public var headerStyle: CellStyle
    /// Keeps the header row in view while scrolling.
    public var freezesHeader: Bool
    /// Adds Excel's filter buttons to the header row, over all written rows.
    public var hasAutoFilter: Bool
    /// Dependent dropdowns over several columns (province → city → county).
    public var cascades: [CascadingDropdown]
    /// The last row that dropdowns apply to; Excel's last row by default, so rows typed in later get them too.
    public var dropdownLastRow: Int

    public init(name: String, columns: [SheetColumn] = [], writesHeader: Bool = true, headerStyle: CellStyle = .header,
                freezesHeader: Bool = true, hasAutoFilter: Bool = false, cascades: [CascadingDropdown] = [],
                dropdownLastRow: Int = SpreadsheetLimits.excelMaxRows) {
        self.name = name
        self.columns = columns
        self.writesHeader = writesHeader
        self.headerStyle = headerStyle
        self.freezesHeader = freezesHeader
        self.hasAutoFilter = hasAutoFilter
        self.cascades = cascades
        self.dropdownLastRow = dropdownLastRow
    }
}
