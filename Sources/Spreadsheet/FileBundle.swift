import Foundation

/// A ZIP archive of files already on disk (下载全部附件): each file deflated through a spool file, so no file's
/// size reaches memory, under the name given, with UTF-8 names flagged so Chinese names open as written.
public enum FileBundle {
    /// One file to put in the archive.
    public struct Entry: Sendable {
        public let name: String
        public let source: URL

        public init(name: String, source: URL) {
            self.name = name
            self.source = source
        }
    }

    /// Writes `entries` to `url`. Names are used as given (the caller makes them unique and safe); on failure the
    /// partial file is removed.
    public static func write(_ entries: [Entry], to url: URL) throws(SpreadsheetError) {
        let writer = try ZipArchiveWriter(url: url, utf8Names: true)
        do {
            for entry in entries {
                try add(entry, to: writer)
            }
            try writer.finish()
        } catch {
            writer.abandon()
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }

    private static func add(_ entry: Entry, to writer: ZipArchiveWriter) throws(SpreadsheetError) {
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-bundle-\(UUID().uuidString)")
        let part = try CompressedPart(name: entry.name, spoolURL: spool)
        defer { part.removeSpool() }
        guard let input = try? FileHandle(forReadingFrom: entry.source) else {
            throw .io("无法读取文件 \(entry.name)")
        }
        defer { try? input.close() }
        while true {
            let read: Data?
            do {
                read = try input.read(upToCount: 1 << 20)
            } catch {
                throw .io("无法读取文件 \(entry.name)")
            }
            guard let chunk = read, !chunk.isEmpty else { break }
            let bytes = [UInt8](chunk)
            var failure: SpreadsheetError?
            bytes.withUnsafeBytes { buffer in
                do {
                    try part.write(buffer)
                } catch {
                    failure = (error as? SpreadsheetError) ?? .io(error.localizedDescription)
                }
            }
            if let failure { throw failure }
        }
        try part.finish()
        try writer.add(part)
    }
}
