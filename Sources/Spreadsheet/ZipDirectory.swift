import Foundation

/// The central directory of a ZIP file, read with every offset and size checked against the file, and the
/// package refused up front when its declared content breaks the limits.
struct ZipDirectory: Sendable {
    private static let maxEntries = 10_000
    private static let maxDirectoryBytes = 16 << 20

    private let entries: [String: ZipEntry]
    private let entriesByLowercasedName: [String: ZipEntry]

    init(reader: FileReader, limits: SpreadsheetLimits) throws(SpreadsheetError) {
        let fileSize = reader.size
        guard fileSize >= 22 else { throw .notXLSX }
        let tailLength = Int(Swift.min(fileSize, 22 + 65_535))
        let tail = try reader.read(at: fileSize - Int64(tailLength), count: tailLength)
        guard let endIndex = Self.lastIndex(of: 0x0605_4B50, in: tail, last: tailLength - 22) else {
            throw .corrupted(detail: "找不到压缩包目录")
        }
        let endOffset = fileSize - Int64(tailLength) + Int64(endIndex)
        var cursor = ByteCursor(data: tail, offset: endIndex + 4)
        let disk = try cursor.uint16()
        let directoryDisk = try cursor.uint16()
        _ = try cursor.uint16()
        var entryCount = Int64(try cursor.uint16())
        var directorySize = Int64(try cursor.uint32())
        var directoryOffset = Int64(try cursor.uint32())
        guard disk == 0, directoryDisk == 0 else { throw .corrupted(detail: "不支持分卷压缩包") }

        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: the real values live in a record the locator just before the end record points to.
            guard endOffset >= 20 else { throw .corrupted(detail: "ZIP64 目录缺失") }
            let locator = try reader.read(at: endOffset - 20, count: 20)
            var locatorCursor = ByteCursor(data: locator, offset: 0)
            guard try locatorCursor.uint32() == 0x0706_4B50 else { throw .corrupted(detail: "ZIP64 目录缺失") }
            _ = try locatorCursor.uint32()
            let recordOffset = try locatorCursor.int64()
            let record = try reader.read(at: recordOffset, count: 56)
            var recordCursor = ByteCursor(data: record, offset: 0)
            guard try recordCursor.uint32() == 0x0606_4B50 else { throw .corrupted(detail: "ZIP64 目录损坏") }
            recordCursor.skip(20)
            _ = try recordCursor.int64()
            entryCount = try recordCursor.int64()
            directorySize = try recordCursor.int64()
            directoryOffset = try recordCursor.int64()
        }
        guard entryCount <= Int64(Self.maxEntries) else {
            throw .tooManyItems(what: "压缩包条目", limit: Self.maxEntries)
        }
        guard directorySize >= 0, directorySize <= Int64(Self.maxDirectoryBytes), directoryOffset >= 0,
              directoryOffset <= endOffset, directorySize <= endOffset - directoryOffset else {
            throw .corrupted(detail: "压缩包目录位置错误")
        }
        let directory = try reader.read(at: directoryOffset, count: Int(directorySize))
        var directoryCursor = ByteCursor(data: directory, offset: 0)
        var entries: [String: ZipEntry] = [:]
        var lowercased: [String: ZipEntry] = [:]
        var declaredTotal: Int64 = 0
        for _ in 0..<entryCount {
            let entry = try Self.parseEntry(&directoryCursor, fileSize: fileSize)
            if entry.name.hasSuffix("/") { continue }
            let (sum, overflow) = declaredTotal.addingReportingOverflow(entry.uncompressedSize)
            declaredTotal = overflow ? Int64.max : sum
            guard declaredTotal <= limits.maxUncompressedBytes else {
                throw .uncompressedTooLarge(limitBytes: limits.maxUncompressedBytes)
            }
            // Parts under the per-part floor escape the ratio one by one; together they must not.
            guard declaredTotal <= limits.uncompressedAllowance(fileSize: fileSize) else {
                throw .compressionRatioTooHigh(limit: limits.maxCompressionRatio)
            }
            try Self.checkRatio(uncompressed: entry.uncompressedSize, compressed: entry.compressedSize, limits: limits)
            entries[entry.name] = entry
            lowercased[entry.name.lowercased()] = entry
        }
        self.entries = entries
        self.entriesByLowercasedName = lowercased
    }

    /// The entry with this part name; OPC part names are case-insensitive, so a differently cased name also
    /// matches.
    func entry(named name: String) -> ZipEntry? {
        entries[name] ?? entriesByLowercasedName[name.lowercased()]
    }

    private static func parseEntry(_ cursor: inout ByteCursor, fileSize: Int64) throws(SpreadsheetError) -> ZipEntry {
        guard try cursor.uint32() == 0x0201_4B50 else { throw .corrupted(detail: "压缩包目录项损坏") }
        cursor.skip(4)
        let flags = try cursor.uint16()
        let method = try cursor.uint16()
        cursor.skip(4)
        let crc = try cursor.uint32()
        var compressedSize = Int64(try cursor.uint32())
        var uncompressedSize = Int64(try cursor.uint32())
        let nameLength = Int(try cursor.uint16())
        let extraLength = Int(try cursor.uint16())
        let commentLength = Int(try cursor.uint16())
        cursor.skip(8)
        var localHeaderOffset = Int64(try cursor.uint32())
        let nameBytes = try cursor.bytes(nameLength)
        let extra = try cursor.bytes(extraLength)
        cursor.skip(commentLength)
        guard cursor.isValid else { throw .corrupted(detail: "压缩包目录项损坏") }

        // ZIP64 extra field: only the fields saturated in the fixed header are present, in this order.
        var extraCursor = ByteCursor(data: Data(extra), offset: 0)
        while extraCursor.remaining >= 4 {
            let tag = try extraCursor.uint16()
            let length = Int(try extraCursor.uint16())
            let body = try extraCursor.bytes(length)
            guard tag == 0x0001 else { continue }
            var fieldCursor = ByteCursor(data: Data(body), offset: 0)
            if uncompressedSize == 0xFFFF_FFFF { uncompressedSize = try fieldCursor.int64() }
            if compressedSize == 0xFFFF_FFFF { compressedSize = try fieldCursor.int64() }
            if localHeaderOffset == 0xFFFF_FFFF { localHeaderOffset = try fieldCursor.int64() }
        }
        guard compressedSize >= 0, uncompressedSize >= 0, localHeaderOffset >= 0, localHeaderOffset < fileSize,
              compressedSize <= fileSize else {
            throw .corrupted(detail: "压缩包目录项的大小或位置错误")
        }
        return ZipEntry(name: String(decoding: nameBytes, as: UTF8.self), flags: flags, method: method, crc32: crc,
                        compressedSize: compressedSize, uncompressedSize: uncompressedSize,
                        localHeaderOffset: localHeaderOffset)
    }

    static func checkRatio(uncompressed: Int64, compressed: Int64, limits: SpreadsheetLimits) throws(SpreadsheetError) {
        guard uncompressed > SpreadsheetLimits.ratioCheckFloorBytes else { return }
        let ratio = Int64(Swift.max(limits.maxCompressionRatio, 1))
        let (allowed, overflow) = Swift.max(compressed, 1).multipliedReportingOverflow(by: ratio)
        if !overflow, uncompressed > allowed {
            throw .compressionRatioTooHigh(limit: limits.maxCompressionRatio)
        }
    }

    private static func lastIndex(of signature: UInt32, in data: Data, last: Int) -> Int? {
        guard last >= 0 else { return nil }
        return data.withUnsafeBytes { raw -> Int? in
            var index = last
            while index >= 0 {
                if index + 4 <= raw.count,
                   raw.loadUnaligned(fromByteOffset: index, as: UInt32.self).littleEndian == signature {
                    return index
                }
                index -= 1
            }
            return nil
        }
    }
}
