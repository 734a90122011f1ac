import Foundation

/// The content of one ZIP entry, produced a piece at a time as the reader asks for it, and checked as it
/// goes: it stops as soon as the content outgrows its declared size (a zip bomb that lies in its directory),
/// and at the end its size and CRC-32 must match the directory's.
final class EntryStream {
    private static let storedChunkSize = 1 << 18

    private let part: String
    private let declaredSize: Int64
    private let expectedChecksum: UInt32
    private let compressed: CompressedBytes
    private let inflater: Inflater?
    /// Holds the last chunk of a stored entry, so that the bytes handed out stay valid until the next call.
    private let storedBuffer: UnsafeMutableRawBufferPointer
    private var produced: Int64 = 0
    private var checksum: UInt32 = 0
    private var isDone = false

    init(entry: ZipEntry, reader: FileReader, part: String) throws(SpreadsheetError) {
        self.part = part
        declaredSize = entry.uncompressedSize
        expectedChecksum = entry.crc32
        let header = try reader.read(at: entry.localHeaderOffset, count: 30)
        var cursor = ByteCursor(data: header, offset: 0)
        guard try cursor.uint32() == 0x0403_4B50 else { throw .corrupted(detail: "\(part) 的文件头损坏") }
        cursor.skip(22)
        let nameLength = Int64(try cursor.uint16())
        let extraLength = Int64(try cursor.uint16())
        let dataStart = entry.localHeaderOffset + 30 + nameLength + extraLength
        guard dataStart <= reader.size, entry.compressedSize <= reader.size - dataStart else {
            throw .corrupted(detail: "\(part) 的数据不完整")
        }
        guard entry.flags & 1 == 0 else { throw .unsupportedCompression(method: Int(entry.method)) }
        let compressed = CompressedBytes(reader: reader, start: dataStart, count: entry.compressedSize)
        self.compressed = compressed
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw .corrupted(detail: "\(part) 的大小不一致")
            }
            inflater = nil
            storedBuffer = .allocate(byteCount: Self.storedChunkSize, alignment: 8)
        case 8:
            inflater = Inflater { buffer throws(Inflater.Failure) in try compressed.read(into: buffer) }
            storedBuffer = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        default:
            throw .unsupportedCompression(method: Int(entry.method))
        }
    }

    deinit {
        storedBuffer.deallocate()
    }

    /// The next piece of the content, valid until the next call; nil after the last piece, once size and
    /// checksum have been verified.
    func next() throws(SpreadsheetError) -> UnsafeRawBufferPointer? {
        guard !isDone else { return nil }
        let piece: UnsafeRawBufferPointer
        if let inflater {
            do {
                piece = UnsafeRawBufferPointer(try inflater.next())
            } catch {
                if let failure = compressed.failure { throw failure }
                switch error {
                case .truncated: throw .corrupted(detail: "\(part) 的压缩数据不完整")
                case .invalid(let reason): throw .corrupted(detail: "\(part) 的压缩数据损坏（\(reason)）")
                }
            }
        } else {
            let count = Int(Swift.min(Int64(storedBuffer.count), declaredSize - produced))
            if count > 0 {
                let data = try compressed.read(count: count)
                data.withUnsafeBytes { storedBuffer.copyMemory(from: $0) }
            }
            piece = UnsafeRawBufferPointer(rebasing: storedBuffer[0..<Swift.max(count, 0)])
        }
        guard !piece.isEmpty else {
            try finish()
            return nil
        }
        produced += Int64(piece.count)
        guard produced <= declaredSize else { throw .corrupted(detail: "\(part) 解压后超过声明的大小") }
        checksum = CRC32.update(checksum, piece)
        return piece
    }

    private func finish() throws(SpreadsheetError) {
        isDone = true
        guard produced == declaredSize else { throw .corrupted(detail: "\(part) 解压后的大小与声明不符") }
        guard checksum == expectedChecksum else { throw .corrupted(detail: "\(part) 的校验和不符") }
    }
}

/// The stored bytes of an entry, read from the file in order and never past the entry's end.
private final class CompressedBytes {
    private let reader: FileReader
    private var position: Int64
    private let end: Int64
    /// The file error behind a failed read, kept so that it is reported instead of "corrupted data".
    private(set) var failure: SpreadsheetError?

    init(reader: FileReader, start: Int64, count: Int64) {
        self.reader = reader
        position = start
        end = start + count
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(Inflater.Failure) -> Int {
        let count = Int(Swift.min(Int64(buffer.count), end - position))
        guard count > 0 else { return 0 }
        do {
            let data = try read(count: count)
            data.withUnsafeBytes { bytes in buffer.copyMemory(from: bytes) }
            return data.count
        } catch {
            failure = error
            throw .invalid("read failed")
        }
    }

    func read(count: Int) throws(SpreadsheetError) -> Data {
        guard count >= 0, Int64(count) <= end - position else {
            throw .corrupted(detail: "数据超出压缩条目的末尾")
        }
        let data = try reader.read(at: position, count: count)
        position += Int64(count)
        return data
    }
}
