import CZlib

/// CRC-32 (IEEE 802.3, as ZIP uses it), through zlib's table-driven implementation.
enum CRC32 {
    /// The checksum of `bytes` continuing from `crc` (0 to start).
    static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        return UInt32(truncatingIfNeeded: crc32_z(UInt(crc), base.assumingMemoryBound(to: UInt8.self), bytes.count))
    }
}
