/// Percentages at one decimal that always add up to exactly 100.0 %.
enum Shares {
    /// Largest-remainder rounding in units of 0.1 %: every value gets the floor of its exact share, and the units
    /// still missing go to the largest remainders (earlier items first on ties, for determinism). A zero value
    /// always gets 0.0 %. All zeros (or nothing) gives all zeros. Negative values count as zero.
    static func percentages(_ values: [Double]) -> [Double] {
        let clean = values.map { $0.isFinite && $0 > 0 ? $0 : 0 }
        let total = clean.reduce(0, +)
        guard total > 0, total.isFinite else { return clean.map { _ in 0 } }
        let unitsTotal = 1000
        var units = [Int](repeating: 0, count: clean.count)
        var remainders: [(index: Int, remainder: Double)] = []
        var assigned = 0
        for (index, value) in clean.enumerated() where value > 0 {
            let exact = value / total * Double(unitsTotal)
            let floor = min(Int(exact.rounded(.down)), unitsTotal)
            units[index] = floor
            assigned += floor
            remainders.append((index, exact - Double(floor)))
        }
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        var missing = unitsTotal - assigned
        var cursor = 0
        while missing > 0 && !remainders.isEmpty {
            units[remainders[cursor % remainders.count].index] += 1
            missing -= 1
            cursor += 1
        }
        return units.map { Double($0) / 10 }
    }
}
