import CZlib

/// A raw DEFLATE (RFC 1951) decompressor over zlib, driven by its reader: each `next()` produces the next piece of
/// output (up to 256 KiB) and pulls compressed bytes from its source only as it needs them. So a sheet is inflated
/// exactly as fast as rows are asked for, in fixed memory, with no thread or callback between them.
///
/// zlib checks codes, lengths and distances; on top of it, a stream that ends before its final block is refused
/// as truncated, and a stream of empty blocks (cheap to send, costly to decode) is cut off. Any failure is final:
/// later calls repeat it.
final class Inflater {
    enum Failure: Error, Equatable {
        /// The compressed bytes ended before the final block did.
        case truncated
        /// The bytes are not a DEFLATE stream (zlib's reason).
        case invalid(String)
    }

    private enum State {
        case running
        case finished
        case failed(Failure)
    }

    private static let chunkSize = 1 << 18
    private static let inputCapacity = 1 << 16

    /// Fills the buffer with the next compressed bytes and returns how many; 0 at the end of the stream.
    private let source: (UnsafeMutableRawBufferPointer) throws(Failure) -> Int
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutablePointer<UInt8>
    private let output: UnsafeMutablePointer<UInt8>
    private var sourceIsExhausted = false
    private var totalOutput = 0
    private var blockCount = 0
    private var state: State

    init(source: @escaping (UnsafeMutableRawBufferPointer) throws(Failure) -> Int) {
        self.source = source
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(capacity: Self.inputCapacity)
        output = .allocate(capacity: Self.chunkSize)
        let result = czlib_inflate_init_raw(stream)
        state = result == Z_OK ? .running : .failed(.invalid(Deflater.message(stream, result)))
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
        output.deallocate()
    }

    /// True once the final block has ended.
    var isFinished: Bool {
        if case .finished = state { return true }
        return false
    }

    /// The next piece of output, valid until the following call; empty once the stream has ended.
    func next() throws(Failure) -> UnsafeBufferPointer<UInt8> {
        switch state {
        case .failed(let failure): throw failure
        case .finished: return UnsafeBufferPointer(start: output, count: 0)
        case .running: break
        }
        do {
            return try produce()
        } catch {
            state = .failed(error)
            throw error
        }
    }

    /// Inflates until the output buffer is full or the stream ends. `Z_BLOCK` makes zlib stop at every block
    /// boundary, which is how blocks are counted; real encoders write a block per several kilobytes, so this costs
    /// nothing on them.
    private func produce() throws(Failure) -> UnsafeBufferPointer<UInt8> {
        stream.pointee.next_out = output
        stream.pointee.avail_out = UInt32(Self.chunkSize)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0, !sourceIsExhausted {
                let count = try source(UnsafeMutableRawBufferPointer(start: input, count: Self.inputCapacity))
                if count > 0 {
                    stream.pointee.next_in = input
                    stream.pointee.avail_in = UInt32(Swift.min(count, Self.inputCapacity))
                } else {
                    sourceIsExhausted = true
                }
            }
            let result = inflate(stream, Z_BLOCK)
            let produced = Self.chunkSize - Int(stream.pointee.avail_out)
            switch result {
            case Z_STREAM_END:
                state = .finished
                totalOutput += produced
                return UnsafeBufferPointer(start: output, count: produced)
            case Z_OK:
                if stream.pointee.data_type & 128 != 0 {
                    blockCount += 1
                    // An encoder emits a block per several kilobytes; a flood of tiny blocks is a way to make the
                    // decoder rebuild tables for nothing.
                    guard blockCount <= 1_024 + (totalOutput + produced) / 64 else {
                        throw .invalid("too many blocks")
                    }
                }
            case Z_BUF_ERROR:
                // No progress: zlib wants more input than there is.
                guard stream.pointee.avail_in == 0 else { throw .invalid("no progress") }
                if sourceIsExhausted { throw .truncated }
            default:
                // Z_DATA_ERROR (zlib says what is wrong: a bad code, a distance too far back, …) or Z_MEM_ERROR.
                throw .invalid(Deflater.message(stream, result))
            }
        }
        totalOutput += Self.chunkSize
        return UnsafeBufferPointer(start: output, count: Self.chunkSize)
    }
}
