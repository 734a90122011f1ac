import Foundation

/// One package part being written: its bytes are checksummed and deflated as they arrive, and the compressed
/// stream goes to memory (small parts) or to a spool file (sheets), so a sheet's size never reaches memory.
final class CompressedPart {
    let name: String
    private(set) var crc32: UInt32 = 0
    private(set) var uncompressedSize: Int64 = 0
    private let deflater: Deflater
    private let destination: PartDestination

    /// A part compressed into memory.
    init(name: String) {
        self.name = name
        let destination = PartDestination(spoolURL: nil, handle: nil)
        self.destination = destination
        self.deflater = Deflater { bytes in try destination.append(bytes) }
    }

    /// A part compressed into a fresh spool file, removed by `removeSpool()`.
    init(name: String, spoolURL: URL) throws(SpreadsheetError) {
        self.name = name
        guard FileManager.default.createFile(atPath: spoolURL.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: spoolURL) else {
            throw .io("无法创建临时文件 \(spoolURL.lastPathComponent)")
        }
        let destination = PartDestination(spoolURL: spoolURL, handle: handle)
        self.destination = destination
        self.deflater = Deflater { bytes in try destination.append(bytes) }
    }

    var compressedSize: Int64 { destination.count }
    var spoolURL: URL? { destination.spoolURL }
    var memoryBytes: Data { destination.memory }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SpreadsheetError) {
        guard bytes.count > 0 else { return }
        crc32 = CRC32.update(crc32, bytes)
        uncompressedSize += Int64(bytes.count)
        guard uncompressedSize <= Int64(UInt32.max) else { throw .outputTooLarge }
        do {
            try deflater.write(bytes)
        } catch {
            throw Self.ioError(error)
        }
    }

    func write(_ text: String) throws(SpreadsheetError) {
        var text = text
        try text.withUTF8 { utf8 in
            Result { () throws(SpreadsheetError) in try write(UnsafeRawBufferPointer(utf8)) }
        }.get()
    }

    /// Ends the deflate stream and closes the spool file.
    func finish() throws(SpreadsheetError) {
        do {
            try deflater.finish()
            try destination.close()
        } catch {
            throw Self.ioError(error)
        }
        guard uncompressedSize <= Int64(UInt32.max), compressedSize <= Int64(UInt32.max) else {
            throw .outputTooLarge
        }
    }

    func removeSpool() {
        destination.remove()
    }

    private static func ioError(_ error: any Error) -> SpreadsheetError {
        (error as? SpreadsheetError) ?? .io(error.localizedDescription)
    }
}

/// Where a part's compressed bytes go.
private final class PartDestination {
    let spoolURL: URL?
    private var handle: FileHandle?
    private(set) var memory = Data()
    private(set) var count: Int64 = 0

    init(spoolURL: URL?, handle: FileHandle?) {
        self.spoolURL = spoolURL
        self.handle = handle
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        count += Int64(bytes.count)
        if let handle {
            try handle.write(contentsOf: Data(bytes))
        } else {
            memory.append(contentsOf: bytes)
        }
    }

    func close() throws {
        try handle?.close()
        handle = nil
    }

    func remove() {
        try? handle?.close()
        handle = nil
        if let spoolURL { try? FileManager.default.removeItem(at: spoolURL) }
    }
}
