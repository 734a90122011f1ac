/// The province → city → county choices people pick from in templates and forms, and the way back from the
/// names they picked to a county code. Municipalities (北京, 天津, 上海, 重庆) offer themselves as the city, so
/// nobody has to choose between 市辖区 and 县.
public struct RegionCascade: Sendable {
    public struct City: Sendable {
        public let name: String
        public let counties: [Region]
    }

    public struct Province: Sendable {
        public let region: Region
        public let cities: [City]
    }

    public let provinces: [Province]

    static let municipalities: Set<String> = ["11", "12", "31", "50"]

    public init(table: RegionTable = .shipped) {
        provinces = table.provinces.map { province in
            let prefix = String(province.code.prefix(2))
            if Self.municipalities.contains(prefix) {
                return Province(region: province, cities: [City(name: province.name, counties: table.counties(under: prefix))])
            }
            let cities = table.children(of: province.code).map { city in
                City(name: city.name, counties: table.children(of: city.code).filter { $0.level == .county })
            }.filter { !$0.counties.isEmpty }
            return Province(region: province, cities: cities)
        }
    }

    /// The county code for the picked names. The county column may also hold a 6-digit county code, which is
    /// accepted when it lies under the picked province and city (or when they are blank).
    public func resolve(province: String, city: String, county: String) -> Result<String, RegionCascadeError> {
        let p = province.trimmingCharacters(in: .whitespaces)
        let c = city.trimmingCharacters(in: .whitespaces)
        let k = county.trimmingCharacters(in: .whitespaces)
        if k.count == 6, k.allSatisfy(\.isNumber) {
            guard let match = provinces.lazy.flatMap({ $0.cities.flatMap(\.counties) }).first(where: { $0.code == k })
            else { return .failure(.unknownCounty(k)) }
            if !p.isEmpty, let picked = provinces.first(where: { $0.region.name == p }),
               !picked.cities.contains(where: { $0.counties.contains(match) })
            {
                return .failure(.countyNotInProvince(county: k, province: p))
            }
            return .success(match.code)
        }
        guard !p.isEmpty else { return .failure(.missing("省份")) }
        guard let provinceEntry = provinces.first(where: { $0.region.name == p }) else { return .failure(.unknownProvince(p)) }
        guard !c.isEmpty else { return .failure(.missing("城市")) }
        guard let cityEntry = provinceEntry.cities.first(where: { $0.name == c }) else {
            return .failure(.unknownCity(city: c, province: p))
        }
        guard !k.isEmpty else { return .failure(.missing("区县")) }
        guard let countyEntry = cityEntry.counties.first(where: { $0.name == k }) else {
            return .failure(.unknownCounty(k))
        }
        return .success(countyEntry.code)
    }

    /// The names to show for a county code (for error reports and round trips).
    public func names(of code: String) -> (province: String, city: String, county: String)? {
        for province in provinces {
            for city in province.cities {
                if let county = city.counties.first(where: { $0.code == code }) {
                    return (province.region.name, city.name, county.name)
                }
            }
        }
        return nil
    }
}

/// Why picked region names do not make a county.
public enum RegionCascadeError: CodedError, Equatable {
    case missing(String)
    case unknownProvince(String)
    case unknownCity(city: String, province: String)
    case unknownCounty(String)
    case countyNotInProvince(county: String, province: String)

    /// Stable code for the API.
    public var code: String {
        switch self {
        case .missing: "region.missing"
        case .unknownProvince: "region.unknown_province"
        case .unknownCity: "region.unknown_city"
        case .unknownCounty: "region.unknown_county"
        case .countyNotInProvince: "region.county_not_in_province"
        }
    }

    public var failure: FailureKind { .invalid }

    public var message: String {
        switch self {
        case .missing(let level): "请选择\(level)"
        case .unknownProvince(let name): "省份“\(name)”不存在，请从下拉列表选择"
        case .unknownCity(let city, let province): "“\(province)”下没有城市“\(city)”，请从下拉列表选择"
        case .unknownCounty(let name): "区县“\(name)”不存在或不属于所选城市，请从下拉列表选择"
        case .countyNotInProvince(let county, let province): "区县代码 \(county) 不属于“\(province)”"
        }
    }
}
