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
        var digits = Substring(hex)
        if digits.first == "#" { digits = digits.dropFirst() }
        var values: [UInt8] = []
        for character in digits {
            guard let value = character.hexDigitValue else { return nil }
            values.append(UInt8(value))
        }
        switch values.count {
        case 3:
            self.init(red: values[0] * 17, green: values[1] * 17, blue: values[2] * 17)
        case 6:
            self.init(red: values[0] << 4 | values[1], green: values[2] << 4 | values[3],
                      blue: values[4] << 4 | values[5])
        default:
            return nil
        }
    }

    /// `#RRGGBB`, upper case.
    public var hex: String {
        let digits = Array("0123456789ABCDEF")
        var result = "#"
        for byte in [red, green, blue] {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return result
    }

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
