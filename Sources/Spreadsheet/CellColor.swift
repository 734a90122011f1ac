import TextFormatting

/// An opaque RGB colour for fonts and fills.
public struct CellColor: Sendable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `"FFC7CE"` or `"#FFC7CE"`; nil for anything else.
    public init?(hex: String) {
        guard let rgb = HexColor.parse(hex, short: false) else { return nil }
        self.init(red: rgb.red, green: rgb.green, blue: rgb.blue)
    }

    /// Excel's red, used for the required-column star.
    public static let red = CellColor(red: 0xFF, green: 0x00, blue: 0x00)
    /// Excel's "bad" cell fill: light red, for cells an import rejected.
    public static let lightRed = CellColor(red: 0xFF, green: 0xC7, blue: 0xCE)
    /// A light grey-blue for header rows.
    public static let headerBlue = CellColor(red: 0xDD, green: 0xEB, blue: 0xF7)
    /// Light yellow, for cells to look at.
    public static let lightYellow = CellColor(red: 0xFF, green: 0xF2, blue: 0xCC)

    /// `FFRRGGBB`, the ARGB spelling styles.xml uses.
    var argb: String { "FF" + HexColor.text(red: red, green: green, blue: blue) }
}
