import Foundation

/// A raw DEFLATE (RFC 1951) decompressor driven by its reader: each `next()` produces the next piece of output
/// (up to 256 KiB) and pulls compressed bytes from its source only as it needs them. So a sheet is inflated
/// exactly as fast as rows are asked for, in fixed memory, with no thread or callback between them.
///
/// Written for hostile input: codes, lengths and distances are all checked, a stream that ends early or refers
/// back before its own start is refused, and a stream of empty blocks (cheap to send, costly to decode) is cut
/// off. Any failure is final: later calls repeat it.
final class Inflater {
    enum Failure: Error, Equatable {
        /// The compressed bytes ended before the final block did.
        case truncated
        /// The bytes are not a DEFLATE stream.
        case invalid(String)
    }

    private enum State {
        case blockHeader
        case stored(remaining: Int)
        case huffman
        case finished
        case failed(Failure)
    }

    /// The farthest back a match may reach.
    private static let historySize = 32_768
    private static let chunkSize = 1 << 18
    /// Output stops once this much is in the window; a match may then add up to 258 bytes, and the 8-byte match
    /// copy may write 7 bytes beyond those.
    private static let outputLimit = historySize + chunkSize
    private static let windowCapacity = outputLimit + 258 + 16
    private static let inputCapacity = 1 << 16

    private static let lengthBase: [Int] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    private static let lengthExtra: [Int] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distanceBase: [Int] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    private static let distanceExtra: [Int] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
    /// The order in which a dynamic block lists the code lengths of the code-length alphabet.
    private static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Fills the buffer with the next compressed bytes and returns how many; 0 at the end of the stream.
    private let source: (UnsafeMutableRawBufferPointer) throws(Failure) -> Int
    private let input: UnsafeMutablePointer<UInt8>
    private var inputPosition = 0
    private var inputEnd = 0
    private var sourceIsExhausted = false
    /// Bits not yet used, least significant first. Bits above `bitCount` are either zero or the bits of
    /// `input[inputPosition]`, which the next refill puts in the same places.
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0

    private let window: UnsafeMutablePointer<UInt8>
    private var windowEnd = 0
    private var totalOutput = 0
    private var blockCount = 0
    private var isLastBlock = false
    private var state = State.blockHeader

    private let literals = HuffmanTable(symbolCapacity: 288)
    private let distances = HuffmanTable(symbolCapacity: 32)
    private let lengths: UnsafeMutablePointer<UInt8>

    init(source: @escaping (UnsafeMutableRawBufferPointer) throws(Failure) -> Int) {
        self.source = source
        input = .allocate(capacity: Self.inputCapacity)
        input.initialize(repeating: 0, count: Self.inputCapacity)
        window = .allocate(capacity: Self.windowCapacity)
        window.initialize(repeating: 0, count: Self.windowCapacity)
        lengths = .allocate(capacity: 288 + 32)
        lengths.initialize(repeating: 0, count: 288 + 32)
    }

    deinit {
        input.deallocate()
        window.deallocate()
        lengths.deallocate()
    }

    /// True once the final block has ended.
    var isFinished: Bool {
        if case .finished = state { return true }
        return false
    }

    /// The next piece of output, valid until the following call; empty once the stream has ended.
    func next() throws(Failure) -> UnsafeBufferPointer<UInt8> {
        if case .failed(let failure) = state { throw failure }
        do {
            return try produce()
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private func produce() throws(Failure) -> UnsafeBufferPointer<UInt8> {
        if windowEnd > Self.historySize {
            memmove(window, window + (windowEnd - Self.historySize), Self.historySize)
            windowEnd = Self.historySize
        }
        let start = windowEnd
        loop: while windowEnd < Self.outputLimit {
            switch state {
            case .finished, .failed:
                break loop
            case .blockHeader:
                try startBlock()
            case .stored(let remaining):
                let left = try copyStored(remaining)
                state = left > 0 ? .stored(remaining: left) : endOfBlock()
            case .huffman:
                if try decodeHuffman() { state = endOfBlock() }
            }
        }
        totalOutput += windowEnd - start
        return UnsafeBufferPointer(start: window + start, count: windowEnd - start)
    }

    private func endOfBlock() -> State {
        isLastBlock ? .finished : .blockHeader
    }

    // MARK: Block headers

    private func startBlock() throws(Failure) {
        blockCount += 1
        // An encoder emits a block per several kilobytes; a flood of tiny blocks is a way to make the decoder
        // rebuild tables for nothing.
        guard blockCount <= 1_024 + (totalOutput + windowEnd) / 64 else { throw .invalid("too many blocks") }
        let header = try take(3)
        isLastBlock = header & 1 == 1
        switch header >> 1 {
        case 0:
            let padding = bitCount & 7
            bitBuffer >>= UInt64(padding)
            bitCount -= padding
            let length = try take(16)
            let complement = try take(16)
            guard length == ~complement & 0xFFFF else { throw .invalid("stored block length") }
            state = .stored(remaining: length)
        case 1:
            try buildFixedTables()
            state = .huffman
        case 2:
            try readDynamicTables()
            state = .huffman
        default:
            throw .invalid("block type 3")
        }
    }

    private func buildFixedTables() throws(Failure) {
        for symbol in 0..<288 {
            lengths[symbol] = symbol < 144 ? 8 : symbol < 256 ? 9 : symbol < 280 ? 7 : 8
        }
        try literals.build(UnsafeBufferPointer(start: lengths, count: 288))
        for symbol in 0..<30 { lengths[symbol] = 5 }
        try distances.build(UnsafeBufferPointer(start: lengths, count: 30))
    }

    private func readDynamicTables() throws(Failure) {
        let literalCount = try take(5) + 257
        let distanceCount = try take(5) + 1
        let codeLengthCount = try take(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw .invalid("too many codes") }

        lengths.update(repeating: 0, count: 19)
        for index in 0..<codeLengthCount {
            lengths[Self.codeLengthOrder[index]] = UInt8(truncatingIfNeeded: try take(3))
        }
        // The code-length code is only needed until the real lengths are read: borrow the distance table.
        try distances.build(UnsafeBufferPointer(start: lengths, count: 19))

        let total = literalCount + distanceCount
        var index = 0
        while index < total {
            let symbol = try decodeSymbol(distances)
            var value: UInt8 = 0
            var repeats = 1
            switch symbol {
            case 0...15:
                value = UInt8(truncatingIfNeeded: symbol)
            case 16:
                guard index > 0 else { throw .invalid("repeat with no previous length") }
                value = lengths[index - 1]
                repeats = try take(2) + 3
            case 17:
                repeats = try take(3) + 3
            case 18:
                repeats = try take(7) + 11
            default:
                throw .invalid("code length symbol")
            }
            guard index + repeats <= total else { throw .invalid("code lengths overflow") }
            (lengths + index).update(repeating: value, count: repeats)
            index += repeats
        }
        guard lengths[256] != 0 else { throw .invalid("no end-of-block code") }
        try literals.build(UnsafeBufferPointer(start: lengths, count: literalCount))
        try distances.build(UnsafeBufferPointer(start: lengths + literalCount, count: distanceCount))
    }

    // MARK: Block data

    /// Copies up to `remaining` bytes of a stored block; returns how many are still to come.
    private func copyStored(_ remaining: Int) throws(Failure) -> Int {
        var remaining = remaining
        // Whole bytes already in the bit buffer come first (the header left it byte-aligned).
        while remaining > 0, bitCount >= 8, windowEnd < Self.outputLimit {
            window[windowEnd] = UInt8(truncatingIfNeeded: bitBuffer)
            windowEnd += 1
            bitBuffer >>= 8
            bitCount -= 8
            remaining -= 1
        }
        while remaining > 0, windowEnd < Self.outputLimit {
            // Any bits left above the count are those of input[inputPosition], about to be copied directly.
            bitBuffer = 0
            bitCount = 0
            if inputPosition == inputEnd {
                try refillInput()
                guard inputPosition < inputEnd else { throw .truncated }
            }
            let count = Swift.min(remaining, Self.outputLimit - windowEnd, inputEnd - inputPosition)
            (window + windowEnd).update(from: input + inputPosition, count: count)
            windowEnd += count
            inputPosition += count
            remaining -= count
        }
        return remaining
    }

    /// Decodes symbols of a Huffman block until the block ends (true) or the window is full (false).
    ///
    /// The hot loop of reading: state lives in locals and is written back on every way out.
    private func decodeHuffman() throws(Failure) -> Bool {
        var bits = bitBuffer
        var count = bitCount
        var position = inputPosition
        var end = inputEnd
        var out = windowEnd
        let input = self.input
        let window = self.window
        let literalFast = literals.fast
        let distanceFast = distances.fast
        defer {
            bitBuffer = bits
            bitCount = count
            inputPosition = position
            windowEnd = out
        }
        while out < Self.outputLimit {
            // 48 bits cover the longest symbol pair: 15 + 5 length bits, 15 + 13 distance bits.
            if count < 48 {
                if end - position >= 8 {
                    let word = UnsafeRawPointer(input + position).loadUnaligned(as: UInt64.self).littleEndian
                    bits |= word << UInt64(count)
                    position += (63 - count) >> 3
                    count |= 56
                } else {
                    bitBuffer = bits
                    bitCount = count
                    inputPosition = position
                    try refillBits()
                    bits = bitBuffer
                    count = bitCount
                    position = inputPosition
                    end = inputEnd
                }
            }

            var symbol: Int
            let entry = Int(literalFast[Int(truncatingIfNeeded: bits) & HuffmanTable.fastMask])
            let codeLength = entry & 15
            if codeLength != 0, codeLength <= count {
                symbol = entry >> 4
                bits >>= UInt64(codeLength)
                count -= codeLength
            } else {
                symbol = try literals.decodeSlowly(&bits, &count)
            }
            if symbol < 256 {
                window[out] = UInt8(truncatingIfNeeded: symbol)
                out += 1
                continue
            }
            if symbol == 256 { return true }

            let lengthIndex = symbol - 257
            guard lengthIndex < 29 else { throw .invalid("length symbol") }
            let lengthBits = Self.lengthExtra[lengthIndex]
            guard lengthBits <= count else { throw .truncated }
            let length = Self.lengthBase[lengthIndex] + Int(truncatingIfNeeded: bits & (1 << UInt64(lengthBits) - 1))
            bits >>= UInt64(lengthBits)
            count -= lengthBits

            let distanceEntry = Int(distanceFast[Int(truncatingIfNeeded: bits) & HuffmanTable.fastMask])
            let distanceCodeLength = distanceEntry & 15
            var distanceSymbol: Int
            if distanceCodeLength != 0, distanceCodeLength <= count {
                distanceSymbol = distanceEntry >> 4
                bits >>= UInt64(distanceCodeLength)
                count -= distanceCodeLength
            } else {
                distanceSymbol = try distances.decodeSlowly(&bits, &count)
            }
            guard distanceSymbol < 30 else { throw .invalid("distance symbol") }
            let distanceBits = Self.distanceExtra[distanceSymbol]
            guard distanceBits <= count else { throw .truncated }
            let distance = Self.distanceBase[distanceSymbol]
                + Int(truncatingIfNeeded: bits & (1 << UInt64(distanceBits) - 1))
            bits >>= UInt64(distanceBits)
            count -= distanceBits
            guard distance <= out else { throw .invalid("distance before the start of the stream") }

            var from = out - distance
            let stop = out + length
            if distance >= 8 {
                // Eight bytes at a time; the source never overlaps the bytes being written in one step, and
                // the window has room for the few bytes written past `stop`.
                while out < stop {
                    let word = UnsafeRawPointer(window + from).loadUnaligned(as: UInt64.self)
                    UnsafeMutableRawPointer(window + out).storeBytes(of: word, as: UInt64.self)
                    out += 8
                    from += 8
                }
                out = stop
            } else {
                while out < stop {
                    window[out] = window[from]
                    out += 1
                    from += 1
                }
            }
        }
        return false
    }

    // MARK: Bits

    /// Decodes one symbol outside the hot loop, with as many bits as the stream still has.
    private func decodeSymbol(_ table: HuffmanTable) throws(Failure) -> Int {
        if bitCount < HuffmanTable.maxBits { try refillBits() }
        let entry = Int(table.fast[Int(truncatingIfNeeded: bitBuffer) & HuffmanTable.fastMask])
        let codeLength = entry & 15
        if codeLength != 0, codeLength <= bitCount {
            bitBuffer >>= UInt64(codeLength)
            bitCount -= codeLength
            return entry >> 4
        }
        return try table.decodeSlowly(&bitBuffer, &bitCount)
    }

    /// The next `count` bits (at most 16) as a number.
    private func take(_ count: Int) throws(Failure) -> Int {
        if bitCount < count { try refillBits() }
        guard bitCount >= count else { throw .truncated }
        let value = Int(truncatingIfNeeded: bitBuffer & (1 << UInt64(count) - 1))
        bitBuffer >>= UInt64(count)
        bitCount -= count
        return value
    }

    /// Tops the bit buffer up to at least 57 bits, or with whatever the stream has left.
    private func refillBits() throws(Failure) {
        while bitCount <= 56 {
            if inputPosition == inputEnd {
                try refillInput()
                if inputPosition == inputEnd { return }
            }
            bitBuffer |= UInt64(input[inputPosition]) << UInt64(bitCount)
            inputPosition += 1
            bitCount += 8
        }
    }

    /// Moves unread input to the front and reads more from the source.
    private func refillInput() throws(Failure) {
        guard !sourceIsExhausted else { return }
        let unread = inputEnd - inputPosition
        if unread > 0, inputPosition > 0 { memmove(input, input + inputPosition, unread) }
        inputPosition = 0
        inputEnd = unread
        let free = UnsafeMutableRawBufferPointer(start: input + inputEnd, count: Self.inputCapacity - inputEnd)
        let read = try source(free)
        guard read >= 0, read <= free.count else { throw .invalid("source overrun") }
        if read == 0 { sourceIsExhausted = true }
        inputEnd += read
    }
}
