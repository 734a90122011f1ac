/// What-if: two scoring results of the same enterprises (same slots), e.g. the published scheme against a
/// draft with other weights. Counts enterprises moving between lists and finds the largest movers.
///
/// Lists are compared by position (0 = best list, then "on no list" as the lowest), so two schemes with
/// differently named lists still compare by standing.
public struct ScoreComparison: Sendable {
    public let before: ScoringResult
    public let after: ScoringResult
    /// Enterprises on a better list after than before.
    public let movedUp: Int
    /// Enterprises on a worse list after than before.
    public let movedDown: Int
    /// Enterprises meeting the absolute line after but not before, and the reverse.
    public let gainedLine: Int
    public let lostLine: Int
    /// `transitions[a][b]`: enterprises on list `a` before and list `b` after; the last index is "on no list".
    public let transitions: [[Int]]

    /// Compares two results over the same slots.
    public init(before: ScoringResult, after: ScoringResult) throws(ScoringError) {
        guard before.count == after.count else {
            throw .comparisonMismatch(before: before.count, after: after.count)
        }
        self.before = before
        self.after = after
        let noneBefore = before.scheme.tiers.lists.count
        let noneAfter = after.scheme.tiers.lists.count
        var transitions = [[Int]](repeating: [Int](repeating: 0, count: noneAfter + 1), count: noneBefore + 1)
        var up = 0
        var down = 0
        var gained = 0
        var lost = 0
        for slot in 0..<before.count {
            let from = Self.standing(before.listIndices[slot], none: noneBefore)
            let to = Self.standing(after.listIndices[slot], none: noneAfter)
            transitions[from][to] += 1
            // Compare standings on a common scale where "no list" is below every list of either scheme.
            let fromRank = from == noneBefore ? Int.max : from
            let toRank = to == noneAfter ? Int.max : to
            if toRank < fromRank { up += 1 } else if toRank > fromRank { down += 1 }
            let was = before.meetsLine(atSlot: slot)
            let now = after.meetsLine(atSlot: slot)
            if now, !was { gained += 1 } else if was, !now { lost += 1 }
        }
        self.movedUp = up
        self.movedDown = down
        self.gainedLine = gained
        self.lostLine = lost
        self.transitions = transitions
    }

    private static func standing(_ index: Int8, none: Int) -> Int {
        index >= 0 && Int(index) < none ? Int(index) : none
    }

    /// Enterprises whose list changed.
    public var movedTiers: Int { movedUp + movedDown }

    /// The `limit` largest rises of total (ties: lower slot first); only enterprises whose total rose.
    public func topRisers(limit: Int = 10) -> [ScoreMove] { top(limit: limit, rising: true) }

    /// The `limit` largest falls of total (ties: lower slot first); only enterprises whose total fell.
    public func topFallers(limit: Int = 10) -> [ScoreMove] { top(limit: limit, rising: false) }

    private func top(limit: Int, rising: Bool) -> [ScoreMove] {
        guard limit > 0 else { return [] }
        // A bounded, sorted shortlist: one pass over a million slots without sorting them all.
        var shortlist: [(change: Double, slot: Int)] = []
        for slot in 0..<before.count {
            let change = after.totals[slot] - before.totals[slot]
            let size = rising ? change : -change
            guard size > 0 else { continue }
            if shortlist.count == limit, let last = shortlist.last, size <= last.change { continue }
            let place = shortlist.firstIndex { size > $0.change } ?? shortlist.count
            shortlist.insert((size, slot), at: place)
            if shortlist.count > limit { shortlist.removeLast() }
        }
        return shortlist.map { entry in
            let slot = entry.slot
            return ScoreMove(slot: slot, totalBefore: before.totals[slot], totalAfter: after.totals[slot],
                             rankBefore: Int(before.ranks[slot]), rankAfter: Int(after.ranks[slot]),
                             listBefore: before.list(atSlot: slot)?.name, listAfter: after.list(atSlot: slot)?.name)
        }
    }
}
