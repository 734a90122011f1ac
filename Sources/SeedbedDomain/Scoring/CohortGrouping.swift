/// Slots grouped by cohort (a counting sort): `order[cohortStart[c] ..< cohortStart[c + 1]]` are the slots of
/// cohort `c` in ascending slot order, and `position[slot]` is where a slot sits in `order`.
struct CohortGrouping: Sendable {
    let order: [Int32]
    let position: [Int32]
    let cohortStart: [Int]

    /// Requires every code in `0..<cohortCount` (the engine checks before grouping).
    init(cohorts: [Int32], cohortCount: Int) {
        var start = [Int](repeating: 0, count: cohortCount + 1)
        for cohort in cohorts { start[Int(cohort) + 1] += 1 }
        for cohort in 0..<cohortCount { start[cohort + 1] += start[cohort] }
        var next = start
        var order = [Int32](repeating: 0, count: cohorts.count)
        var position = [Int32](repeating: 0, count: cohorts.count)
        for (slot, cohort) in cohorts.enumerated() {
            let place = next[Int(cohort)]
            next[Int(cohort)] = place + 1
            order[place] = Int32(slot)
            position[slot] = Int32(place)
        }
        self.order = order
        self.position = position
        self.cohortStart = start
    }

    var cohortCount: Int { cohortStart.count - 1 }

    func range(of cohort: Int) -> Range<Int> { cohortStart[cohort]..<cohortStart[cohort + 1] }

    /// The size of the largest cohort.
    var largestCohort: Int { (0..<cohortCount).map { range(of: $0).count }.max() ?? 0 }

    /// Non-empty cohorts, largest first, so the longest tasks start first and the cores finish together.
    var cohortsLargestFirst: [Int] {
        (0..<cohortCount)
            .filter { !range(of: $0).isEmpty }
            .sorted { (range(of: $0).count, $1) > (range(of: $1).count, $0) }
    }
}
