/// Which conditions make an enterprise a member: a tree of "all of" and "any of" over condition ids, evaluated
/// in three-valued logic.
public indirect enum MembershipExpression: Sendable, Hashable, Codable {
    case condition(String)
    case all([MembershipExpression])
    case any([MembershipExpression])

    /// Every condition id the expression names.
    public var conditionIDs: [String] {
        switch self {
        case .condition(let id): [id]
        case .all(let parts), .any(let parts): parts.flatMap(\.conditionIDs)
        }
    }
}
