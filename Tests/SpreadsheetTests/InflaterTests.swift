import Foundation
import Testing
@testable import Spreadsheet

/// The reader's DEFLATE decompressor (zlib, driven piece by piece with the reader's own bounds), against streams
/// zlib made (`Fixtures/zlib_streams.json`, written by `make_zlib_streams.py`), fed in pieces of any size, and
/// against damaged and hand-made hostile streams.
@Suite("Inflater")
struct InflaterTests {
    struct Stream: Decodable {
        var name: String
        var size: Int
        var crc32: UInt32
        var deflate: String

        var compressed: Data { Data(base64Encoded: deflate) ?? Data() }
    }

    static let streams: [Stream] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/zlib_streams.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([Stream].self, from: data)) ?? []
    }()

    static func stream(_ name: String) throws -> Stream {
        try #require(streams.first { $0.name == name }, "no zlib stream named \(name)")
    }

    /// Inflates `compressed`, handing the inflater at most `pieceSize` bytes per read, and stops after
    /// `outputLimit` bytes of output.
    static func inflate(_ compressed: Data, pieceSize: Int = .max, outputLimit: Int = 64 << 20) throws(Inflater.Failure)
        -> (output: Data, largestPiece: Int) {
        var offset = 0
        let inflater = Inflater { buffer throws(Inflater.Failure) in
            let count = Swift.min(buffer.count, pieceSize, compressed.count - offset)
            guard count > 0 else { return 0 }
            compressed.withUnsafeBytes { bytes in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
            }
            offset += count
            return count
        }
        var output = Data()
        var largestPiece = 0
        while output.count < outputLimit {
            let piece = try inflater.next()
            if piece.isEmpty { break }
            largestPiece = Swift.max(largestPiece, piece.count)
            output.append(contentsOf: piece)
        }
        return (output, largestPiece)
    }

    @Test("The zlib streams of the fixture file are all there")
    func fixturesPresent() {
        #expect(Self.streams.count == 15)
    }

    @Test("Every zlib stream inflates to its size and checksum, however its bytes arrive",
          arguments: streams.map(\.name))
    func zlibStreams(name: String) throws {
        let stream = try Self.stream(name)
        for pieceSize in [Int.max, 4_099, 7, 1] {
            let output = try Self.inflate(stream.compressed, pieceSize: pieceSize).output
            #expect(output.count == stream.size, "\(name), pieces of \(pieceSize)")
            #expect(TestZip.crc32(output) == stream.crc32, "\(name), pieces of \(pieceSize)")
            if stream.size > 100_000 && pieceSize < 10 { break }
        }
    }

    @Test("Output comes a window at a time, so memory stays flat however large the content")
    func piecesAreBounded() throws {
        let stream = try Self.stream("zeros")
        let result = try Self.inflate(stream.compressed)
        #expect(result.output.count == 600_000)
        // The first piece also fills the 32 KiB history; later ones are at most 256 KiB and one match.
        #expect(result.largestPiece <= 32_768 + (1 << 18) + 258)
    }

    @Test("A stream cut short anywhere is refused as truncated",
          arguments: ["sheet fixed codes", "sheet stored", "sheet sync flushes", "one byte"])
    func truncated(name: String) throws {
        let compressed = try Self.stream(name).compressed
        let step = Swift.max(compressed.count / 97, 1)
        for length in stride(from: 0, to: compressed.count, by: step) {
            #expect(throws: Inflater.Failure.truncated, "\(name) cut at \(length)") {
                _ = try Self.inflate(compressed.prefix(length))
            }
        }
    }

    @Test("Damaged streams end in an error or in some output, never in a crash or a hang")
    func damaged() throws {
        var generator = SplitMix64(seed: 99)
        var outcomes = (finished: 0, failed: 0)
        for name in ["sheet level 6", "sheet fixed codes", "sheet stored", "sheet Huffman only", "mixed"] {
            let original = try Self.stream(name).compressed
            for _ in 0..<300 {
                var damaged = original
                for _ in 0..<Int(generator.next() % 3 + 1) {
                    let index = Int(generator.next() % UInt64(damaged.count))
                    damaged[index] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
                }
                do {
                    _ = try Self.inflate(damaged, outputLimit: 8 << 20)
                    outcomes.finished += 1
                } catch {
                    outcomes.failed += 1
                }
            }
        }
        // Damage inside stored or literal data still inflates (the entry's CRC-32 catches it); damage to codes
        // and headers must fail.
        #expect(outcomes.finished + outcomes.failed == 1_500)
        #expect(outcomes.failed > 0)
    }

    @Test("Hand-made hostile streams are refused as invalid", arguments: HostileStream.allCases)
    func hostile(stream: HostileStream) {
        #expect(throws: Inflater.Failure.self, "\(stream)") {
            _ = try Self.inflate(stream.bytes)
        }
        do {
            _ = try Self.inflate(stream.bytes)
        } catch {
            #expect(error != .truncated, "\(stream) should be invalid, not merely short")
        }
    }

    enum HostileStream: String, CaseIterable, CustomTestStringConvertible {
        case reservedBlockType
        case distanceBeforeStart
        case storedLengthMismatch
        case oversubscribedCode
        case noEndOfBlockCode
        case floodOfEmptyBlocks

        var testDescription: String { rawValue }

        var bytes: Data {
            var bits = BitWriter()
            switch self {
            case .reservedBlockType:
                bits.write(1, 1)
                bits.write(3, 2)
            case .distanceBeforeStart:
                // A fixed-code block that starts with "copy 3 bytes from 1 back".
                bits.write(1, 1)
                bits.write(1, 2)
                bits.writeCode(0b000_0001, 7)
                bits.writeCode(0, 5)
                bits.writeCode(0, 7)
            case .storedLengthMismatch:
                bits.write(1, 1)
                bits.write(0, 2)
                bits.alignToByte()
                bits.write(5, 16)
                bits.write(5, 16)
                bits.write(0, 40)
            case .oversubscribedCode:
                // Nineteen code-length codes of one bit each.
                bits.write(1, 1)
                bits.write(2, 2)
                bits.write(0, 5)
                bits.write(0, 5)
                bits.write(15, 4)
                for _ in 0..<19 { bits.write(1, 3) }
                bits.write(0, 64)
            case .noEndOfBlockCode:
                // Literal lengths 1, 1, then 255 zeros (so symbol 256 has no code), and one distance code.
                bits.write(1, 1)
                bits.write(2, 2)
                bits.write(0, 5)
                bits.write(0, 5)
                bits.write(14, 4)
                let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1]
                for symbol in order { bits.write(symbol == 1 || symbol == 18 ? 1 : 0, 3) }
                bits.writeCode(0, 1)
                bits.writeCode(0, 1)
                bits.writeCode(1, 1)
                bits.write(127, 7)
                bits.writeCode(1, 1)
                bits.write(106, 7)
                bits.writeCode(0, 1)
                bits.write(0, 64)
            case .floodOfEmptyBlocks:
                for _ in 0..<2_000 {
                    bits.write(0, 3)
                    bits.alignToByte()
                    bits.write(0, 16)
                    bits.write(0xFFFF, 16)
                }
                bits.write(1, 1)
                bits.write(1, 2)
                bits.writeCode(0, 7)
            }
            bits.alignToByte()
            return Data(bits.bytes)
        }
    }
}

/// Writes a DEFLATE bit stream: values least significant bit first, Huffman codes most significant bit first.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var bitCount = 0

    mutating func write(_ value: Int, _ count: Int) {
        for index in 0..<count {
            if bitCount % 8 == 0 { bytes.append(0) }
            if value >> index & 1 == 1 { bytes[bytes.count - 1] |= UInt8(1 << (bitCount % 8)) }
            bitCount += 1
        }
    }

    mutating func writeCode(_ code: Int, _ length: Int) {
        for index in (0..<length).reversed() { write(code >> index & 1, 1) }
    }

    mutating func alignToByte() {
        bitCount = (bitCount + 7) / 8 * 8
    }
}
