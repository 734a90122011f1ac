import Fluent
import Foundation
import SeedbedDomain
@testable import SeedbedServer
import Vapor

/// A small world for authorization tests: two provinces, their cities and counties, two zones, an incubator,
/// five enterprises and one account per role. Expected visibility is written out by hand in the tests, never
/// derived from `DataScope`, so the tests can catch a wrong scope.
struct Fixtures {
    static let password = "Test@2026x"

    /// Enterprises by key: e1 甘井子区 in zone 大连高新区 · e2 旅顺口区 · e3 渝北区 in zone 重庆两江 ·
    /// e4 北碚区 · e5 甘井子区 in zone 大连高新区 and the incubator.
    var enterprises: [String: Int] = [:]
    var organizations: [String: Int] = [:]
    var users: [String: Int] = [:]

    /// Every account and the role it has.
    static let accounts: [(account: String, role: Role)] = [
        ("admin", .platformAdmin), ("national", .national), ("prov-ln", .province), ("city-dl", .city),
        ("county-gjz", .county), ("county-yb", .county), ("county-ls", .county), ("zone-dl", .zone), ("zone-cq", .zone),
        ("incubator-dl", .incubator), ("ent-e1", .enterprise), ("ent-e2", .enterprise),
    ]

    /// The security and audit administrators (三员分立: the system administrator is `admin` above). Kept apart from
    /// `accounts`, which the enterprise-scope tests walk: these two never read enterprises.
    static let officers: [(account: String, role: Role)] = [("security", .securityAdmin), ("auditor", .auditAdmin)]

    /// Enterprise keys each account may see, written out by hand.
    static let visible: [String: Set<String>] = [
        "admin": ["e1", "e2", "e3", "e4", "e5"],
        "national": ["e1", "e2", "e3", "e4", "e5"],
        "prov-ln": ["e1", "e2", "e5"],
        "city-dl": ["e1", "e2", "e5"],
        "county-gjz": ["e1", "e5"],
        "county-yb": ["e3"],
        "county-ls": ["e2"],
        "zone-dl": ["e1", "e5"],
        "zone-cq": ["e3"],
        "incubator-dl": ["e5"],
        "ent-e1": ["e1"],
        "ent-e2": ["e2"],
    ]

    static let enterpriseCodes: [String: (name: String, region: String)] = [
        "e1": ("大连甘井子一号科技有限公司", "210211"),
        "e2": ("大连旅顺二号科技有限公司", "210212"),
        "e3": ("重庆渝北三号科技有限公司", "500112"),
        "e4": ("重庆北碚四号科技有限公司", "500109"),
        "e5": ("大连孵化五号科技有限公司", "210211"),
    ]

    static func make(_ app: Application) async throws -> Fixtures {
        var fixtures = Fixtures()
        let db = app.db
        func regional(_ kind: OrganizationKind, _ code: String) async throws -> Int {
            guard let id = try await Organization.query(on: db).filter(\.$kind == kind)
                .filter(\.$regionCode == code).first()?.id
            else { throw TestSetupError.missing("organisation \(kind) \(code)") }
            return id
        }
        fixtures.organizations["national"] = try await Organization.query(on: db)
            .filter(\.$kind == .national).first()?.id
        fixtures.organizations["prov-ln"] = try await regional(.province, "210000")
        fixtures.organizations["city-dl"] = try await regional(.city, "210200")
        fixtures.organizations["county-gjz"] = try await regional(.county, "210211")
        fixtures.organizations["county-yb"] = try await regional(.county, "500112")
        fixtures.organizations["county-ls"] = try await regional(.county, "210212")
        for (key, kind, name, region) in [("zone-dl", OrganizationKind.zone, "测试大连高新区", "210211"),
                                          ("zone-cq", .zone, "测试重庆两江新区", "500112"),
                                          ("incubator-dl", .incubator, "测试大连孵化器", "210211")] {
            let org = Organization(kind: kind, name: name, regionCode: region)
            try await org.create(on: db)
            fixtures.organizations[key] = org.id
        }
        let zones: [String: (zone: String?, incubator: String?)] = [
            "e1": ("zone-dl", nil), "e2": (nil, nil), "e3": ("zone-cq", nil), "e4": (nil, nil),
            "e5": ("zone-dl", "incubator-dl"),
        ]
        for key in ["e1", "e2", "e3", "e4", "e5"] {
            guard let spec = enterpriseCodes[key] else { continue }
            let enterprise = Enterprise()
            enterprise.uscc = uscc(region: spec.region, serial: key)
            enterprise.name = spec.name
            enterprise.regionCode = spec.region
            enterprise.zoneID = zones[key]?.zone.flatMap { fixtures.organizations[$0] }
            enterprise.incubatorID = zones[key]?.incubator.flatMap { fixtures.organizations[$0] }
            enterprise.industryCode = "C39"
            enterprise.techField = 1
            enterprise.registeredOn = "2018-05-01"
            enterprise.status = .active
            enterprise.contactName = "联系人"
            enterprise.setContactPhone(try app.personalData.protect("13912345678", as: .phone))
            try await enterprise.create(on: db)
            fixtures.enterprises[key] = enterprise.id
        }
        let hash = try await app.password.async.hash(password)
        for (account, role) in accounts + officers {
            var organizationID: Int?
            var enterpriseID: Int?
            switch role {
            case .platformAdmin, .securityAdmin, .auditAdmin: break
            case .enterprise: enterpriseID = fixtures.enterprises[String(account.dropFirst(4))]
            default: organizationID = fixtures.organizations[account]
            }
            let user = User(account: account, name: "测试" + account, role: role, organizationID: organizationID,
                            enterpriseID: enterpriseID, phone: "13800138000", passwordHash: hash,
                            mustChangePassword: false, now: app.clock.now())
            try await user.create(on: db)
            fixtures.users[account] = user.id
        }
        return fixtures
    }

    /// A valid code for a region, distinct per serial.
    static func uscc(region: String, serial: String) -> String {
        let body = String((serial.unicodeScalars.map { String($0.value % 10) }.joined() + "00000000").prefix(8))
        let first17 = "91" + region + body + "0"
        return USCC.completing(first17)?.value ?? first17
    }

    func enterprise(_ key: String) throws -> Int {
        guard let id = enterprises[key] else { throw TestSetupError.missing("enterprise \(key)") }
        return id
    }

    func user(_ account: String) throws -> Int {
        guard let id = users[account] else { throw TestSetupError.missing("user \(account)") }
        return id
    }

    /// The user as the server sees them after sign-in, with their data scope.
    static func currentUser(_ account: String, on app: Application) async throws -> CurrentUser {
        guard let id = try await User.query(on: app.db).filter(\.$account == account).first()?.id,
              let user = try await CurrentUser.load(userID: id, on: app.db, policy: app.config.passwordPolicy,
                                                    now: app.clock.now())
        else { throw TestSetupError.missing("user \(account)") }
        return user
    }

    /// Creates an API token for an account and returns the secret.
    static func token(for account: String, on app: Application) async throws -> String {
        guard let user = try await User.query(on: app.db).filter(\.$account == account).first(), let id = user.id else {
            throw TestSetupError.missing("user \(account)")
        }
        let secret = "sbk_test_" + account + "_" + UUID().uuidString
        try await APIToken(userID: id, name: "test", tokenHash: RandomToken.sha256Hex(secret), prefix: "sbk_test",
                           createdAt: app.clock.now()).create(on: app.db)
        return secret
    }
}
