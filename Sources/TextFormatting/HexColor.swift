/// An sRGB colour written as hexadecimal text, as SVG and spreadsheet styles write it: reading `#RRGGBB` (and,
/// where allowed, `#RGB`) into three bytes, and writing three bytes back as `RRGGBB`.
public enum HexColor {
    /// The bytes of `#RRGGBB` or `RRGGBB` (case-insensitive) and, when `short` is allowed, `#RGB` or `RGB`;
    /// `nil` for anything else.
    public static func parse(_ text: String, short: Bool) -> (red: UInt8, green: UInt8, blue: UInt8)? {
        var digits = Substring(text)
        if digits.first == "#" { digits = digits.dropFirst() }
        var values: [UInt8] = []
        for character in digits {
            guard let value = character.hexDigitValue else { return nil }
            values.append(UInt8(value))
        }
        switch values.count {
        case 3 where short:
            return (values[0] * 17, values[1] * 17, values[2] * 17)
        case 6:
            return (values[0] << 4 | values[1], values[2] << 4 | values[3], values[4] << 4 | values[5])
        default:
            return nil
        }
    }

    /// `RRGGBB`, upper case, without a `#`.
    public static func text(red: UInt8, green: UInt8, blue: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        var result = ""
        for byte in [red, green, blue] {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return result
    }
}
