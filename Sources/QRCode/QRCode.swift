/// A QR code symbol (ISO/IEC 18004) holding bytes in byte mode at error-correction level M: a square of dark and
/// light modules, drawn by the server so that nothing comes from outside the intranet.
///
/// `QRCode(bytes:)` picks the smallest version (1–40) the data fits and the mask with the lowest penalty score,
/// as the standard prescribes; a mask can be forced to compare with another encoder.
public struct QRCode: Sendable, Equatable {
    /// The symbol version, 1–40: the side is `17 + 4 × version` modules.
    public let version: Int
    /// The data mask pattern used, 0–7.
    public let mask: Int
    /// Modules in rows, `true` for dark.
    public let modules: [[Bool]]

    /// The number of modules on a side, without the quiet zone.
    public var size: Int { modules.count }

    /// Why data could not be encoded.
    public enum EncodingError: Error, Equatable {
        /// More bytes than a version-40 symbol at level M holds (2331).
        case tooLong(Int)
        /// A mask outside 0–7 or a version outside 1–40 was asked for.
        case invalidParameter
    }

    /// Encodes `bytes` in byte mode at level M.
    /// - Parameters:
    ///   - minimumVersion: the smallest version to consider (a larger one is used when the data needs it).
    ///   - mask: a fixed mask pattern; `nil` selects the one with the lowest penalty.
    public init(bytes: [UInt8], minimumVersion: Int = 1, mask: Int? = nil) throws {
        guard (1...40).contains(minimumVersion), mask.map({ (0...7).contains($0) }) ?? true else {
            throw EncodingError.invalidParameter
        }
        guard let version = (minimumVersion...40).first(where: { Self.fits(bytes.count, version: $0) }) else {
            throw EncodingError.tooLong(bytes.count)
        }
        let codewords = Self.codewords(for: bytes, version: version)
        let base = SymbolMatrix(version: version)
        var unmasked = base
        unmasked.place(codewords: codewords)
        let chosen: (mask: Int, matrix: SymbolMatrix)
        if let mask {
            chosen = (mask, unmasked.masked(with: mask))
        } else {
            let candidates = (0...7).map { (mask: $0, matrix: unmasked.masked(with: $0)) }
            chosen = candidates.min { $0.matrix.penalty < $1.matrix.penalty } ?? (0, unmasked.masked(with: 0))
        }
        self.version = version
        self.mask = chosen.mask
        self.modules = chosen.matrix.rows
    }

    /// Encodes the UTF-8 bytes of `text`.
    public init(text: String, minimumVersion: Int = 1, mask: Int? = nil) throws {
        try self.init(bytes: Array(text.utf8), minimumVersion: minimumVersion, mask: mask)
    }

    /// Whether the module at column `x`, row `y` is dark; outside the symbol is light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard y >= 0, y < modules.count, x >= 0, x < modules[y].count else { return false }
        return modules[y][x]
    }

    // MARK: Data codewords

    /// Bits of the byte-mode character count for a version.
    static func countBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    static func fits(_ count: Int, version: Int) -> Bool {
        let capacity = ErrorCorrectionTable.medium(version).dataCodewords * 8
        return 4 + countBits(version: version) + count * 8 <= capacity
            && count < (1 << countBits(version: version))
    }

    /// The final codeword sequence: data and error-correction codewords, interleaved across blocks.
    static func codewords(for bytes: [UInt8], version: Int) -> [UInt8] {
        let table = ErrorCorrectionTable.medium(version)
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: countBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacity = table.dataCodewords * 8
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < table.dataCodewords {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }

        var blocks: [[UInt8]] = []
        var offset = 0
        for length in table.blockLengths {
            blocks.append(Array(data[offset..<offset + length]))
            offset += length
        }
        let generator = ReedSolomon.generator(degree: table.ecCodewordsPerBlock)
        let corrections = blocks.map { ReedSolomon.remainder(of: $0, generator: generator) }

        var result: [UInt8] = []
        result.reserveCapacity(table.totalCodewords)
        let longest = blocks.map(\.count).max() ?? 0
        for index in 0..<longest {
            for block in blocks where index < block.count { result.append(block[index]) }
        }
        for index in 0..<table.ecCodewordsPerBlock {
            for correction in corrections { result.append(correction[index]) }
        }
        return result
    }
}

/// Bits appended most significant first.
struct BitBuffer {
    private(set) var bits: [Bool] = []
    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        guard count > 0 else { return }
        for shift in stride(from: count - 1, through: 0, by: -1) {
            bits.append((value >> shift) & 1 == 1)
        }
    }

    /// The bits packed into bytes; a final partial byte is padded with zeros.
    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            var byte: UInt8 = 0
            for offset in 0..<8 {
                byte <<= 1
                if start + offset < bits.count, bits[start + offset] { byte |= 1 }
            }
            return byte
        }
    }
}
