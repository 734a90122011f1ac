import Foundation

/// Runs `python3` for the tests that compare with a Python peer (openpyxl), shared by the spreadsheet and the
/// benchmark tests.
public enum PythonProcess {
    public struct Result: Sendable {
        public let status: Int32
        public let output: String
        public let errorOutput: String
    }

    /// Runs `python3 arguments…` to the end and returns its exit status and both outputs.
    public static func run(_ arguments: [String]) throws -> Result {
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
        return Result(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                      errorOutput: String(decoding: errorData, as: UTF8.self))
    }

    /// Whether `python3 -c "import openpyxl"` succeeds here.
    public static let hasOpenpyxl: Bool = (try? run(["-c", "import openpyxl"]).status) == 0

    /// CI installs openpyxl, so there a missing openpyxl is a failure, not a reason to skip.
    public static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Whether the openpyxl tests run: where openpyxl is installed, and always on CI (where they then fail loudly
    /// if it is missing).
    public static var runsOpenpyxlTests: Bool { hasOpenpyxl || isCI }

    public static let missingOpenpyxl = "CI=true but `python3 -c \"import openpyxl\"` fails: install openpyxl"
}
