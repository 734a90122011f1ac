import Foundation

/// Assembles compressed parts into a ZIP file: local headers with the final sizes (no data descriptors, which
/// some readers handle badly), a central directory and its end record. Parts are added in the conventional
/// order with `[Content_Types].xml` first, which is how file-type sniffers recognise an .xlsx.
final class ZipArchiveWriter {
    private let handle: FileHandle
    private var offset: Int64 = 0
    private var centralDirectory = Data()
    private var entryCount = 0
    /// 1980-01-01 00:00, the earliest DOS date: fixed, so that the same workbook gives the same bytes.
    private static let dosDate: UInt16 = 0x21
    /// General-purpose flags: bit 11 says entry names are UTF-8 (set for archives of people's files, whose
    /// Chinese names would otherwise be read as CP437); workbooks, whose part names are ASCII, leave it clear.
    private let flags: UInt16

    convenience init(url: URL) throws(SpreadsheetError) {
        try self.init(url: url, utf8Names: false)
    }

    init(url: URL, utf8Names: Bool) throws(SpreadsheetError) {
        flags = utf8Names ? 0x0800 : 0
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: url) else {
            throw .io("无法创建文件 \(url.lastPathComponent)")
        }
        self.handle = handle
    }

    func add(_ part: CompressedPart) throws(SpreadsheetError) {
        let name = Array(part.name.utf8)
        let headerOffset = offset
        guard headerOffset <= Int64(UInt32.max), part.compressedSize <= Int64(UInt32.max),
              part.uncompressedSize <= Int64(UInt32.max), entryCount < Int(UInt16.max) else {
            throw .outputTooLarge
        }
        var local = Data()
        local.appendLittleEndian(UInt32(0x0403_4B50))
        appendCommonFields(to: &local, part: part, nameLength: name.count)
        local.appendLittleEndian(UInt16(0))
        local.append(contentsOf: name)
        try write(local)

        if let spoolURL = part.spoolURL {
            guard let input = try? FileHandle(forReadingFrom: spoolURL) else {
                throw .io("无法读取临时文件 \(spoolURL.lastPathComponent)")
            }
            defer { try? input.close() }
            var copied: Int64 = 0
            while true {
                let chunk: Data?
                do {
                    chunk = try input.read(upToCount: 1 << 20)
                } catch {
                    throw .io(error.localizedDescription)
                }
                guard let chunk, !chunk.isEmpty else { break }
                copied += Int64(chunk.count)
                try write(chunk)
            }
            guard copied == part.compressedSize else { throw .io("临时文件长度不符") }
        } else {
            try write(part.memoryBytes)
        }

        var central = Data()
        central.appendLittleEndian(UInt32(0x0201_4B50))
        central.appendLittleEndian(UInt16(20))
        appendCommonFields(to: &central, part: part, nameLength: name.count)
        central.appendLittleEndian(UInt16(0))
        central.appendLittleEndian(UInt16(0))
        central.appendLittleEndian(UInt16(0))
        central.appendLittleEndian(UInt16(0))
        central.appendLittleEndian(UInt32(0))
        central.appendLittleEndian(UInt32(headerOffset))
        central.append(contentsOf: name)
        centralDirectory.append(central)
        entryCount += 1
    }

    func finish() throws(SpreadsheetError) {
        let directoryOffset = offset
        guard directoryOffset <= Int64(UInt32.max), centralDirectory.count <= Int(UInt32.max) else {
            throw .outputTooLarge
        }
        try write(centralDirectory)
        var end = Data()
        end.appendLittleEndian(UInt32(0x0605_4B50))
        end.appendLittleEndian(UInt16(0))
        end.appendLittleEndian(UInt16(0))
        end.appendLittleEndian(UInt16(entryCount))
        end.appendLittleEndian(UInt16(entryCount))
        end.appendLittleEndian(UInt32(centralDirectory.count))
        end.appendLittleEndian(UInt32(directoryOffset))
        end.appendLittleEndian(UInt16(0))
        try write(end)
        do {
            try handle.close()
        } catch {
            throw .io(error.localizedDescription)
        }
    }

    /// Closes the file after a failure; the caller removes it.
    func abandon() {
        try? handle.close()
    }

    /// Version needed, flags, method, time, date, CRC, sizes, name and extra lengths: the fields the local
    /// header and the central directory share.
    private func appendCommonFields(to data: inout Data, part: CompressedPart, nameLength: Int) {
        data.appendLittleEndian(UInt16(20))
        data.appendLittleEndian(flags)
        data.appendLittleEndian(UInt16(8))
        data.appendLittleEndian(UInt16(0))
        data.appendLittleEndian(Self.dosDate)
        data.appendLittleEndian(part.crc32)
        data.appendLittleEndian(UInt32(truncatingIfNeeded: part.compressedSize))
        data.appendLittleEndian(UInt32(truncatingIfNeeded: part.uncompressedSize))
        data.appendLittleEndian(UInt16(truncatingIfNeeded: nameLength))
    }

    private func write(_ data: Data) throws(SpreadsheetError) {
        do {
            try handle.write(contentsOf: data)
        } catch {
            throw .io(error.localizedDescription)
        }
        offset += Int64(data.count)
    }
}

extension Data {
    mutating func appendLittleEndian<Value: FixedWidthInteger>(_ value: Value) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
