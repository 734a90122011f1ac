import Foundation
@testable import QRCode
import Testing

/// The encoder against symbols segno drew for the same text at level M (`Fixtures/generate.py`): same version
/// and, with segno's mask, the same modules.
struct QRCodeTests {
    struct Reference {
        let text: String
        let version: Int
        let mask: Int
        let rows: [String]
    }

    static let fixtureNames = ["v1", "v2-mask5", "v4", "v6", "v10", "v13", "v26"]

    static func reference(_ name: String) throws -> Reference {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name).txt")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        guard lines.count > 2 else { throw FixtureError.malformed(name) }
        let header = lines[1].split(separator: " ").compactMap { Int($0) }
        guard header.count == 2 else { throw FixtureError.malformed(name) }
        return Reference(text: lines[0], version: header[0], mask: header[1],
                         rows: lines.dropFirst(2).filter { !$0.isEmpty })
    }

    enum FixtureError: Error { case malformed(String) }

    /// segno scores the masks before it draws the format and version information (those modules undefined);
    /// this encoder scores the finished symbol, so the two may prefer different masks for the same data (they do
    /// for `v1`). Either symbol reads the same: the comparison uses segno's mask.
    @Test("与 segno 生成的参考矩阵逐模块一致（版本、同一掩码）", arguments: fixtureNames)
    func matchesReference(name: String) throws {
        let reference = try Self.reference(name)
        let automatic = try QRCode(text: reference.text)
        #expect(automatic.version == reference.version)
        let code = try QRCode(text: reference.text, mask: reference.mask)
        #expect(code.size == 17 + 4 * reference.version)
        #expect(code.textRows == reference.rows)
    }

    @Test("掩码评分：同色连续、类定位图形")
    func penaltyRules() {
        // A run of 7 scores 3 + 2; runs shorter than 5 score nothing.
        #expect(SymbolMatrix.runPenalty(Array(repeating: true, count: 7) + [false, true, false, true]) == 5)
        #expect(SymbolMatrix.runPenalty([true, true, true, true, false, false, false, false]) == 0)
        // 1011101 with four light modules before it (or the edge of the symbol) scores 40 once.
        let finderLike: [Bool] = [false, false, false, false, true, false, true, true, true, false, true, true, true]
        #expect(SymbolMatrix.finderLikePenalty(finderLike) == 40)
        let surrounded: [Bool] = [true, true, true, true, true, false, true, true, true, false, true, true, true, true, true]
        #expect(SymbolMatrix.finderLikePenalty(surrounded) == 0)
    }

    @Test("每个掩码都与参考一致", arguments: 0...7)
    func everyMaskMatches(mask: Int) throws {
        // The reference's modules with another mask differ only in data modules and format: applying the
        // reference's mask and ours to the unmasked data must agree — checked by encoding with each mask and
        // undoing it.
        let reference = try Self.reference("v4")
        let ours = try QRCode(text: reference.text, mask: mask)
        let base = try QRCode(text: reference.text, mask: reference.mask)
        #expect(base.textRows == reference.rows)
        var matrix = SymbolMatrix(version: ours.version)
        matrix.place(codewords: QRCode.codewords(for: Array(reference.text.utf8), version: ours.version))
        #expect(matrix.masked(with: mask).rows == ours.modules)
    }

    @Test("各版本的码字表与可用模块数相符", arguments: 1...40)
    func tablesMatchGeometry(version: Int) {
        let table = ErrorCorrectionTable.medium(version)
        let available = SymbolMatrix(version: version).dataPositions.count
        #expect(available / 8 == table.totalCodewords)
        #expect([0, 3, 4, 7].contains(available % 8))
    }

    @Test("RS 生成多项式（次数 10，ISO/IEC 18004 附录 A）")
    func generatorPolynomial() {
        // α exponents of g(x) for 10 error-correction codewords: 0, 251, 67, 46, 61, 118, 70, 64, 94, 32, 45.
        let expected: [UInt8] = [1, 216, 194, 159, 111, 199, 94, 95, 113, 157, 193]
        #expect(ReedSolomon.generator(degree: 10) == expected)
    }

    @Test("格式信息与版本信息的 BCH 码")
    func formatAndVersionBits() {
        // Level M is 00: with mask 0 the protected bits are all zero and only the XOR pattern remains (table C.1).
        #expect(SymbolMatrix.formatBits(mask: 0) == 0b101_0100_0001_0010)
        #expect(SymbolMatrix.formatBits(mask: 5) == 0b100_0000_1100_1110)
        #expect(SymbolMatrix.versionBits(7) == 0b00_0111_1100_1001_0100)
    }

    @Test("容量边界：版本 1-M 可放 14 字节，15 字节需版本 2；超过版本 40 报错")
    func capacity() throws {
        #expect(try QRCode(bytes: Array(repeating: 0x41, count: 14)).version == 1)
        #expect(try QRCode(bytes: Array(repeating: 0x41, count: 15)).version == 2)
        #expect(try QRCode(bytes: Array(repeating: 0x41, count: 2331)).version == 40)
        #expect(throws: QRCode.EncodingError.tooLong(2332)) { try QRCode(bytes: Array(repeating: 0x41, count: 2332)) }
        #expect(throws: QRCode.EncodingError.invalidParameter) { try QRCode(text: "x", mask: 8) }
    }

    @Test("SVG 只画深色模块并留出静区")
    func svg() throws {
        let code = try QRCode(text: "HELLO")
        let svg = code.svg(moduleSize: 5, title: "a<b")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"145\" height=\"145\" viewBox=\"0 0 29 29\""))
        #expect(svg.contains("<title>a&lt;b</title>"))
        // The top-left finder's first row is one run of seven dark modules, drawn after the 4-module quiet zone.
        #expect(svg.contains("M4 4h7v1h-7z"))
    }
}
