/// What a signed-in person is on the platform (角色). Government roles follow the kind of organisation they
/// belong to; the platform administrator manages the platform itself.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case platformAdmin = "admin"
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
        case .platformAdmin: "平台管理员"
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
        case .platformAdmin, .enterprise, .partner: false
        }
    }

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
