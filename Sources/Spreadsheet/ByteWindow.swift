import Foundation

/// The growing buffer a streamed part is scanned from: unconsumed bytes of the last chunk, then the new chunk.
final class ByteWindow {
    private(set) var storage: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 19) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deallocate()
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    /// Keeps the bytes from `offset` on (an unfinished token) and appends `chunk` after them.
    func replace(keepingFrom offset: Int, appending chunk: UnsafeRawBufferPointer) {
        let kept = Swift.max(count - Swift.max(offset, 0), 0)
        if kept > 0, offset > 0 { memmove(storage, storage + offset, kept) }
        let needed = kept + chunk.count
        if needed > capacity {
            var newCapacity = capacity
            while newCapacity < needed { newCapacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: storage, count: kept)
            storage.deallocate()
            storage = grown
            capacity = newCapacity
        }
        if let source = chunk.baseAddress, chunk.count > 0 {
            (storage + kept).update(from: source.assumingMemoryBound(to: UInt8.self), count: chunk.count)
        }
        count = needed
    }
}
