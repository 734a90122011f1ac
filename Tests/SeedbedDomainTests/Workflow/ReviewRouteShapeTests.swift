import Foundation
import SeedbedDomain
import Testing

/// Every review chain for every shape of place an enterprise can sit in: each step must wait for an organisation
/// that exists as a bureau — never a placeholder row (a municipality's 市辖区 500100, a province's
/// 省直辖县级行政区划 429000) that no account holds, which left 渝北's annual reports waiting for ever.
@Suite("审核路线：各类行政区划")
struct ReviewRouteShapeTests {
    /// Shapes of place: (label, county code, zone, the organisations expected to review, in order, for a
    /// county → city chain (the annual report's)).
    static let shapes: [(label: String, region: String, zone: Int?, annual: [String])] = [
        ("省 → 市 → 区县", "210211", nil, ["county:210211", "city:210200"]),
        ("直辖市 → 区", "500112", nil, ["county:500112", "province:500000"]),
        ("直辖市 → 县", "500229", nil, ["county:500229", "province:500000"]),
        ("北京", "110108", nil, ["county:110108", "province:110000"]),
        ("天津", "120116", nil, ["county:120116", "province:120000"]),
        ("上海", "310115", nil, ["county:310115", "province:310000"]),
        ("省直辖县级市", "429004", nil, ["county:429004", "province:420000"]),
        ("不设区的市", "441900", nil, ["city:441900"]),
        ("高新区内（年报仍由区县审核）", "210211", 7, ["county:210211", "city:210200"]),
        ("直辖市高新区内", "500112", 9, ["county:500112", "province:500000"]),
    ]

    @Test("年报（区县 → 市级）在每类地区都交给真实存在的机构", arguments: shapes.indices)
    func annualReportRoute(index: Int) throws {
        let shape = Self.shapes[index]
        let policy = FilingPolicy.standard(for: .annualReport)
        let route = try policy.route(for: EnterpriseLocation(regionCode: shape.region, zoneID: shape.zone))
        #expect(route.map(\.reviewer.key) == shape.annual, "\(shape.label)")
    }

    @Test("所有材料的审核链在所有地区都不落到占位的“市辖区”或“省直辖县级行政区划”",
          arguments: FilingKind.allCases)
    func noStepWaitsForAPlaceholder(kind: FilingKind) throws {
        let policy = FilingPolicy.standard(for: kind)
        for shape in Self.shapes {
            let location = EnterpriseLocation(regionCode: shape.region, zoneID: shape.zone)
            guard let route = try? policy.route(for: location) else {
                // Only chains that name the zone level need a zone.
                #expect(policy.chain.contains(.zone) && shape.zone == nil, "\(kind) \(shape.label)")
                continue
            }
            #expect(!route.isEmpty)
            for step in route {
                guard case .region(let code, let level) = step.reviewer, level == .city else { continue }
                #expect(!RegionCodes.hasPlaceholderCity(code), "\(kind) \(shape.label): \(code)")
                #expect(!RegionCodes.isMunicipality(code), "\(kind) \(shape.label): \(code)")
            }
            // No organisation is asked twice in one route.
            #expect(Set(route.map(\.reviewer)).count == route.count, "\(kind) \(shape.label)")
        }
    }

    @Test("直辖市的市级审核由直辖市机构完成，消息里称“市级”")
    func municipalityBureauActsAsTheCity() throws {
        let reviewer = try ReviewLevel.city.reviewer(for: EnterpriseLocation(regionCode: "500112"))
        #expect(reviewer.key == "province:500000")
        #expect(reviewer.label == "市级")
        let chongqing = ScopeOrganization(id: 1, kind: .province, regionCode: "500000")
        #expect(ReviewLevel.city.admits(chongqing, for: EnterpriseLocation(regionCode: "500112")))
        #expect(try ReviewLevel.province.reviewer(for: EnterpriseLocation(regionCode: "210211")).label == "省级")
    }
}
