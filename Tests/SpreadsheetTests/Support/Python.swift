import Foundation
import Testing

/// Running the openpyxl side of the tests (`Fixtures/openpyxl_fixtures.py`) with `python3`.
enum Python {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/openpyxl_fixtures.py")

    /// Whether `python3 -c "import openpyxl"` succeeds here.
    static let hasOpenpyxl: Bool = (try? run(["-c", "import openpyxl"]).status) == 0

    /// CI installs openpyxl, so there a missing openpyxl is a failure, not a reason to skip.
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Whether the openpyxl tests run: where openpyxl is installed, and always on CI (where they then fail
    /// loudly if it is missing).
    static let runsOpenpyxlTests = hasOpenpyxl || isCI

    static let missingMessage: Comment = "CI=true but `python3 -c \"import openpyxl\"` fails: install openpyxl"

    /// Runs the fixture script and returns its standard output; a non-zero exit is an error with its stderr.
    static func fixtures(_ arguments: [String]) throws -> String {
        let result = try run([script.path] + arguments)
        guard result.status == 0 else {
            throw ScriptFailure(message: "openpyxl_fixtures.py \(arguments.joined(separator: " ")) failed: "
                + result.errorOutput)
        }
        return result.output
    }

    struct ScriptFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errorOutput: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self),
                String(decoding: errorData, as: UTF8.self))
    }
}
