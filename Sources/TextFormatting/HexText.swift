/// Bytes as lower-case hexadecimal text (`0f a3` → `0fa3`): digests and keys as they are stored and compared, and
/// `bytea` in PostgreSQL's COPY text. Written from a table: `String(format: "%02x")` per byte went through
/// Foundation's formatter, 32 calls for one SHA-256, and a million-enterprise demo spent a third of its time there
/// hashing phone numbers.
public enum HexText {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func lowercase<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(decoding: lowercaseUTF8(Array(bytes)), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes, spelled into one array, for a writer that appends bytes (a million results'
    /// breakdowns in one COPY).
    public static func lowercaseUTF8<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        [UInt8](unsafeUninitializedCapacity: bytes.count * 2) { out, initialized in
            var at = 0
            for byte in bytes where at + 1 < out.count {
                out[at] = digits[Int(byte >> 4)]
                out[at + 1] = digits[Int(byte & 0x0F)]
                at += 2
            }
            initialized = at
        }
    }
}
