/// Scratch memory for radix-sorting keys that carry a payload: the spare copy the passes alternate with, and
/// the byte histograms. Owned by one worker or task, freed when it ends.
struct SortScratch: ~Copyable {
    /// A key with its payload (the value's position within its cohort). Key and payload travel together in
    /// one 16-byte entry, so each radix pass writes 256 streams rather than 512.
    struct Entry {
        var key: UInt64
        var payload: UInt32
    }

    private let spare: UnsafeMutablePointer<Entry>
    private let histogram: UnsafeMutablePointer<UInt32>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        spare = .allocate(capacity: self.capacity)
        histogram = .allocate(capacity: 8 * 256)
    }

    deinit {
        spare.deallocate()
        histogram.deallocate()
    }

    /// The key that orders doubles ascending as unsigned integers. `-0.0` is folded into `+0.0` first because
    /// the two compare equal and must tie, as they do in pandas. NaN never reaches here (it is "missing").
    @inline(__always)
    static func ascendingKey(_ value: Double) -> UInt64 {
        let bits = (value + 0.0).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// Sorts `entries[0..<count]` by key ascending and returns where the sorted entries are (`entries` or the
    /// spare copy). Requires `count <= capacity`.
    ///
    /// Least-significant-digit radix sort on bytes: cohorts hold thousands of values, where eight linear passes
    /// beat a comparison sort, and a pass whose byte is the same in every key (common: exponents, integral
    /// counts) is skipped. Short runs use insertion sort.
    func sort(_ entries: UnsafeMutablePointer<Entry>, count: Int) -> UnsafeMutablePointer<Entry> {
        guard count > 48 else {
            Self.insertionSort(entries, count: count)
            return entries
        }
        histogram.update(repeating: 0, count: 8 * 256)
        for index in 0..<count {
            let key = entries[index].key
            for byte in 0..<8 {
                histogram[byte &<< 8 | Int(truncatingIfNeeded: key &>> UInt64(byte &* 8)) & 0xFF] &+= 1
            }
        }
        var source = entries
        var target = spare
        let first = entries[0].key
        for byte in 0..<8 {
            let shift = UInt64(byte * 8)
            let offsets = histogram + byte * 256
            if offsets[Int(truncatingIfNeeded: first &>> shift) & 0xFF] == UInt32(truncatingIfNeeded: count) {
                continue
            }
            var running: UInt32 = 0
            for digit in 0..<256 {
                let bucket = offsets[digit]
                offsets[digit] = running
                running &+= bucket
            }
            for index in 0..<count {
                let entry = source[index]
                let digit = Int(truncatingIfNeeded: entry.key &>> shift) & 0xFF
                let place = Int(offsets[digit])
                offsets[digit] = offsets[digit] &+ 1
                target[place] = entry
            }
            swap(&source, &target)
        }
        return source
    }

    private static func insertionSort(_ entries: UnsafeMutablePointer<Entry>, count: Int) {
        guard count > 1 else { return }
        for index in 1..<count {
            let entry = entries[index]
            var hole = index
            while hole > 0, entries[hole - 1].key > entry.key {
                entries[hole] = entries[hole - 1]
                hole -= 1
            }
            entries[hole] = entry
        }
    }
}
