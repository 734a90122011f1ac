/// A level of a review chain, stated abstractly; `reviewer(for:)` turns it into the organisation that reviews
/// a given enterprise at that level.
public enum ReviewLevel: String, Sendable, Codable, CaseIterable, Hashable {
    /// 属地: the high-tech zone the enterprise is registered to, otherwise its county.
    case local
    /// The enterprise's high-tech zone (an enterprise without one cannot be routed).
    case zone
    /// The enterprise's county (区县).
    case county
    /// The city above the county (4-digit prefix; a municipality's 市辖区/县 row, a province's 直辖县级 row).
    case city
    /// The province (2-digit prefix).
    case province
    /// The national centre (火炬中心).
    case national

    /// Chinese name of the level.
    public var label: String {
        switch self {
        case .local: "属地（高新区或区县）"
        case .zone: "高新区"
        case .county: "区县"
        case .city: "市级"
        case .province: "省级"
        case .national: "国家级"
        }
    }

    /// The organisation that reviews at this level for an enterprise.
    ///
    /// A regional level finer than the enterprise's own code is taken by the division the code names: an
    /// enterprise coded to a city without counties (东莞市 441900) has its county level reviewed by that city.
    /// Consecutive levels that land on the same organisation are merged by `FilingPolicy.route(for:)`.
    public func reviewer(for location: EnterpriseLocation) throws(WorkflowError) -> ReviewerRef {
        switch self {
        case .national:
            return .national
        case .zone:
            guard let zoneID = location.zoneID else { throw .noZone }
            return .zone(id: zoneID)
        case .local:
            if let zoneID = location.zoneID { return .zone(id: zoneID) }
            return try ReviewLevel.county.reviewer(for: location)
        case .county, .city, .province:
            let code = location.regionCode
            guard RegionCodes.isValid(code) else { throw .invalidRegionCode(code) }
            // A city level that only a placeholder row holds — a municipality's 市辖区/县, a province's
            // 省直辖县级行政区划 — has no bureau of its own: the municipality's (or province's) bureau acts there.
            let cityless = self == .city && RegionCodes.hasPlaceholderCity(code)
            let length = self == .county ? 6 : self == .city && !cityless ? 4 : 2
            let resolved = String(code.prefix(length)) + String(repeating: "0", count: 6 - length)
            return .region(code: resolved, level: RegionCodes.level(of: resolved))
        }
    }

    /// Whether an organisation may decide at this level for an enterprise (a county cannot decide another
    /// county's filing). An enterprise that cannot be routed admits nobody.
    public func admits(_ organization: ScopeOrganization, for location: EnterpriseLocation) -> Bool {
        guard let reviewer = try? reviewer(for: location) else { return false }
        return reviewer.admits(organization)
    }
}
