/// Bytes as lower-case hexadecimal text (`0f a3` → `0fa3`): digests and keys as they are stored and compared, and
/// `bytea` in PostgreSQL's COPY text. Written from a table: `String(format: "%02x")` per byte went through
/// Foundation's formatter, 32 calls for one SHA-256, and a million-enterprise demo spent a third of its time there
/// hashing phone numbers.
public enum HexText {
    public static func lowercase<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(decoding: lowercaseUTF8(Array(bytes)), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes, spelled into one array.
    public static func lowercaseUTF8<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        let input = Array(bytes)
        return [UInt8](unsafeUninitializedCapacity: input.count * 2) { out, initialized in
            initialized = input.withUnsafeBytes { spell($0, into: UnsafeMutableRawBufferPointer(out)) }
        }
    }

    /// Spells `bytes` into `out` (two characters a byte, as many whole bytes as fit) and returns the characters
    /// written. Not generic, so a caller in another module runs this loop and not one through a protocol witness
    /// per byte: a million results' breakdowns in one COPY spelled that way were a tenth of a scoring run's CPU.
    public static func spell(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(bytes.count, out.count / 2)
        let digits: StaticString = "0123456789abcdef"
        return digits.withUTF8Buffer { table in
            guard table.count == 16 else { return 0 }
            for index in 0..<count {
                let byte = bytes[index]
                out[2 * index] = table[Int(byte >> 4)]
                out[2 * index + 1] = table[Int(byte & 0x0F)]
            }
            return 2 * count
        }
    }
}
