import Foundation
import SeedbedDomain

/// This node's copy of its last overview snapshot on disk (`SEEDBED_CACHE_DIR`), read once at start so a restart
/// answers 企业总览 from it instead of rebuilding a million enterprises from rows first.
///
/// The file's key names the database (`Setting.databaseInstance`), the data version and the published runs it
/// reflects. At start a file of the same key is the snapshot; one of the same database at an older version is
/// served while the new build runs, as every node serves its old snapshot during a rebuild; anything else is
/// ignored. Written whole to a temporary name and renamed, so a reader (another node on the same machine, or the
/// next start) sees the old file or the new, never half of one.
struct SnapshotCache: Sendable {
    let directory: URL
    static let fileName = "overview.snapshot"

    var file: URL { directory.appendingPathComponent(Self.fileName) }

    /// The key a snapshot is written under.
    static func key(instance: String, version: Int, runs: String) -> String { "\(instance)|\(version)|\(runs)" }

    /// The stored snapshot and its key parts; nil when there is none, an error when it cannot be read.
    func read() throws -> (instance: String, runs: String, snapshot: DashboardSnapshot)? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        let (key, snapshot) = try SnapshotFile.decode([UInt8](data))
        let parts = key.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, Int(parts[1]) == snapshot.version else { return nil }
        return (String(parts[0]), String(parts[2]), snapshot)
    }

    func write(_ snapshot: DashboardSnapshot, instance: String, runs: String) throws {
        let bytes = SnapshotFile.encode(snapshot, key: Self.key(instance: instance, version: snapshot.version, runs: runs))
        try Self.replace(file, with: bytes)
    }

    /// The configured cache directory; none for an in-memory database, whose data ends with the process.
    static func configured(_ config: AppConfig) -> SnapshotCache? {
        if case .sqliteMemory = config.database { return nil }
        return config.snapshotCacheDirectory.map { SnapshotCache(directory: URL(fileURLWithPath: $0)) }
    }

    /// Writes `file` whole under a temporary name and renames it into place.
    static func replace(_ file: URL, with bytes: [UInt8]) throws {
        let directory = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString)")
        try Data(bytes).write(to: temporary)
        guard rename(temporary.path, file.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }
}
