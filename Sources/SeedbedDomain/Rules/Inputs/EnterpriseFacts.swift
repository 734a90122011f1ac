/// One enterprise's facts by year, for the single-enterprise explanations (查看 page, the enterprise's console).
/// Absent or non-finite values are missing. Derived facts need not be present: evaluation computes them.
public struct EnterpriseFacts: Sendable, Hashable {
    /// Facts per year.
    public var years: [Int: [FactID: Double]]

    public init(years: [Int: [FactID: Double]] = [:]) { self.years = years }

    /// A value, nil when missing.
    public func value(_ id: FactID, in year: Int) -> Double? {
        guard let value = years[year]?[id], value.isFinite else { return nil }
        return value
    }

    /// Sets a value (`nil` removes it).
    public mutating func set(_ id: FactID, _ value: Double?, in year: Int) {
        years[year, default: [:]][id] = value
    }

    /// A one-slot history holding these facts, the form columnar evaluation reads.
    public var history: FactHistory {
        var history = FactHistory(count: 1)
        for (year, facts) in years {
            var frame = FactFrame(count: 1)
            for (id, value) in facts where value.isFinite { frame.setValue(value, for: id, at: 0) }
            history.setFrame(frame, for: year)
        }
        return history
    }

    /// The facts of one slot of a history (every column the history holds, derived ones included).
    public init(slot: Int, of history: FactHistory) {
        var years: [Int: [FactID: Double]] = [:]
        for year in history.years {
            let frame = history.frame(year)
            var facts: [FactID: Double] = [:]
            for id in frame.factIDs {
                if let value = frame.value(id, at: slot) { facts[id] = value }
            }
            years[year] = facts
        }
        self.years = years
    }
}
