import TestSupport
import Testing

/// Byte-for-byte comparison with a stored SVG under `__Snapshots__/` (`SNAPSHOT_RECORD=1` re-records).
enum Snapshot {
    static func assertMatches(_ svg: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if let problem = try SnapshotFile(besides: #filePath, name: name, fileExtension: "svg").check(svg) {
            Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
        }
    }
}
