/// A library evaluated over every enterprise in scope: the parameters used, one `ConditionOutcome` per condition,
/// the membership status per slot and, where the library tracks it, the first year each slot qualified.
public struct LibraryOutcome: Sendable {
    public let library: LibraryID
    public let name: String
    /// The library version used.
    public let version: RuleVersion
    public let year: Int
    public let date: LocalDate
    public let parameters: ParameterValues
    public let conditions: [ConditionOutcome]
    /// `RuleStatus` raw value per slot.
    public let membership: [UInt8]
    /// The first year of the supplied history in which the slot qualified (首次符合条件), 0 when it did not
    /// within that history; nil when the library does not track it. Years before the history are not seen: the
    /// server keeps the earliest year it has recorded.
    public let firstQualifyingYear: [Int32]?

    /// The status of one slot.
    public func status(at slot: Int) -> RuleStatus {
        slot >= 0 && slot < membership.count ? RuleStatus(byte: membership[slot]) : .unknown
    }

    /// Number of members.
    public var memberCount: Int { membership.reduce(0) { $0 + ($1 == RuleStatus.met.rawValue ? 1 : 0) } }

    /// The slots that are members, ascending.
    public var memberSlots: [Int] { membership.indices.filter { membership[$0] == RuleStatus.met.rawValue } }

    /// The outcome of a condition.
    public func condition(_ id: String) -> ConditionOutcome? { conditions.first { $0.id == id } }
}
