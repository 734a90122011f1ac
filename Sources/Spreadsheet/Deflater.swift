import Foundation

/// A raw DEFLATE (RFC 1951) compressor that takes its input a piece at a time, so a sheet of any length is
/// compressed as it is produced and never held whole.
///
/// ZIPFoundation's compressor needs the input size before it starts, which a streamed sheet does not know; and
/// zlib's default level spends most of an export's time on spreadsheet XML, where a greedy one-probe matcher
/// finds nearly the same long repeats. So: LZ77 with one hash probe per position (like zlib's fastest level), and
/// a dynamic Huffman block for every 64 Ki symbols.
final class Deflater {
    private static let windowSize = 32_768
    private static let hashBits = 16
    private static let maxMatch = 258
    /// Bytes kept unprocessed at the end of the buffer so a match can always look 258 bytes (plus one 8-byte load)
    /// ahead while more input may follow.
    private static let lookahead = maxMatch + 8
    private static let bufferCapacity = 1 << 18
    private static let symbolCapacity = 1 << 16
    /// One block: every symbol at its longest (15 + 5 + 15 + 13 bits), plus the block header.
    private static let outputCapacity = symbolCapacity * 6 + 16_384
    private static let literalCount = 286
    private static let distanceCount = 30
    private static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    private let window: UnsafeMutablePointer<UInt8>
    private let head: UnsafeMutablePointer<Int>
    private let symbols: UnsafeMutablePointer<UInt32>
    private let literalFrequencies: UnsafeMutablePointer<UInt32>
    private let distanceFrequencies: UnsafeMutablePointer<UInt32>
    private let output: UnsafeMutablePointer<UInt8>
    /// Length code (257…285) and extra bits of each match length 3…258, indexed by length − 3.
    private let lengthCodes: UnsafeMutablePointer<UInt16>
    private let lengthExtraBits: UnsafeMutablePointer<UInt8>
    private let lengthBases: UnsafeMutablePointer<UInt16>

    /// Absolute stream position of `window[0]`.
    private var windowStart = 0
    private var scan = 0
    private var filled = 0
    private var symbolCount = 0
    private var outputCount = 0
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0
    private var finished = false

    /// Receives compressed bytes, a block at a time.
    private let sink: (UnsafeRawBufferPointer) throws -> Void

    init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.sink = sink
        window = .allocate(capacity: Self.bufferCapacity)
        head = .allocate(capacity: 1 << Self.hashBits)
        head.initialize(repeating: Int.min, count: 1 << Self.hashBits)
        symbols = .allocate(capacity: Self.symbolCapacity)
        literalFrequencies = .allocate(capacity: Self.literalCount)
        literalFrequencies.initialize(repeating: 0, count: Self.literalCount)
        distanceFrequencies = .allocate(capacity: Self.distanceCount)
        distanceFrequencies.initialize(repeating: 0, count: Self.distanceCount)
        output = .allocate(capacity: Self.outputCapacity)
        lengthCodes = .allocate(capacity: 256)
        lengthExtraBits = .allocate(capacity: 256)
        lengthBases = .allocate(capacity: 256)
        for offset in 0..<256 {
            let (code, extra, base) = Self.lengthCode(offset + 3)
            lengthCodes[offset] = UInt16(code)
            lengthExtraBits[offset] = UInt8(extra)
            lengthBases[offset] = UInt16(base)
        }
    }

    deinit {
        window.deallocate()
        head.deallocate()
        symbols.deallocate()
        literalFrequencies.deallocate()
        distanceFrequencies.deallocate()
        output.deallocate()
        lengthCodes.deallocate()
        lengthExtraBits.deallocate()
        lengthBases.deallocate()
    }

    /// Adds input; compressed output reaches the sink as blocks fill.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !finished, let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            if filled == Self.bufferCapacity {
                try compress(final: false)
                slide()
            }
            let count = Swift.min(Self.bufferCapacity - filled, bytes.count - offset)
            (window + filled).update(from: base.advanced(by: offset).assumingMemoryBound(to: UInt8.self), count: count)
            filled += count
            offset += count
        }
    }

    /// Compresses what is left and ends the stream with a final block.
    func finish() throws {
        guard !finished else { return }
        try compress(final: true)
        try flushBlock(final: true)
        while bitCount > 0 {
            output[outputCount] = UInt8(truncatingIfNeeded: bitBuffer)
            outputCount += 1
            bitBuffer >>= 8
            bitCount = Swift.max(bitCount - 8, 0)
        }
        try emitOutput()
        finished = true
    }

    /// Drops all but the last window of history so the buffer has room again. Hash entries hold absolute
    /// positions, so they need no rewriting: anything before `windowStart` is simply out of reach.
    private func slide() {
        let shift = scan - Self.windowSize
        guard shift > 0 else { return }
        let kept = filled - shift
        memmove(window, window + shift, kept)
        windowStart += shift
        scan -= shift
        filled = kept
    }

    private func compress(final: Bool) throws {
        let limit = final ? filled : filled - Self.lookahead
        var scan = self.scan
        let filled = self.filled
        let windowStart = self.windowStart
        let window = self.window
        let head = self.head
        let hashShift = 32 - Self.hashBits
        defer { self.scan = scan }
        while scan < limit {
            if symbolCount >= Self.symbolCapacity - 1 {
                self.scan = scan
                try flushBlock(final: false)
            }
            guard scan + 4 <= filled else {
                emitLiteral(window[scan])
                scan += 1
                continue
            }
            let current = UnsafeRawPointer(window + scan).loadUnaligned(as: UInt32.self)
            let hash = Int((current &* 0x9E37_79B1) >> UInt32(hashShift))
            let candidate = head[hash]
            let position = windowStart + scan
            head[hash] = position
            if candidate >= windowStart, position - candidate <= Self.windowSize {
                let candidateIndex = candidate - windowStart
                if UnsafeRawPointer(window + candidateIndex).loadUnaligned(as: UInt32.self) == current {
                    let maxLength = Swift.min(Self.maxMatch, filled - scan)
                    var length = 4
                    var searching = true
                    while searching, length + 8 <= maxLength {
                        let left = UnsafeRawPointer(window + candidateIndex + length).loadUnaligned(as: UInt64.self)
                        let right = UnsafeRawPointer(window + scan + length).loadUnaligned(as: UInt64.self)
                        let difference = left ^ right
                        if difference == 0 {
                            length += 8
                        } else {
                            length += difference.littleEndian.trailingZeroBitCount >> 3
                            searching = false
                        }
                    }
                    if searching {
                        while length < maxLength, window[candidateIndex + length] == window[scan + length] {
                            length += 1
                        }
                    }
                    emitMatch(length: length, distance: position - candidate)
                    // Remember a few positions inside the match: every one for short matches (they are where
                    // the next repeats start), only the tail of long ones (hashing them all costs more than
                    // the ratio it buys on spreadsheet XML).
                    let insertFrom = length <= 8 ? 1 : length - 2
                    var inner = insertFrom
                    while inner < length, scan + inner + 4 <= filled {
                        let value = UnsafeRawPointer(window + scan + inner).loadUnaligned(as: UInt32.self)
                        head[Int((value &* 0x9E37_79B1) >> UInt32(hashShift))] = position + inner
                        inner += 1
                    }
                    scan += length
                    continue
                }
            }
            emitLiteral(window[scan])
            scan += 1
        }
    }

    @inline(__always)
    private func emitLiteral(_ byte: UInt8) {
        symbols[symbolCount] = UInt32(byte)
        symbolCount += 1
        literalFrequencies[Int(byte)] += 1
    }

    @inline(__always)
    private func emitMatch(length: Int, distance: Int) {
        symbols[symbolCount] = 0x8000_0000 | UInt32(length - 3) << 15 | UInt32(distance - 1)
        symbolCount += 1
        literalFrequencies[Int(lengthCodes[length - 3])] += 1
        distanceFrequencies[Self.distanceCode(distance - 1).code] += 1
    }

    // MARK: Blocks

    private func flushBlock(final: Bool) throws {
        literalFrequencies[256] = 1
        Self.ensureTwoSymbols(literalFrequencies, count: Self.literalCount)
        Self.ensureTwoSymbols(distanceFrequencies, count: Self.distanceCount)
        let literalLengths = HuffmanCode.lengths(frequencies: literalFrequencies, count: Self.literalCount, maxBits: 15)
        let distanceLengths = HuffmanCode.lengths(frequencies: distanceFrequencies, count: Self.distanceCount,
                                                  maxBits: 15)
        var literalUsed = Self.literalCount
        while literalUsed > 257, literalLengths[literalUsed - 1] == 0 { literalUsed -= 1 }
        var distanceUsed = Self.distanceCount
        while distanceUsed > 1, distanceLengths[distanceUsed - 1] == 0 { distanceUsed -= 1 }

        let runs = Self.runLengthEncode(Array(literalLengths[0..<literalUsed])
            + Array(distanceLengths[0..<distanceUsed]))
        var codeLengthFrequencies = [UInt32](repeating: 0, count: 19)
        for run in runs { codeLengthFrequencies[Int(run.symbol)] += 1 }
        let codeLengthLengths = codeLengthFrequencies.withUnsafeMutableBufferPointer { buffer -> [UInt8] in
            guard let base = buffer.baseAddress else { return [] }
            Self.ensureTwoSymbols(base, count: 19)
            return HuffmanCode.lengths(frequencies: base, count: 19, maxBits: 7)
        }
        var codeLengthUsed = 19
        while codeLengthUsed > 4, codeLengthLengths[Self.codeLengthOrder[codeLengthUsed - 1]] == 0 {
            codeLengthUsed -= 1
        }

        putBits(final ? 1 : 0, 1)
        putBits(2, 2)
        putBits(UInt64(literalUsed - 257), 5)
        putBits(UInt64(distanceUsed - 1), 5)
        putBits(UInt64(codeLengthUsed - 4), 4)
        for index in 0..<codeLengthUsed {
            putBits(UInt64(codeLengthLengths[Self.codeLengthOrder[index]]), 3)
        }
        let codeLengthCodes = HuffmanCode.canonicalCodes(lengths: codeLengthLengths)
        for run in runs {
            let symbol = Int(run.symbol)
            putBits(UInt64(codeLengthCodes[symbol]), Int(codeLengthLengths[symbol]))
            switch symbol {
            case 16: putBits(UInt64(run.extra), 2)
            case 17: putBits(UInt64(run.extra), 3)
            case 18: putBits(UInt64(run.extra), 7)
            default: break
            }
        }

        let literalCodes = HuffmanCode.canonicalCodes(lengths: literalLengths)
        let distanceCodes = HuffmanCode.canonicalCodes(lengths: distanceLengths)
        literalCodes.withUnsafeBufferPointer { literalCodes in
            distanceCodes.withUnsafeBufferPointer { distanceCodes in
                literalLengths.withUnsafeBufferPointer { literalLengths in
                    distanceLengths.withUnsafeBufferPointer { distanceLengths in
                        encodeSymbols(literalCodes: literalCodes, literalLengths: literalLengths,
                                      distanceCodes: distanceCodes, distanceLengths: distanceLengths)
                    }
                }
            }
        }
        putBits(UInt64(literalCodes[256]), Int(literalLengths[256]))

        symbolCount = 0
        literalFrequencies.update(repeating: 0, count: Self.literalCount)
        distanceFrequencies.update(repeating: 0, count: Self.distanceCount)
        try emitOutput()
    }

    private func encodeSymbols(literalCodes: UnsafeBufferPointer<UInt16>, literalLengths: UnsafeBufferPointer<UInt8>,
                               distanceCodes: UnsafeBufferPointer<UInt16>,
                               distanceLengths: UnsafeBufferPointer<UInt8>) {
        var bits = bitBuffer
        var count = bitCount
        var out = outputCount
        let output = self.output
        for index in 0..<symbolCount {
            let symbol = symbols[index]
            if symbol & 0x8000_0000 == 0 {
                let literal = Int(symbol)
                bits |= UInt64(literalCodes[literal]) << UInt64(count)
                count += Int(literalLengths[literal])
            } else {
                let lengthOffset = Int(symbol >> 15 & 0xFF)
                let lengthCode = Int(lengthCodes[lengthOffset])
                bits |= UInt64(literalCodes[lengthCode]) << UInt64(count)
                count += Int(literalLengths[lengthCode])
                let extra = Int(lengthExtraBits[lengthOffset])
                bits |= UInt64(lengthOffset + 3 - Int(lengthBases[lengthOffset])) << UInt64(count)
                count += extra
                if count >= 32 {
                    UnsafeMutableRawPointer(output + out).storeBytes(of: UInt32(truncatingIfNeeded: bits).littleEndian,
                                                                     as: UInt32.self)
                    out += 4
                    bits >>= 32
                    count -= 32
                }
                let distance = Self.distanceCode(Int(symbol & 0x7FFF))
                bits |= UInt64(distanceCodes[distance.code]) << UInt64(count)
                count += Int(distanceLengths[distance.code])
                bits |= UInt64(distance.extraValue) << UInt64(count)
                count += distance.extraBits
            }
            if count >= 32 {
                UnsafeMutableRawPointer(output + out).storeBytes(of: UInt32(truncatingIfNeeded: bits).littleEndian,
                                                                 as: UInt32.self)
                out += 4
                bits >>= 32
                count -= 32
            }
        }
        bitBuffer = bits
        bitCount = count
        outputCount = out
    }

    @inline(__always)
    private func putBits(_ value: UInt64, _ count: Int) {
        bitBuffer |= value << UInt64(bitCount)
        bitCount += count
        if bitCount >= 32 {
            let word = UInt32(truncatingIfNeeded: bitBuffer).littleEndian
            UnsafeMutableRawPointer(output + outputCount).storeBytes(of: word, as: UInt32.self)
            outputCount += 4
            bitBuffer >>= 32
            bitCount -= 32
        }
    }

    private func emitOutput() throws {
        guard outputCount > 0 else { return }
        try sink(UnsafeRawBufferPointer(start: output, count: outputCount))
        outputCount = 0
    }

    // MARK: Tables

    /// Deflate's length code for a match length 3…258, its extra-bit count and the length the code starts at.
    private static func lengthCode(_ length: Int) -> (code: Int, extraBits: Int, base: Int) {
        if length == 258 { return (285, 0, 258) }
        let offset = length - 3
        if offset < 8 { return (257 + offset, 0, length) }
        let log = Int.bitWidth - 1 - offset.leadingZeroBitCount
        let extraBits = log - 2
        let bucket = (offset >> extraBits) & 3
        return (257 + 4 * (log - 1) + bucket, extraBits, 3 + ((4 | bucket) << extraBits))
    }

    /// Deflate's distance code for a distance minus one (0…32,767), with its extra bits.
    @inline(__always)
    private static func distanceCode(_ offset: Int) -> (code: Int, extraBits: Int, extraValue: Int) {
        if offset < 4 { return (offset, 0, 0) }
        let log = Int.bitWidth - 1 - offset.leadingZeroBitCount
        let extraBits = log - 1
        let bucket = (offset >> extraBits) & 1
        return (2 * log + bucket, extraBits, offset - ((2 | bucket) << extraBits))
    }

    /// A Huffman code over one symbol is not a complete code; some inflaters refuse it. Two symbols always are.
    private static func ensureTwoSymbols(_ frequencies: UnsafeMutablePointer<UInt32>, count: Int) {
        var used = 0
        for index in 0..<count where frequencies[index] > 0 { used += 1 }
        var index = 0
        while used < 2, index < count {
            if frequencies[index] == 0 {
                frequencies[index] = 1
                used += 1
            }
            index += 1
        }
    }

    /// Code lengths as the code-length alphabet spells them: 0…15 literally, 16 repeats the previous length
    /// 3–6 times, 17 and 18 are runs of 3–10 and 11–138 zeros.
    private static func runLengthEncode(_ lengths: [UInt8]) -> [(symbol: UInt8, extra: UInt8)] {
        var runs: [(symbol: UInt8, extra: UInt8)] = []
        var index = 0
        while index < lengths.count {
            let value = lengths[index]
            var runEnd = index + 1
            while runEnd < lengths.count, lengths[runEnd] == value { runEnd += 1 }
            var remaining = runEnd - index
            if value == 0 {
                while remaining >= 11 {
                    let take = Swift.min(remaining, 138)
                    runs.append((18, UInt8(take - 11)))
                    remaining -= take
                }
                if remaining >= 3 {
                    runs.append((17, UInt8(remaining - 3)))
                    remaining = 0
                }
                while remaining > 0 {
                    runs.append((0, 0))
                    remaining -= 1
                }
            } else {
                runs.append((value, 0))
                remaining -= 1
                while remaining >= 3 {
                    let take = Swift.min(remaining, 6)
                    runs.append((16, UInt8(take - 3)))
                    remaining -= take
                }
                while remaining > 0 {
                    runs.append((value, 0))
                    remaining -= 1
                }
            }
            index = runEnd
        }
        return runs
    }
}

/// Length-limited Huffman codes for deflate's alphabets.
enum HuffmanCode {
    /// Optimal code lengths for the frequencies, capped at `maxBits` by moving the deepest leaves up and
    /// splitting shallower ones until the code is complete again. Symbols with frequency 0 get length 0.
    static func lengths(frequencies: UnsafePointer<UInt32>, count: Int, maxBits: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        var leaves: [(frequency: Int, symbol: Int)] = []
        for symbol in 0..<count where frequencies[symbol] > 0 {
            leaves.append((Int(frequencies[symbol]), symbol))
        }
        if leaves.isEmpty { return result }
        if leaves.count == 1 {
            result[leaves[0].symbol] = 1
            return result
        }
        leaves.sort { ($0.frequency, $0.symbol) < ($1.frequency, $1.symbol) }
        let leafCount = leaves.count
        // Two-queue construction: leaves in ascending order, internal nodes appear in ascending order too.
        var parent = [Int](repeating: 0, count: 2 * leafCount - 1)
        var internalWeights: [Int] = []
        internalWeights.reserveCapacity(leafCount - 1)
        var nextLeaf = 0
        var nextInternal = 0
        func takeSmallest() -> (node: Int, weight: Int) {
            if nextLeaf < leafCount,
               nextInternal >= internalWeights.count || leaves[nextLeaf].frequency <= internalWeights[nextInternal] {
                nextLeaf += 1
                return (nextLeaf - 1, leaves[nextLeaf - 1].frequency)
            }
            nextInternal += 1
            return (leafCount + nextInternal - 1, internalWeights[nextInternal - 1])
        }
        for merged in 0..<(leafCount - 1) {
            let first = takeSmallest()
            let second = takeSmallest()
            internalWeights.append(first.weight + second.weight)
            parent[first.node] = leafCount + merged
            parent[second.node] = leafCount + merged
        }
        var depth = [Int](repeating: 0, count: 2 * leafCount - 1)
        let root = 2 * leafCount - 2
        if root > leafCount {
            for node in stride(from: root - 1, through: leafCount, by: -1) {
                depth[node] = depth[parent[node]] + 1
            }
        }
        var lengthCounts = [Int](repeating: 0, count: leafCount + 1)
        var deepest = 0
        for leaf in 0..<leafCount {
            let leafDepth = depth[parent[leaf]] + 1
            lengthCounts[leafDepth] += 1
            deepest = Swift.max(deepest, leafDepth)
        }
        var counts = [Int](repeating: 0, count: maxBits + 1)
        for bits in 1...deepest { counts[Swift.min(bits, maxBits)] += lengthCounts[bits] }
        if deepest > maxBits {
            var total = 0
            for bits in 1...maxBits { total += counts[bits] << (maxBits - bits) }
            while total > 1 << maxBits {
                counts[maxBits] -= 1
                for bits in stride(from: maxBits - 1, through: 1, by: -1) where counts[bits] > 0 {
                    counts[bits] -= 1
                    counts[bits + 1] += 2
                    break
                }
                total -= 1
            }
        }
        var leaf = leafCount - 1
        for bits in 1...maxBits {
            for _ in 0..<counts[bits] {
                result[leaves[leaf].symbol] = UInt8(bits)
                leaf -= 1
            }
        }
        return result
    }

    /// Canonical codes for the lengths, bit-reversed because deflate packs Huffman codes from their top bit
    /// into a stream filled from the bottom.
    static func canonicalCodes(lengths: [UInt8]) -> [UInt16] {
        var lengthCounts = [Int](repeating: 0, count: 16)
        for length in lengths where length > 0 { lengthCounts[Int(length)] += 1 }
        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0
        for bits in 1..<16 {
            code = (code + lengthCounts[bits - 1]) << 1
            nextCode[bits] = code
        }
        var codes = [UInt16](repeating: 0, count: lengths.count)
        for (symbol, length) in lengths.enumerated() where length > 0 {
            var value = nextCode[Int(length)]
            nextCode[Int(length)] += 1
            var reversed = 0
            for _ in 0..<Int(length) {
                reversed = reversed << 1 | value & 1
                value >>= 1
            }
            codes[symbol] = UInt16(reversed)
        }
        return codes
    }
}
