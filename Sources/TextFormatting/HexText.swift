/// Bytes as lower-case hexadecimal text (`0f a3` → `0fa3`): digests and keys as they are stored and compared.
/// Written from a table: `String(format: "%02x")` per byte went through Foundation's formatter, 32 calls for one
/// SHA-256, and a million-enterprise demo spent a third of its time there hashing phone numbers.
public enum HexText {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func lowercase<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            utf8.append(digits[Int(byte >> 4)])
            utf8.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}
