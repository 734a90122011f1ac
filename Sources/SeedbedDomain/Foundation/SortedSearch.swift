extension Array where Element: Comparable {
    /// The index of `value` in an array sorted ascending (binary search); nil when it is not there. Every columnar
    /// store keeps its enterprise ids ascending and finds a slot by id this way.
    package func ascendingIndex(of value: Element) -> Int? {
        var low = 0
        var high = count - 1
        while low <= high {
            let mid = low + (high - low) / 2
            let found = self[mid]
            if found == value { return mid }
            if found < value { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }
}
