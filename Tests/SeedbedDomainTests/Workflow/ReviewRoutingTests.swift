import Foundation
import SeedbedDomain
import Testing

@Suite("审核层级与审核机构")
struct ReviewRoutingTests {
    @Test("审核层级解析为审核机构", arguments: [
        // 普通区县：区县本身、4 位前缀的市、2 位前缀的省
        ("210211", nil, ReviewLevel.county, "county:210211"),
        ("210211", nil, .city, "city:210200"),
        ("210211", nil, .province, "province:210000"),
        ("210211", nil, .national, "national"),
        // 属地：在高新区注册的归高新区，否则归区县
        ("210211", nil, .local, "county:210211"),
        ("210211", 7, .local, "zone:7"),
        ("210211", 7, .zone, "zone:7"),
        ("210211", 7, .county, "county:210211"),
        // 直辖市：市级只有“市辖区”“县”占位行，没有机构，由直辖市机构承担市级审核
        ("500112", nil, .county, "county:500112"),
        ("500112", nil, .city, "province:500000"),
        ("500112", nil, .province, "province:500000"),
        ("500229", nil, .city, "province:500000"),
        ("110108", nil, .city, "province:110000"),
        // 省直辖县级行政单位：“省直辖县级行政区划”同为占位行，市级由省级机构承担
        ("419001", nil, .county, "county:419001"),
        ("419001", nil, .city, "province:410000"),
        ("419001", nil, .province, "province:410000"),
        ("469002", nil, .city, "province:460000"),
        // 不设区的地级市：区县级由该市承担
        ("441900", nil, .county, "city:441900"),
        ("441900", nil, .city, "city:441900"),
        ("441900", nil, .local, "city:441900"),
        ("441900", nil, .province, "province:440000"),
        // 只登记到省的企业：市、区县两级由省承担
        ("500000", nil, .city, "province:500000"),
    ] as [(String, Int?, ReviewLevel, String)])
    func resolution(code: String, zone: Int?, level: ReviewLevel, expected: String) throws {
        let reviewer = try level.reviewer(for: EnterpriseLocation(regionCode: code, zoneID: zone))
        #expect(reviewer.key == expected)
        #expect(ReviewerRef(key: expected) == reviewer)
    }

    @Test("行政区划代码无效时拒绝解析", arguments: ["", "21021", "2102111", "21021a", "000000", "２１０２１１", "21 211"])
    func invalidRegionCode(code: String) {
        for level in [ReviewLevel.county, .city, .province, .local] {
            #expect(throws: WorkflowError.invalidRegionCode(code)) {
                try level.reviewer(for: EnterpriseLocation(regionCode: code))
            }
        }
        #expect(throws: Never.self) { try ReviewLevel.national.reviewer(for: EnterpriseLocation(regionCode: code)) }
    }

    @Test("未登记高新区的企业没有高新区审核机构")
    func zoneNeedsZone() throws {
        let error = #expect(throws: WorkflowError.noZone) {
            try ReviewLevel.zone.reviewer(for: EnterpriseLocation(regionCode: "210211"))
        }
        #expect(error?.message == "企业未登记所属高新区，无法确定高新区审核机构")
    }

    @Test("只有该层级的审核机构可以审核", arguments: [
        (ReviewLevel.county, "210211", nil, ScopeOrganization(id: 1, kind: .county, regionCode: "210211"), true),
        (.county, "210211", nil, ScopeOrganization(id: 2, kind: .county, regionCode: "210212"), false),
        (.county, "210211", nil, ScopeOrganization(id: 3, kind: .city, regionCode: "210200"), false),
        (.county, "210211", nil, ScopeOrganization(id: 4, kind: .city, regionCode: "210211"), false),
        (.city, "210211", nil, ScopeOrganization(id: 3, kind: .city, regionCode: "210200"), true),
        (.city, "210211", nil, ScopeOrganization(id: 5, kind: .city, regionCode: "210100"), false),
        (.city, "210211", nil, ScopeOrganization(id: 6, kind: .province, regionCode: "210000"), false),
        (.province, "210211", nil, ScopeOrganization(id: 6, kind: .province, regionCode: "210000"), true),
        (.province, "210211", nil, ScopeOrganization(id: 7, kind: .province, regionCode: "220000"), false),
        (.local, "210211", 7, ScopeOrganization(id: 7, kind: .zone, regionCode: "210211"), true),
        (.local, "210211", 7, ScopeOrganization(id: 8, kind: .zone, regionCode: "210211"), false),
        (.local, "210211", 7, ScopeOrganization(id: 1, kind: .county, regionCode: "210211"), false),
        (.local, "210211", nil, ScopeOrganization(id: 1, kind: .county, regionCode: "210211"), true),
        (.local, "210211", nil, ScopeOrganization(id: 7, kind: .incubator, regionCode: "210211"), false),
        (.city, "500112", nil, ScopeOrganization(id: 9, kind: .province, regionCode: "500000"), true),
        (.city, "500112", nil, ScopeOrganization(id: 9, kind: .city, regionCode: "500100"), false),
        (.city, "500229", nil, ScopeOrganization(id: 9, kind: .province, regionCode: "110000"), false),
        (.city, "419001", nil, ScopeOrganization(id: 10, kind: .province, regionCode: "410000"), true),
        (.city, "419001", nil, ScopeOrganization(id: 10, kind: .city, regionCode: "419000"), false),
        (.county, "441900", nil, ScopeOrganization(id: 11, kind: .city, regionCode: "441900"), true),
        (.national, "210211", nil, ScopeOrganization(id: 1, kind: .national, regionCode: nil), true),
        (.national, "210211", nil, ScopeOrganization(id: 6, kind: .province, regionCode: "210000"), false),
        (.county, "bad", nil, ScopeOrganization(id: 1, kind: .county, regionCode: "bad"), false),
    ] as [(ReviewLevel, String, Int?, ScopeOrganization, Bool)])
    func admits(level: ReviewLevel, code: String, zone: Int?, organization: ScopeOrganization, expected: Bool) {
        #expect(level.admits(organization, for: EnterpriseLocation(regionCode: code, zoneID: zone)) == expected)
    }

    @Test("各类材料的审核路线", arguments: [
        (FilingKind.registration, "210211", nil, ["county:210211"]),
        (.registration, "210211", 7, ["zone:7"]),
        (.basicInfo, "210211", 7, ["zone:7"]),
        (.basicInfo, "210211", nil, ["county:210211"]),
        (.annualReport, "210211", 7, ["county:210211", "city:210200"]),
        (.annualReport, "500112", nil, ["county:500112", "province:500000"]),
        (.pointsData, "210211", 7, ["zone:7"]),
        (.expressReport, "210211", nil, ["county:210211"]),
        (.innovativeSMEApplication, "210211", nil, ["county:210211", "city:210200", "province:210000"]),
        (.specializedSMEApplication, "419001", nil, ["county:419001", "province:410000"]),
        (.majorChange, "210211", nil, ["county:210211", "city:210200", "province:210000"]),
        (.renewal, "210211", nil, ["county:210211", "city:210200", "province:210000"]),
        // 同一机构承担相邻两级时只审一次，按较高层级记
        (.annualReport, "441900", nil, ["city:441900"]),
        (.innovativeSMEApplication, "441900", nil, ["city:441900", "province:440000"]),
    ] as [(FilingKind, String, Int?, [String])])
    func routes(kind: FilingKind, code: String, zone: Int?, expected: [String]) throws {
        let route = try FilingPolicy.standard(for: kind).route(for: EnterpriseLocation(regionCode: code, zoneID: zone))
        #expect(route.map(\.reviewer.key) == expected)
    }

    @Test("合并后的审核步骤记为较高层级")
    func mergedStepKeepsHigherLevel() throws {
        let route = try FilingPolicy.standard(for: .annualReport).route(for: EnterpriseLocation(regionCode: "441900"))
        #expect(route == [ReviewStep(level: .city, reviewer: .region(code: "441900", level: .city))])
    }

    @Test("审核机构标识可往返解析，非法标识被拒绝", arguments: [
        "county:210211", "city:210200", "province:210000", "zone:7", "zone:0", "national",
    ])
    func keyRoundTrip(key: String) throws {
        let reviewer = try #require(ReviewerRef(key: key))
        #expect(reviewer.key == key)
        let data = try JSONEncoder().encode([reviewer])
        #expect(String(decoding: data, as: UTF8.self) == "[\"\(key)\"]")
        #expect(try JSONDecoder().decode([ReviewerRef].self, from: data) == [reviewer])
    }

    @Test("非法审核机构标识", arguments: [
        "", "national:1", "county:210200", "city:210211", "province:210200", "county:21021x", "zone:", "zone:-1",
        "zone:x", "zone:99999999999999999999", "incubator:3", "county", "county:210211:1",
    ])
    func invalidKeys(key: String) {
        #expect(ReviewerRef(key: key) == nil)
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode([ReviewerRef].self, from: Data("[\"\(key)\"]".utf8))
        }
    }

    @Test("审核机构的机构类型与中文层级名")
    func reviewerKindsAndLabels() {
        #expect(ReviewerRef.region(code: "210211", level: .county).organizationKind == .county)
        #expect(ReviewerRef.region(code: "210200", level: .city).label == "市级")
        #expect(ReviewerRef.region(code: "210000", level: .province).label == "省级")
        #expect(ReviewerRef.zone(id: 7).organizationKind == .zone)
        #expect(ReviewerRef.zone(id: 7).label == "高新区")
        #expect(ReviewerRef.national.organizationKind == .national)
        #expect(ReviewerRef.national.description == "national")
    }
}
