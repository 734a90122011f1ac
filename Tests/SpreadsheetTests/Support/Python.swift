import Foundation
import Testing
import TestSupport

/// Running the openpyxl side of the tests (`Fixtures/openpyxl_fixtures.py`) with `python3`.
enum Python {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/openpyxl_fixtures.py")

    static var runsOpenpyxlTests: Bool { PythonProcess.runsOpenpyxlTests }
    static var hasOpenpyxl: Bool { PythonProcess.hasOpenpyxl }
    static let missingMessage = Comment(rawValue: PythonProcess.missingOpenpyxl)

    /// Runs the fixture script and returns its standard output; a non-zero exit is an error with its stderr.
    static func fixtures(_ arguments: [String]) throws -> String {
        let result = try PythonProcess.run([script.path] + arguments)
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
}
