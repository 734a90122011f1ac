import Foundation

/// A peer program in Python that a benchmark runs in the same invocation, beside its own figures, where the
/// peer's module is installed. The scripts travel inside `seedbed-bench` (`PeerScripts`), so a benchmark needs no
/// checkout to find them; they compute what the peers in `../shared/peers` compute.
struct PythonPeer: Sendable {
    /// How the peer is named in the output, e.g. "polars".
    let name: String
    /// The module `import` must find.
    let module: String
    /// The pip package that provides it.
    let package: String
    /// The script's source, run as `python3 -c SOURCE arguments…`.
    let script: String

    /// Whether `python3 -c "import <module>"` succeeds.
    var isInstalled: Bool {
        (try? Self.python(["-c", "import " + module]))?.status == 0
    }

    /// The line printed in place of the peer's when it is not installed.
    var skippedLine: String {
        JSONLine([("peer", .text(name)), ("skipped", .text("python3 cannot import \(module): pip install \(package)"))])
            .text
    }

    /// The line printed in place of the peer's when it failed.
    func failedLine(_ error: any Error) -> String {
        let reason = (error as? any LocalizedError)?.errorDescription ?? String(describing: error)
        return JSONLine([("peer", .text(name)), ("failed", .text(reason))]).text
    }

    /// Runs the peer and returns its one JSON line, parsed and as printed. Throws with its error output when it
    /// fails.
    func run(_ arguments: [String]) throws -> (line: String, figures: [String: Any]) {
        let result = try Self.python(["-c", script] + arguments)
        let line = result.output.split(separator: "\n").last.map(String.init) ?? ""
        guard result.status == 0,
              let figures = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            throw BenchmarkError.peerFailed("\(name)（退出码 \(result.status)）：\(result.errorOutput.suffix(2_000))")
        }
        return (line, figures)
    }

    /// The peer's line with more fields appended (the comparison with the platform's figures).
    static func extend(_ line: String, with fields: [(String, JSONLine.Value)]) -> String {
        guard line.hasSuffix("}"), !fields.isEmpty else { return line }
        let extra = JSONLine(fields).text.dropFirst().dropLast()
        return String(line.dropLast()) + (line.hasSuffix("{}") ? "" : ",") + extra + "}"
    }

    struct Output: Sendable {
        let status: Int32
        let output: String
        let errorOutput: String
    }

    static func python(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        // stderr to a file, so a peer that writes much there cannot block on a full pipe while stdout is read.
        let errorPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("seedbed-bench-peer-\(UUID().uuidString).err").path
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        guard FileManager.default.createFile(atPath: errorPath, contents: nil),
              let errorFile = FileHandle(forWritingAtPath: errorPath)
        else {
            throw BenchmarkError.cannotWrite(path: errorPath, reason: "无法创建文件")
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorFile
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? errorFile.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorData = FileManager.default.contents(atPath: errorPath) ?? Data()
        return Output(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                      errorOutput: String(decoding: errorData, as: UTF8.self))
    }
}

/// Whether two checksums agree to the 1e-6 the peers print them with.
func checksumsAgree(_ a: Double, _ b: Double) -> Bool {
    abs(a - b) <= 1e-6 * max(1, abs(a), abs(b))
}
