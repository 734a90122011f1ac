import Foundation
import SeedbedDomain

/// What a run's owner reviews before publishing: per cohort its size, how many are on each list and over the
/// line, the mean and best total; and the spread of all totals. Computed from the columns in memory with the
/// scores, so the review page needs no aggregate query over a million rows.
struct RunStats: Codable, Sendable {
    struct Cohort: Codable, Sendable {
        let code: Int
        let size: Int
        let listed: [Int]
        let meetsLine: Int
        let mean: Double
        let best: Double
    }

    let listNames: [String]
    let cohorts: [Cohort]
    /// Totals in bands of 10 points: [0,10), [10,20) … [90,∞); negative totals count in the first.
    let histogram: [Int]
    let meetsLine: Int

    init(_ result: ScoringResult) {
        listNames = result.scheme.tiers.lists.map(\.name)
        let listCount = listNames.count
        var sizes = [Int](repeating: 0, count: result.cohortCount)
        var sums = [Double](repeating: 0, count: result.cohortCount)
        var best = [Double](repeating: -.infinity, count: result.cohortCount)
        var lines = [Int](repeating: 0, count: result.cohortCount)
        var listed = [[Int]](repeating: [Int](repeating: 0, count: listCount), count: result.cohortCount)
        var histogram = [Int](repeating: 0, count: 10)
        for slot in 0..<result.count {
            let cohort = Int(result.cohorts[slot])
            let total = result.totals[slot]
            sizes[cohort] += 1
            sums[cohort] += total
            best[cohort] = max(best[cohort], total)
            if result.meetsLine(atSlot: slot) { lines[cohort] += 1 }
            let list = Int(result.listIndices[slot])
            if list >= 0, list < listCount { listed[cohort][list] += 1 }
            histogram[min(9, max(0, Int((total / 10).rounded(.down))))] += 1
        }
        cohorts = (0..<result.cohortCount).map { code in
            Cohort(code: code, size: sizes[code], listed: listed[code], meetsLine: lines[code],
                   mean: sizes[code] > 0 ? sums[code] / Double(sizes[code]) : 0, best: sizes[code] > 0 ? best[code] : 0)
        }
        self.histogram = histogram
        meetsLine = lines.reduce(0, +)
    }

    func listedTotal(_ index: Int) -> Int { cohorts.reduce(0) { $0 + ($1.listed.indices.contains(index) ? $1.listed[index] : 0) } }
}
