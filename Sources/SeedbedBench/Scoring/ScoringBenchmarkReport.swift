/// The figures `seedbed-bench scoring` prints, named as the pandas peer names them.
struct ScoringBenchmarkReport: Hashable, Sendable, Codable {
    var enterprises: Int
    /// Compute time only: from columns in memory to totals and ranks (no generation, no files).
    var seconds: Double
    /// Sum of totals rounded to 6 decimals.
    var totalChecksum: Double
    /// Sum of ranks.
    var rankChecksum: Int

    init(enterprises: Int, seconds: Double, totalChecksum: Double, rankChecksum: Int) {
        self.enterprises = enterprises
        self.seconds = seconds
        self.totalChecksum = totalChecksum
        self.rankChecksum = rankChecksum
    }

    private enum CodingKeys: String, CodingKey {
        case enterprises, seconds
        case totalChecksum = "total_checksum"
        case rankChecksum = "rank_checksum"
    }

    /// One JSON line, seconds to 4 decimals as the peer prints them.
    var jsonLine: String {
        let rounded = (seconds * 10_000).rounded() / 10_000
        return "{\"enterprises\": \(enterprises), \"seconds\": \(rounded), "
            + "\"total_checksum\": \(totalChecksum), \"rank_checksum\": \(rankChecksum)}"
    }
}
