/// Facts of many enterprises for one year, held column by column (DESIGN.md §5).
///
/// Slot `i` is the same enterprise in every column of a frame, and in every frame of a `FactHistory`. A missing
/// value is `Double.nan`: scoring treats it as "scores 0", rules as "unknown", never as zero.
public struct FactFrame: Sendable {
    /// Number of slots (enterprises).
    public let count: Int
    private var storage: [FactID: [Double]]

    /// An empty frame of `count` slots; every column read before it is set is all-missing.
    public init(count: Int) {
        self.count = max(0, count)
        self.storage = [:]
    }

    /// The fact ids that have a column.
    public var factIDs: [FactID] { storage.keys.sorted() }

    /// The column of `id`, or `nil` when the frame has none.
    public func column(_ id: FactID) -> [Double]? { storage[id] }

    /// The column of `id`; an absent column reads as all-missing.
    public func values(_ id: FactID) -> [Double] {
        storage[id] ?? [Double](repeating: .nan, count: count)
    }

    /// Sets a whole column. A column of the wrong length is padded with missing values or cut to `count`.
    public mutating func setColumn(_ id: FactID, _ values: [Double]) {
        if values.count == count {
            storage[id] = values
        } else if values.count > count {
            storage[id] = Array(values.prefix(count))
        } else {
            storage[id] = values + [Double](repeating: .nan, count: count - values.count)
        }
    }

    /// The value in one slot, `nil` when missing or out of range.
    public func value(_ id: FactID, at slot: Int) -> Double? {
        guard slot >= 0, slot < count, let column = storage[id] else { return nil }
        let value = column[slot]
        return value.isNaN ? nil : value
    }

    /// Sets one slot (`nil` = missing); a slot out of range is ignored.
    public mutating func setValue(_ value: Double?, for id: FactID, at slot: Int) {
        guard slot >= 0, slot < count else { return }
        if storage[id] == nil { storage[id] = [Double](repeating: .nan, count: count) }
        storage[id]?[slot] = value ?? .nan
    }
}

/// Several consecutive years of `FactFrame`s over the same slots, for conditions that need history
/// (growth, 3-year R&D ratio, "first year it qualified").
public struct FactHistory: Sendable {
    /// Number of slots, equal in every year.
    public let count: Int
    private var frames: [Int: FactFrame]

    /// An empty history of `count` slots.
    public init(count: Int) {
        self.count = max(0, count)
        self.frames = [:]
    }

    /// The years that have a frame, ascending.
    public var years: [Int] { frames.keys.sorted() }

    /// The frame of `year`; a year without data reads as an all-missing frame.
    public func frame(_ year: Int) -> FactFrame { frames[year] ?? FactFrame(count: count) }

    /// Whether `year` has a frame.
    public func has(_ year: Int) -> Bool { frames[year] != nil }

    /// Stores the frame of `year`. A frame with another slot count is refused (returns false).
    @discardableResult
    public mutating func setFrame(_ frame: FactFrame, for year: Int) -> Bool {
        guard frame.count == count else { return false }
        frames[year] = frame
        return true
    }
}
