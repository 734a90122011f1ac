import Foundation
import Testing

/// Byte-for-byte comparison with a stored SVG under `__Snapshots__/`.
///
/// Run with `SNAPSHOT_RECORD=1` to (re)write the stored files from the current output; then look at every changed
/// picture before committing it, because a snapshot of a wrong chart is worse than none.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("__Snapshots__")

    static var isRecording: Bool { ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" }

    static func assertMatches(_ svg: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = directory.appendingPathComponent(name + ".svg")
        let actual = Data(svg.utf8)
        if isRecording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: file)
            return
        }
        guard let expected = FileManager.default.contents(atPath: file.path) else {
            Issue.record("No snapshot \(file.path); record it with SNAPSHOT_RECORD=1 swift test",
                         sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("charts-" + name + ".svg")
            try actual.write(to: output)
            Issue.record("\(name).svg differs from the snapshot; the new output is in \(output.path)",
                         sourceLocation: sourceLocation)
        }
    }
}
