/// What a signed-in person is on the platform (角色). Government roles follow the kind of organisation they
/// belong to. Three administrators split the running of the platform (三员分立, GB/T 22239-2019 §8.1.4): the
/// system administrator (users, organisations, content), the security administrator (roles, password and lock
/// policy, unlocks) and the audit administrator (the audit and login logs, which nobody else reads). A user has
/// exactly one role, so no account holds two of them.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    /// 系统管理员: named `admin` in the database since before the split.
    case platformAdmin = "admin"
    /// 安全管理员.
    case securityAdmin = "security_admin"
    /// 审计管理员.
    case auditAdmin = "audit_admin"
    case national
    case province
    case city
    case county
    case zone
    case incubator
    case enterprise
    /// A partner bank: reads, through the API, the scores of enterprises that consented — nothing else.
    case partner

    /// Chinese name of the role.
    public var label: String {
        switch self {
        case .platformAdmin: "系统管理员（平台管理员）"
        case .securityAdmin: "安全管理员"
        case .auditAdmin: "审计管理员"
        case .national: "火炬中心"
        case .province: "省级管理部门"
        case .city: "市级管理部门"
        case .county: "区县管理部门"
        case .zone: "高新区"
        case .incubator: "孵化器"
        case .enterprise: "企业"
        case .partner: "合作金融机构"
        }
    }

    /// Government roles review, query and analyse enterprises within their scope.
    public var isGovernment: Bool {
        switch self {
        case .national, .province, .city, .county, .zone, .incubator: true
        case .platformAdmin, .securityAdmin, .auditAdmin, .enterprise, .partner: false
        }
    }

    /// The three administrator roles (三员). They are granted only by the security administrator or on the
    /// command line (`seedbed user create-admin --role …`), never by the system administrator.
    public static let administrators: Set<Role> = [.platformAdmin, .securityAdmin, .auditAdmin]

    /// Whether this is one of the three administrator roles.
    public var isAdministrator: Bool { Self.administrators.contains(self) }

    /// Whether people of this role may see unmasked phone and ID numbers of enterprises in their scope.
    /// Government reviewers need to call enterprises; partners and the public never see them.
    public var seesContactDetails: Bool { isGovernment || self == .platformAdmin }
}

/// Kind of organisation (机构类型).
public enum OrganizationKind: String, Sendable, Codable, CaseIterable, Hashable {
    case national
    case province
    case city
    case county
    case zone
    case incubator

    /// Chinese name of the kind.
    public var label: String {
        switch self {
        case .national: "国家级（火炬中心）"
        case .province: "省级"
        case .city: "市级"
        case .county: "区县级"
        case .zone: "高新区"
        case .incubator: "孵化器"
        }
    }

    /// The government role of people working for an organisation of this kind.
    public var role: Role {
        switch self {
        case .national: .national
        case .province: .province
        case .city: .city
        case .county: .county
        case .zone: .zone
        case .incubator: .incubator
        }
    }

    /// The kind of organisation that stands for a division of this level.
    public init(level: RegionLevel) {
        switch level {
        case .province: self = .province
        case .city: self = .city
        case .county: self = .county
        }
    }
}
