import Foundation

/// Positioned reads from the uploaded file, failing with `corrupted` rather than returning short data.
final class FileReader {
    private let handle: FileHandle
    let size: Int64

    init(url: URL) throws(SpreadsheetError) {
        guard let handle = try? FileHandle(forReadingFrom: url) else { throw .io("无法打开文件") }
        self.handle = handle
        do {
            size = Int64(try handle.seekToEnd())
        } catch {
            try? handle.close()
            throw .io("无法读取文件大小")
        }
    }

    deinit {
        try? handle.close()
    }

    /// Exactly `count` bytes at `offset`.
    func read(at offset: Int64, count: Int) throws(SpreadsheetError) -> Data {
        guard count >= 0, offset >= 0, offset <= size, Int64(count) <= size - offset else {
            throw .corrupted(detail: "数据超出文件末尾")
        }
        guard count > 0 else { return Data() }
        do {
            try handle.seek(toOffset: UInt64(offset))
            guard let data = try handle.read(upToCount: count), data.count == count else {
                throw SpreadsheetError.corrupted(detail: "文件被截断")
            }
            return data
        } catch let error as SpreadsheetError {
            throw error
        } catch {
            throw .io(error.localizedDescription)
        }
    }
}
