/// All decisions on one filing in history order, grouped by submission round, as the enterprise sees them
/// (审批意见: every level's opinion, numbered by round).
public struct ReviewHistory: Sendable, Hashable {
    /// Records in `ReviewRecord.historyOrder`.
    public let records: [ReviewRecord]

    public init(_ records: some Sequence<ReviewRecord>) {
        self.records = records.sorted(by: ReviewRecord.historyOrder)
    }

    /// Rounds in ascending order, each with its decisions up the route.
    public var rounds: [ReviewRound] {
        var rounds: [ReviewRound] = []
        for record in records {
            if let last = rounds.last, last.number == record.round {
                rounds[rounds.count - 1].records.append(record)
            } else {
                rounds.append(ReviewRound(number: record.round, records: [record]))
            }
        }
        return rounds
    }

    /// The most recent decision.
    public var latest: ReviewRecord? { records.last }

    /// The reason of the latest decision when it sent the filing back or refused it (shown as 退回原因).
    public var latestReason: String? {
        guard let latest, latest.verdict != .approve else { return nil }
        return latest.opinion
    }
}

/// The decisions on one submission.
public struct ReviewRound: Sendable, Hashable {
    public let number: Int
    public internal(set) var records: [ReviewRecord]

    /// "第 n 轮".
    public var title: String { "第 \(number) 轮" }
}
