/// The enterprises a signed-in person may see and change (数据权限, DESIGN.md §3).
///
/// One value, derived once from the user, applied to every query and every write that touches enterprise
/// data. Anything the derivation cannot place becomes `.nothing`: deny by default.
public enum DataScope: Sendable, Hashable, CustomStringConvertible {
    /// Every enterprise (national centre, platform administrator).
    case all
    /// Enterprises whose region code starts with the prefix (province 2, city 4, county 6 digits).
    case region(prefix: String)
    /// Enterprises registered to one high-tech zone.
    case zone(id: Int)
    /// Enterprises in one incubator.
    case incubator(id: Int)
    /// One enterprise: its own account.
    case enterprise(id: Int)
    /// Nothing at all.
    case nothing

    /// Derives the scope of a user from their role and what they belong to.
    public static func derive(role: Role, organization: ScopeOrganization?, enterpriseID: Int?) -> DataScope {
        switch role {
        case .platformAdmin:
            return .all
        case .partner:
            // Consent, not scope, opens a score to a bank.
            return .nothing
        case .securityAdmin, .auditAdmin:
            // They run accounts and read logs; enterprise data is not theirs to see.
            return .nothing
        case .enterprise:
            guard let enterpriseID else { return .nothing }
            return .enterprise(id: enterpriseID)
        case .national, .province, .city, .county, .zone, .incubator:
            guard let organization, organization.kind.role == role else { return .nothing }
            switch organization.kind {
            case .national:
                return .all
            case .province, .city, .county:
                let level: RegionLevel = organization.kind == .province ? .province
                    : organization.kind == .city ? .city : .county
                guard let code = organization.regionCode, code.count == 6, code.allSatisfy(\.isASCII),
                      code.allSatisfy(\.isNumber)
                else { return .nothing }
                return .region(prefix: RegionCodes.prefix(of: code, at: level))
            case .zone:
                return .zone(id: organization.id)
            case .incubator:
                return .incubator(id: organization.id)
            }
        }
    }

    /// Whether an enterprise lies inside the scope. Writes check the enterprise as it would be after the write too.
    public func permits(_ subject: ScopeSubject) -> Bool {
        switch self {
        case .all: true
        case .region: permitsRegion(subject.regionCode)
        case .zone(let id): subject.zoneID == id
        case .incubator(let id): subject.incubatorID == id
        case .enterprise(let id): subject.enterpriseID == id
        case .nothing: false
        }
    }

    /// Whether a region code may be given to an enterprise by someone of this scope (a county user cannot
    /// register an enterprise in another county).
    public func permitsRegion(_ regionCode: String) -> Bool {
        switch self {
        case .all: true
        case .region(let prefix): !prefix.isEmpty && RegionCodes.code(regionCode, liesIn: prefix)
        case .zone, .incubator, .enterprise, .nothing: false
        }
    }

    public var description: String {
        switch self {
        case .all: "all"
        case .region(let prefix): "region:\(prefix)"
        case .zone(let id): "zone:\(id)"
        case .incubator(let id): "incubator:\(id)"
        case .enterprise(let id): "enterprise:\(id)"
        case .nothing: "nothing"
        }
    }
}

/// What `DataScope.derive` needs to know of a user's organisation.
public struct ScopeOrganization: Sendable, Hashable {
    public let id: Int
    public let kind: OrganizationKind
    public let regionCode: String?

    public init(id: Int, kind: OrganizationKind, regionCode: String?) {
        self.id = id
        self.kind = kind
        self.regionCode = regionCode
    }
}

/// Where an enterprise sits, as far as scopes are concerned.
public struct ScopeSubject: Sendable, Hashable {
    public let enterpriseID: Int
    public let regionCode: String
    public let zoneID: Int?
    public let incubatorID: Int?

    public init(enterpriseID: Int, regionCode: String, zoneID: Int?, incubatorID: Int?) {
        self.enterpriseID = enterpriseID
        self.regionCode = regionCode
        self.zoneID = zoneID
        self.incubatorID = incubatorID
    }
}
