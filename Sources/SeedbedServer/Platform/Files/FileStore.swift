import Fluent
import Foundation
import SQLKit
import TextFormatting
import Vapor

/// Where file bytes live, addressed by their SHA-256. Two implementations: a local directory (default) and the
/// database (for several nodes without a shared disk).
protocol FileStore: Sendable {
    /// Stores the file at `source` (moved or copied) under `sha256`.
    func put(_ source: URL, sha256: String, on db: any Database) async throws
    /// A local file with the bytes (a temporary copy for the database store); nil when absent.
    func open(sha256: String, on db: any Database) async throws -> URL?
    func delete(sha256: String, on db: any Database) async throws
}

/// Files under `root/ab/cd/<sha256>`.
struct DirectoryFileStore: FileStore {
    let root: URL

    private func path(_ sha256: String) -> URL {
        let a = String(sha256.prefix(2))
        let b = String(sha256.dropFirst(2).prefix(2))
        return root.appendingPathComponent(a).appendingPathComponent(b).appendingPathComponent(sha256)
    }

    func put(_ source: URL, sha256: String, on db: any Database) async throws {
        let target = path(sha256)
        let manager = FileManager.default
        if manager.fileExists(atPath: target.path) { return }
        try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Copied beside the target, then renamed into place: on a directory several nodes share, two nodes keeping
        // the same bytes at once, or a node reading while another writes, never meet a half-written file.
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(sha256).\(UUID().uuidString)")
        defer { try? manager.removeItem(at: partial) }
        try manager.copyItem(at: source, to: partial)
        guard rename(partial.path, target.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    func open(sha256: String, on db: any Database) async throws -> URL? {
        let target = path(sha256)
        return FileManager.default.fileExists(atPath: target.path) ? target : nil
    }

    func delete(sha256: String, on db: any Database) async throws {
        try? FileManager.default.removeItem(at: path(sha256))
    }
}

/// Files in the `file_blobs` table.
struct DatabaseFileStore: FileStore {
    func put(_ source: URL, sha256: String, on db: any Database) async throws {
        if try await FileBlob.find(sha256, on: db) != nil { return }
        let data = try Data(contentsOf: source)
        // Two nodes (or two requests) keeping the same bytes at once: the second insert finds the first's row.
        guard let sql = db as? any SQLDatabase else { return try await FileBlob(sha256: sha256, data: data).create(on: db) }
        try await sql.insert(into: FileBlob.schema).columns("sha256", "data").values(SQLBind(sha256), SQLBind(data))
            .ignoringConflicts(with: ["sha256"]).run()
    }

    func open(sha256: String, on db: any Database) async throws -> URL? {
        guard let blob = try await FileBlob.find(sha256, on: db) else { return nil }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seedbed-" + sha256)
        // Atomic: a second download of the same file meanwhile streams the whole copy, never one being written.
        if !FileManager.default.fileExists(atPath: url.path) { try blob.data.write(to: url, options: .atomic) }
        return url
    }

    func delete(sha256: String, on db: any Database) async throws {
        try await FileBlob.query(on: db).filter(\.$id == sha256).delete()
    }
}

/// Keeping and fetching files with their metadata: hash, sniffed type, sanitised name, scope, expiry.
struct Files {
    let app: Application
    let db: any Database

    /// Keeps the file at `source`. `allowed` lists the sniffed kinds accepted; anything else is refused with a
    /// Chinese message naming what is accepted.
    func keep(_ source: URL, name: String, purpose: String, owner: Int?, subject: (enterpriseID: Int, regionCode: String,
              zoneID: Int?, incubatorID: Int?)? = nil, allowed: Set<FileKind>? = nil, expiresAt: Date? = nil,
              kindOverride: FileKind? = nil)
        async throws -> StoredFile
    {
        let attributes = try FileManager.default.attributesOfItem(atPath: source.path)
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        // Files the platform wrote itself (staged rows) need no sniffing; uploads always are sniffed.
        let kind = try kindOverride ?? FileKind.sniff(source)
        if let allowed, !allowed.contains(kind) {
            throw AppError.invalid("不支持的文件类型，请上传 " + allowed.map(\.label).sorted().joined(separator: "、"),
                                   code: "file_type")
        }
        let sha = try Self.sha256(of: source)
        try await app.fileStore.put(source, sha256: sha, on: db)
        let file = StoredFile()
        file.sha256 = sha
        file.size = size
        file.contentType = kind.contentType
        file.name = Self.sanitise(name, kind: kind)
        file.purpose = purpose
        file.ownerID = owner
        file.enterpriseID = subject?.enterpriseID
        file.regionCode = subject?.regionCode
        file.zoneID = subject?.zoneID
        file.incubatorID = subject?.incubatorID
        file.createdAt = app.clock.now()
        file.expiresAt = expiresAt
        try await file.create(on: db)
        return file
    }

    /// A download response for a kept file (attachment, with a safe UTF-8 file name).
    func download(_ file: StoredFile, for request: Request) async throws -> Response {
        guard let url = try await app.fileStore.open(sha256: file.sha256, on: db) else {
            throw AppError.notFound("文件已过期或已被删除")
        }
        return try await request.download(url, name: file.name, contentType: file.contentType, removingAfterwards: false)
    }

    /// Deletes expired files (exports after 24 hours) and bytes no file refers to any more.
    func sweepExpired(now: Date) async throws {
        let expired = try await StoredFile.query(on: db).filter(\.$expiresAt < now).all()
        for file in expired {
            try await discard(file)
        }
    }

    /// Removes a kept file, and its bytes unless another file holds the same content. For uploads of a post that
    /// was then refused: a refused form changes nothing, and leaves nothing on the disk either.
    func discard(_ file: StoredFile) async throws {
        try await file.delete(on: db)
        let stillUsed = try await StoredFile.query(on: db).filter(\.$sha256 == file.sha256).count()
        if stillUsed == 0 { try await app.fileStore.delete(sha256: file.sha256, on: db) }
    }

    /// `discard` for files kept by id (the ids a refused form had collected).
    func discard(ids: [Int]) async throws {
        guard !ids.isEmpty else { return }
        for file in try await StoredFile.query(on: db).filter(\.$id ~~ ids).all() {
            try await discard(file)
        }
    }

    static func sha256(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return HexText.lowercase(hasher.finalize())
    }

    /// Keeps letters, digits, CJK and a few safe marks; forces the extension of the sniffed kind.
    static func sanitise(_ name: String, kind: FileKind) -> String {
        let base = (name as NSString).deletingPathExtension
        var cleaned = String(base.unicodeScalars.filter { scalar in
            CharacterSet.alphanumerics.contains(scalar) || "-_（）()【】 ".unicodeScalars.contains(scalar)
        }).trimmingCharacters(in: .whitespaces)
        if cleaned.isEmpty { cleaned = "file" }
        return String(cleaned.prefix(80)) + "." + kind.fileExtension
    }
}

/// File kinds the platform accepts, told from their content, never from the name a browser sends.
enum FileKind: String, Sendable, Hashable {
    case pdf, jpeg, png, xlsx, docx, zip
    /// Data the platform writes for itself (staged import rows); never accepted from an upload.
    case staged

    var label: String {
        switch self {
        case .pdf: "PDF"
        case .jpeg: "JPG"
        case .png: "PNG"
        case .xlsx: "Excel（.xlsx）"
        case .docx: "Word（.docx）"
        case .zip: "ZIP"
        case .staged: "数据"
        }
    }

    var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .staged: "jsonl"
        default: rawValue
        }
    }

    var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .zip: "application/zip"
        case .staged: "application/x-ndjson"
        }
    }

    /// Reads the first bytes (and, for ZIP containers, the first entry names) of a file.
    static func sniff(_ url: URL) throws -> FileKind {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let head = [UInt8](try handle.read(upToCount: 64 * 1024) ?? Data())
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let names = centralDirectoryNames(handle) ?? zipEntryNames(head)
            if names.contains(where: { $0.hasPrefix("xl/") }) { return .xlsx }
            if names.contains(where: { $0.hasPrefix("word/") }) { return .docx }
            return .zip
        }
        throw AppError.invalid("无法识别的文件类型，请上传 PDF、JPG、PNG、Excel、Word 或 ZIP 文件", code: "file_type")
    }

    /// Entry names from the ZIP central directory (what unzip tools trust), or nil when it cannot be found
    /// within the last 128 KiB.
    static func centralDirectoryNames(_ handle: FileHandle) -> [String]? {
        guard let end = try? handle.seekToEnd(), end >= 22 else { return nil }
        let tailLength = min(end, 128 * 1024)
        guard (try? handle.seek(toOffset: end - tailLength)) != nil,
              let tailData = try? handle.read(upToCount: Int(tailLength))
        else { return nil }
        let tail = [UInt8](tailData)
        guard tail.count >= 22 else { return nil }
        func u16(_ i: Int) -> Int { Int(tail[i]) | Int(tail[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        var eocd = tail.count - 22
        func isSignature(_ i: Int, _ third: UInt8, _ fourth: UInt8) -> Bool {
            tail[i] == 0x50 && tail[i + 1] == 0x4B && tail[i + 2] == third && tail[i + 3] == fourth
        }
        while eocd >= 0, !isSignature(eocd, 0x05, 0x06) { eocd -= 1 }
        guard eocd >= 0 else { return nil }
        let entries = u16(eocd + 10)
        let size = u32(eocd + 12)
        let start = eocd - size
        guard start >= 0 else { return nil }
        var names: [String] = []
        var offset = start
        for _ in 0..<min(entries, 512) {
            guard offset + 46 <= eocd, isSignature(offset, 0x01, 0x02) else { break }
            let nameLength = u16(offset + 28)
            let extra = u16(offset + 30)
            let comment = u16(offset + 32)
            guard offset + 46 + nameLength <= eocd else { break }
            names.append(String(decoding: tail[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self))
            offset += 46 + nameLength + extra + comment
        }
        return names.isEmpty ? nil : names
    }

    /// Entry names from the local file headers found in `bytes` (bounds-checked; stops at anything odd).
    static func zipEntryNames(_ bytes: [UInt8]) -> [String] {
        var names: [String] = []
        var offset = 0
        while offset + 30 <= bytes.count, names.count < 64,
              bytes[offset] == 0x50, bytes[offset + 1] == 0x4B, bytes[offset + 2] == 0x03, bytes[offset + 3] == 0x04
        {
            func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
            let flags = u16(offset + 6)
            let compressed = u16(offset + 18) | u16(offset + 20) << 16
            let nameLength = u16(offset + 26)
            let extraLength = u16(offset + 28)
            let nameStart = offset + 30
            guard nameStart + nameLength <= bytes.count else { break }
            names.append(String(decoding: bytes[nameStart..<(nameStart + nameLength)], as: UTF8.self))
            // With a data descriptor the size is not in the header: the names seen so far must do.
            if flags & 0x08 != 0 || compressed == 0xFFFF_FFFF { break }
            offset = nameStart + nameLength + extraLength + compressed
        }
        return names
    }
}

extension Application {
    struct FileStoreKey: StorageKey { typealias Value = any FileStore }

    /// Set by `configure`, which checks it is (`requireServices`).
    var fileStore: any FileStore {
        get { storage[FileStoreKey.self] ?? UnconfiguredFileStore() }
        set { storage[FileStoreKey.self] = newValue }
    }
}

extension Request {
    var files: Files { Files(app: application, db: db) }
}
