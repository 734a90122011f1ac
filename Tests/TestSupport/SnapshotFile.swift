import Foundation

/// A stored snapshot (`__Snapshots__/<name>.<extension>` beside a test target) compared byte for byte with what
/// the code renders now. Shared by the chart and the page snapshot tests; each test target turns a mismatch into
/// a test issue.
///
/// Run with `SNAPSHOT_RECORD=1` to (re)write the stored files from the current output; then look at every changed
/// file in review before committing it, because a snapshot of a wrong page is worse than none.
public struct SnapshotFile: Sendable {
    public let directory: URL
    public let name: String
    public let fileExtension: String

    /// - Parameter testFile: `#filePath` of any file of the test target; the snapshots live in the target's folder
    ///   (the folder right under `Tests/`), in `__Snapshots__`.
    public init(besides testFile: String, name: String, fileExtension: String) {
        var folder = URL(fileURLWithPath: testFile).deletingLastPathComponent()
        while folder.deletingLastPathComponent().lastPathComponent != "Tests", folder.pathComponents.count > 2 {
            folder = folder.deletingLastPathComponent()
        }
        directory = folder.appendingPathComponent("__Snapshots__")
        self.name = name
        self.fileExtension = fileExtension
    }

    public static var isRecording: Bool { ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" }

    public var url: URL { directory.appendingPathComponent(name + "." + fileExtension) }

    /// Records (when recording) or compares `actual`; returns what is wrong, nil when it matches.
    public func check(_ actual: String) throws -> String? {
        let data = Data(actual.utf8)
        if Self.isRecording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: url)
            return nil
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else {
            return "No snapshot \(url.path); record it with SNAPSHOT_RECORD=1 swift test"
        }
        guard expected != data else { return nil }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-" + name + "." + fileExtension)
        try data.write(to: output)
        return "\(name).\(fileExtension) differs from the snapshot; the new output is in \(output.path) (diff -u them)"
    }
}
