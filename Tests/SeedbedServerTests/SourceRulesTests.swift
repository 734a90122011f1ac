import Foundation
import Testing

/// Rules about the code itself that a reviewer would otherwise have to remember: here, that every number a
/// request carries goes through the one bounded parser (`InputNumber` via `Request.queryInteger` and friends).
/// Vapor's typed decoding accepts any `Int`, and the `step + 1` after it once ended the whole server.
@Suite("代码规则")
struct SourceRulesTests {
    static let serverSources: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/SeedbedServer")

    /// Spellings that read an unbounded number straight from a request.
    static let forbidden = [
        "[Int.self, at:", "[Double.self, at:", "get(Int.self, at:", "get(Double.self, at:", "[Int32.self, at:",
        "parameters.get(\"id\", as: Int.self)", "Int(posted", "Int(raw)", "Int(form.",
    ]

    @Test("请求中的整数一律经有界解析器读取")
    func requestNumbersGoThroughTheBoundedParser() throws {
        let files = FileManager.default.enumerator(at: Self.serverSources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(files.count > 50, "the server sources were found")
        var offences: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for pattern in Self.forbidden where line.contains(pattern) {
                    offences.append("\(file.lastPathComponent):\(number + 1): \(pattern)")
                }
            }
        }
        #expect(offences.isEmpty, "read these through InputNumber: \(offences)")
    }
}
