@testable import SeedbedDomain

/// An O(n²) reference for the percentile method, written straight from the peer's definition and sharing no
/// code with the engine: for each value, count the present values of the same cohort below it and equal to it.
struct NaiveScorer {
    struct Indicator {
        var values: [Double]
        var lowerIsBetter: Bool
        /// Weight by stage code.
        var weights: [Double]
    }

    var indicators: [Indicator]
    var cohorts: [Int]
    var stages: [Int]

    /// Percentile of slot `i` on indicator `k`, `nil` when missing.
    func percentile(_ k: Int, _ i: Int) -> Double? {
        let values = indicators[k].values
        let mine = values[i]
        if mine.isNaN { return nil }
        var better = 0
        var same = 0
        var present = 0
        for j in values.indices where cohorts[j] == cohorts[i] && !values[j].isNaN {
            present += 1
            if values[j] == mine {
                same += 1
            } else if indicators[k].lowerIsBetter ? values[j] > mine : values[j] < mine {
                better += 1
            }
        }
        // Ranks better+1 … better+same share their mean.
        let averageRank = Double(better) + Double(same + 1) / 2
        return averageRank / Double(present)
    }

    /// Totals, points added indicator by indicator from 0.0 (the peer's `total += …`).
    func totals() -> [Double] {
        cohorts.indices.map { i in
            var total = 0.0
            for k in indicators.indices {
                let weight = stages[i] < indicators[k].weights.count ? indicators[k].weights[stages[i]] : 0
                total += (percentile(k, i) ?? 0) * weight
            }
            return total
        }
    }

    /// 1 + number of cohort members with a strictly higher total ("min" rank, descending).
    func ranks(_ totals: [Double]) -> [Int] {
        cohorts.indices.map { i in
            1 + cohorts.indices.filter { cohorts[$0] == cohorts[i] && totals[$0] > totals[i] }.count
        }
    }
}
