/// A canonical Huffman code of a DEFLATE stream, ready for decoding: a lookup table answers codes of up to
/// `fastBits` bits in one step; longer codes are decoded bit by bit from the code-length counts.
///
/// Codes are built from the lengths a stream declares, so every table index is masked or counted and an
/// over-subscribed set of lengths is refused; an incomplete one is accepted (DEFLATE allows a lone distance
/// code) and fails only if the stream uses one of its missing codes.
final class HuffmanTable {
    static let fastBits = 10
    static let fastMask = (1 << fastBits) - 1
    static let maxBits = 15

    /// Indexed by the next `fastBits` bits of the stream (least significant first): `symbol << 4 | length`, or
    /// 0 where the code is longer than `fastBits` or does not exist.
    let fast: UnsafeMutablePointer<UInt16>
    /// How many codes have each length, 0 … 15.
    private let counts: UnsafeMutablePointer<Int>
    /// Symbols ordered by code length, then by value: the canonical order.
    private let symbols: UnsafeMutablePointer<UInt16>
    private let symbolCapacity: Int

    init(symbolCapacity: Int) {
        self.symbolCapacity = symbolCapacity
        fast = .allocate(capacity: 1 << Self.fastBits)
        fast.initialize(repeating: 0, count: 1 << Self.fastBits)
        counts = .allocate(capacity: Self.maxBits + 1)
        counts.initialize(repeating: 0, count: Self.maxBits + 1)
        symbols = .allocate(capacity: symbolCapacity)
        symbols.initialize(repeating: 0, count: symbolCapacity)
    }

    deinit {
        fast.deallocate()
        counts.deallocate()
        symbols.deallocate()
    }

    /// Builds the code in which symbol `i` has code length `lengths[i]` (0: not used).
    func build(_ lengths: UnsafeBufferPointer<UInt8>) throws(Inflater.Failure) {
        guard lengths.count <= symbolCapacity else { throw .invalid("too many symbols") }
        counts.update(repeating: 0, count: Self.maxBits + 1)
        for length in lengths {
            guard length <= Self.maxBits else { throw .invalid("code length above 15") }
            counts[Int(length)] += 1
        }
        counts[0] = 0
        var left = 1
        for length in 1...Self.maxBits {
            left <<= 1
            left -= counts[length]
            guard left >= 0 else { throw .invalid("over-subscribed code") }
        }
        var offsets = [Int](repeating: 0, count: Self.maxBits + 2)
        for length in 1...Self.maxBits { offsets[length + 1] = offsets[length] + counts[length] }
        for (symbol, length) in lengths.enumerated() where length != 0 {
            symbols[offsets[Int(length)]] = UInt16(truncatingIfNeeded: symbol)
            offsets[Int(length)] += 1
        }

        fast.update(repeating: 0, count: 1 << Self.fastBits)
        var code = 0
        var index = 0
        for length in 1...Self.maxBits {
            for _ in 0..<counts[length] {
                if length <= Self.fastBits {
                    let entry = UInt16(truncatingIfNeeded: Int(symbols[index]) << 4 | length)
                    var slot = Self.reversed(code, length)
                    while slot <= Self.fastMask {
                        fast[slot] = entry
                        slot += 1 << length
                    }
                }
                code += 1
                index += 1
            }
            code <<= 1
        }
    }

    /// Decodes one symbol bit by bit (codes longer than the lookup table, and the end of a stream, where fewer
    /// bits remain than the table looks at).
    func decodeSlowly(_ bits: inout UInt64, _ count: inout Int) throws(Inflater.Failure) -> Int {
        var code = 0
        var first = 0
        var index = 0
        for length in 1...Self.maxBits {
            guard count > 0 else { throw .truncated }
            code |= Int(truncatingIfNeeded: bits & 1)
            bits >>= 1
            count -= 1
            let codesOfLength = counts[length]
            let offset = code - first
            if offset >= 0, offset < codesOfLength {
                return Int(symbols[index + offset])
            }
            index += codesOfLength
            first = (first + codesOfLength) << 1
            code <<= 1
        }
        throw .invalid("undefined code")
    }

    /// The lowest `length` bits of `code` in reverse order: DEFLATE packs Huffman codes starting from their most
    /// significant bit into a stream read from the least significant bit.
    private static func reversed(_ code: Int, _ length: Int) -> Int {
        var result = 0
        var rest = code
        for _ in 0..<length {
            result = result << 1 | rest & 1
            rest >>= 1
        }
        return result
    }
}
