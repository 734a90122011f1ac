/// One file in a ZIP package, as its central directory describes it.
struct ZipEntry: Sendable, Hashable {
    var name: String
    var flags: UInt16
    var method: UInt16
    var crc32: UInt32
    var compressedSize: Int64
    var uncompressedSize: Int64
    var localHeaderOffset: Int64
}
