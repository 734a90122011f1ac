import SeedbedDomain

/// Who manages which schemes and runs. The national centre (and the platform administrator) own the national
/// scheme and national runs (owner nil); a zone owns its own scheme and runs. Everyone in government reads the
/// published runs, always through their data scope; a run's owner also sees it before publication.
struct PointsAccess: Sendable {
    let role: Role
    let organizationID: Int?

    init(_ user: CurrentUser) {
        role = user.role
        organizationID = user.organizationID
    }

    /// The owner a new scheme or run of this user gets: nil (national) or the zone's organisation.
    var ownerForNew: Int?? {
        switch role {
        case .platformAdmin, .national: .some(nil)
        case .zone: organizationID.map { .some($0) } ?? .none
        default: .none
        }
    }

    func manages(owner: Int?) -> Bool {
        switch role {
        case .platformAdmin, .national: owner == nil
        case .zone: owner != nil && owner == organizationID
        default: false
        }
    }

    /// Whether the user may look at a scheme: the national ones and their own; the national centre sees all.
    func reads(schemeOwner owner: Int?) -> Bool {
        owner == nil || manages(owner: owner) || role == .national || role == .platformAdmin
    }

    func sees(_ run: ScoringRun) -> Bool {
        run.status == .published || manages(owner: run.ownerOrgID)
    }
}
