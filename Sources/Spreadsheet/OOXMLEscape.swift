/// Excel's own escape for characters XML cannot hold: `_x000D_` is a carriage return, `_x005F_` an underscore.
enum OOXMLEscape {
    /// Decodes `_xHHHH_` sequences in place.
    static func unescape(_ bytes: inout [UInt8]) {
        guard bytes.contains(UInt8(ascii: "_")) else { return }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "_"), index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"),
               bytes[index + 6] == UInt8(ascii: "_"), let value = hexValue(bytes[(index + 2)...(index + 5)]) {
                if let scalar = Unicode.Scalar(value) {
                    output.append(contentsOf: String(Character(scalar)).utf8)
                }
                index += 7
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        bytes = output
    }

    private static func hexValue(_ digits: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for digit in digits {
            switch digit {
            case 0x30...0x39: value = value << 4 | UInt32(digit - 0x30)
            case 0x41...0x46: value = value << 4 | UInt32(digit - 0x37)
            case 0x61...0x66: value = value << 4 | UInt32(digit - 0x57)
            default: return nil
            }
        }
        return value
    }
}
