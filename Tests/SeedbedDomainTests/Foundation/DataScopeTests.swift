import SeedbedDomain
import Testing

@Suite("数据权限")
struct DataScopeTests {
    static let gjz = ScopeSubject(enterpriseID: 1, regionCode: "210211", zoneID: 7, incubatorID: nil)
    static let yubei = ScopeSubject(enterpriseID: 2, regionCode: "500112", zoneID: nil, incubatorID: 9)

    @Test("由角色和机构推导：省 2 位、市 4 位、区县 6 位前缀")
    func derivation() {
        #expect(DataScope.derive(role: .province, organization: .init(id: 1, kind: .province, regionCode: "210000"),
                                 enterpriseID: nil) == .region(prefix: "21"))
        #expect(DataScope.derive(role: .city, organization: .init(id: 1, kind: .city, regionCode: "210200"),
                                 enterpriseID: nil) == .region(prefix: "2102"))
        #expect(DataScope.derive(role: .county, organization: .init(id: 1, kind: .county, regionCode: "500112"),
                                 enterpriseID: nil) == .region(prefix: "500112"))
        #expect(DataScope.derive(role: .zone, organization: .init(id: 7, kind: .zone, regionCode: "210211"),
                                 enterpriseID: nil) == .zone(id: 7))
        #expect(DataScope.derive(role: .national, organization: .init(id: 1, kind: .national, regionCode: nil),
                                 enterpriseID: nil) == .all)
        #expect(DataScope.derive(role: .platformAdmin, organization: nil, enterpriseID: nil) == .all)
        #expect(DataScope.derive(role: .enterprise, organization: nil, enterpriseID: 3) == .enterprise(id: 3))
    }

    @Test("无法推导时拒绝一切", arguments: [
        (Role.county, ScopeOrganization?.none, Int?.none),
        (Role.county, ScopeOrganization(id: 1, kind: .city, regionCode: "210200"), nil),
        (Role.county, ScopeOrganization(id: 1, kind: .county, regionCode: nil), nil),
        (Role.province, ScopeOrganization(id: 1, kind: .province, regionCode: "21x000"), nil),
        (Role.enterprise, nil, nil),
        (Role.zone, ScopeOrganization(id: 1, kind: .incubator, regionCode: "210211"), nil),
    ])
    func denyByDefault(role: Role, organization: ScopeOrganization?, enterpriseID: Int?) {
        let scope = DataScope.derive(role: role, organization: organization, enterpriseID: enterpriseID)
        #expect(scope == .nothing)
        #expect(!scope.permits(Self.gjz))
    }

    @Test("范围判断")
    func permits() {
        #expect(DataScope.region(prefix: "21").permits(Self.gjz))
        #expect(DataScope.region(prefix: "2102").permits(Self.gjz))
        #expect(!DataScope.region(prefix: "210212").permits(Self.gjz))
        #expect(!DataScope.region(prefix: "").permits(Self.gjz))
        #expect(DataScope.zone(id: 7).permits(Self.gjz))
        #expect(!DataScope.zone(id: 8).permits(Self.gjz))
        #expect(DataScope.incubator(id: 9).permits(Self.yubei))
        #expect(DataScope.enterprise(id: 1).permits(Self.gjz))
        #expect(!DataScope.enterprise(id: 1).permits(Self.yubei))
        #expect(DataScope.all.permits(Self.yubei))
        #expect(!DataScope.nothing.permits(Self.yubei))
        #expect(DataScope.region(prefix: "50").permitsRegion("500112"))
        #expect(!DataScope.zone(id: 7).permitsRegion("210211"))
    }
}
