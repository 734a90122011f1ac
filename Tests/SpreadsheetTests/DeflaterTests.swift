import Foundation
import Testing
@testable import Spreadsheet

/// The writer's deflate stream (zlib, fed a piece at a time), checked through the reader's ZIP path on inputs that
/// stress how it is fed and drained: nothing to match, matches everywhere, runs longer than a match, the sliding
/// window, pieces of one byte, and the output buffer's boundaries.
@Suite("Deflate compressor")
struct DeflaterTests {
    static func inputs() -> [(name: String, data: Data)] {
        var generator = SplitMix64(seed: 42)
        let random = Data((0..<300_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        let text = Data(String(repeating: "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>企业名称</t></is></c></row>",
                               count: 8_000).utf8)
        var farRepeats = Data((0..<40_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        farRepeats.append(farRepeats)
        var mixed = Data()
        for index in 0..<2_000 {
            mixed.append(contentsOf: "第\(index)行,".utf8)
            let noise = (0..<Int(generator.next() % 200)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            mixed.append(contentsOf: noise)
        }
        return [
            ("empty", Data()),
            ("one byte", Data([0x41])),
            ("three bytes", Data("abc".utf8)),
            ("incompressible", random),
            ("zeros across buffers", Data(count: (1 << 18) * 3 + 17)),
            ("spreadsheet text", text),
            ("repeat beyond the window", farRepeats),
            ("mixed", mixed),
            ("every byte value", Data((0..<65_536).map { UInt8(truncatingIfNeeded: $0) })),
            ("buffer boundary", Data(text.prefix(1 << 18))),
            ("buffer boundary + 1", Data(text.prefix((1 << 18) + 1))),
        ]
    }

    @Test("Compressed data inflates back to the input, whole or fed in pieces", arguments: inputs().map(\.name))
    func roundTrip(name: String) throws {
        let input = try #require(Self.inputs().first { $0.name == name }).data
        for pieceSize in [input.count + 1, 1, 4_097] where pieceSize > 0 {
            let compressed = Self.deflate(input, pieceSize: pieceSize)
            let output = try Self.inflate(compressed, originalSize: input.count, crc: TestZip.crc32(input))
            #expect(output == input, "\(name) in pieces of \(pieceSize)")
            if pieceSize == 1, input.count > 100_000 { break }
        }
    }

    @Test("Repetitive spreadsheet XML compresses well")
    func ratio() throws {
        let input = try #require(Self.inputs().first { $0.name == "spreadsheet text" }).data
        #expect(Self.deflate(input, pieceSize: input.count).count * 20 < input.count)
    }

    static func deflate(_ input: Data, pieceSize: Int) -> Data {
        final class Sink: @unchecked Sendable {
            var bytes = Data()
        }
        let sink = Sink()
        let deflater = Deflater { sink.bytes.append(contentsOf: $0) }
        var offset = 0
        input.withUnsafeBytes { raw in
            while offset < raw.count {
                let end = Swift.min(offset + pieceSize, raw.count)
                try? deflater.write(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                offset = end
            }
        }
        try? deflater.finish()
        return sink.bytes
    }

    /// Inflates through the reader's ZIP path, which checks size and CRC.
    static func inflate(_ compressed: Data, originalSize: Int, crc: UInt32) throws -> Data {
        var zip = TestZip()
        zip.entries = [TestZip.Entry(name: "part.xml", payload: compressed, method: 8, crc32: crc,
                                     compressedSize: UInt32(compressed.count), uncompressedSize: UInt32(originalSize))]
        let directory = try TestDirectory()
        let url = try directory.write(zip.data, name: "part.zip")
        let reader = try FileReader(url: url)
        let limits = SpreadsheetLimits(maxCompressionRatio: 1_000_000)
        let zipDirectory = try ZipDirectory(reader: reader, limits: limits)
        let entry = try #require(zipDirectory.entry(named: "part.xml"))
        var output = Data()
        try zipDirectory.stream(entry, from: reader, part: "part.xml") { output.append(contentsOf: $0) }
        return output
    }
}
