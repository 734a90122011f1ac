import TextFormatting

/// An sRGB colour for a chart mark.
///
/// Stored as three bytes rather than a string so a caller-supplied colour can never carry anything but a colour into
/// the SVG: it is always written as `#RRGGBB`.
public struct ChartColor: Sendable, Hashable, CustomStringConvertible {
    public let red: UInt8
    public let green: UInt8
    public let blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Parses `#RRGGBB`, `RRGGBB`, `#RGB` or `RGB` (case-insensitive); `nil` for anything else.
    public init?(hex: String) {
        guard let rgb = HexColor.parse(hex, short: true) else { return nil }
        self.init(red: rgb.red, green: rgb.green, blue: rgb.blue)
    }

    /// `#RRGGBB`, upper case.
    public var hex: String { "#" + HexColor.text(red: red, green: green, blue: blue) }

    public var description: String { hex }

    /// This colour moved `amount` (0…1) of the way towards `other`, per channel.
    func mixed(with other: ChartColor, amount: Double) -> ChartColor {
        let t = min(max(amount, 0), 1)
        func channel(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded())
        }
        return ChartColor(red: channel(red, other.red), green: channel(green, other.green),
                          blue: channel(blue, other.blue))
    }

    static let white = ChartColor(red: 0xFF, green: 0xFF, blue: 0xFF)
    static let black = ChartColor(red: 0x00, green: 0x00, blue: 0x00)
}
