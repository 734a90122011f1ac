import Foundation

/// Level of an administrative division in GB/T 2260.
public enum RegionLevel: String, Sendable, Codable, CaseIterable {
    case province, city, county

    /// Length of the code prefix that a scope over a division of this level uses.
    public var prefixLength: Int {
        switch self {
        case .province: 2
        case .city: 4
        case .county: 6
        }
    }

    /// Chinese name of the level.
    public var label: String {
        switch self {
        case .province: "省级"
        case .city: "市级"
        case .county: "区县级"
        }
    }
}

/// One administrative division (行政区划).
public struct Region: Sendable, Hashable, Codable {
    public let code: String
    public let name: String
    public let level: RegionLevel
    /// Parent division code; `nil` for provinces.
    public let parentCode: String?
    public let longitude: Double?
    public let latitude: Double?

    public init(code: String, name: String, level: RegionLevel, parentCode: String?, longitude: Double?,
                latitude: Double?) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
        self.longitude = longitude
        self.latitude = latitude
    }

    /// The code prefix that selects this division and everything under it (RULES.md §2).
    public var scopePrefix: String { RegionCodes.prefix(of: code, at: level) }

    /// Placeholder city rows — a municipality's 市辖区/县, a province's 省直辖县级行政区划 — carry no name of their
    /// own worth showing; drill-downs and full names look through them.
    public var isPlaceholder: Bool {
        level == .city && (name == "市辖区" || name == "县" || name.hasSuffix("直辖县级行政区划"))
    }
}

/// The GB/T 2260 table: every province, city and county with its parent, loaded once from the CSV resource
/// copied from the project's reference data.
public struct RegionTable: Sendable {
    public let regions: [Region]
    private let byCode: [String: Int]
    private let childrenByCode: [String: [Int]]
    /// `fullName(of:)` of every code, worked out once: lists and exports name each row's region, 300 000 times for
    /// a city's export.
    private let fullNames: [String: String]

    /// Parses the table from CSV text (`code,name,level,parent,longitude,latitude` with a header row).
    /// Malformed rows are reported, not skipped silently.
    public init(csv: String) throws(RegionTableError) {
        var regions: [Region] = []
        var lineNumber = 0
        for line in csv.split(whereSeparator: \.isNewline) {
            lineNumber += 1
            if lineNumber == 1 { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 4, fields[0].count == 6, fields[0].allSatisfy(\.isASCII),
                  fields[0].allSatisfy(\.isNumber), let level = RegionLevel(rawValue: fields[2])
            else { throw .malformedLine(lineNumber) }
            let parent = fields[3].isEmpty ? nil : fields[3]
            let longitude = fields.count > 4 ? Double(fields[4]) : nil
            let latitude = fields.count > 5 ? Double(fields[5]) : nil
            regions.append(Region(code: fields[0], name: fields[1], level: level, parentCode: parent,
                                  longitude: longitude, latitude: latitude))
        }
        self.init(regions: regions)
    }

    /// Builds the table from regions (the first of duplicate codes wins).
    public init(regions: [Region]) {
        var byCode: [String: Int] = [:]
        var children: [String: [Int]] = [:]
        for (index, region) in regions.enumerated() where byCode[region.code] == nil {
            byCode[region.code] = index
            if let parent = region.parentCode { children[parent, default: []].append(index) }
        }
        self.regions = regions
        self.byCode = byCode
        self.childrenByCode = children
        var fullNames: [String: String] = [:]
        for code in byCode.keys {
            var chain: [String] = []
            var current = byCode[code].map { regions[$0] }
            while let region = current, chain.count < 4 {
                if !region.isPlaceholder { chain.append(region.name) }
                current = region.parentCode.flatMap { byCode[$0] }.map { regions[$0] }
            }
            fullNames[code] = chain.reversed().joined()
        }
        self.fullNames = fullNames
    }

    /// The table shipped with the platform.
    public static let shipped: RegionTable = {
        guard let url = Bundle.module.url(forResource: "regions", withExtension: "csv"),
              let text = try? String(contentsOf: url, encoding: .utf8),
              let table = try? RegionTable(csv: text)
        else { return RegionTable(regions: []) }
        return table
    }()

    public subscript(code: String) -> Region? {
        guard let index = byCode[code] else { return nil }
        return regions[index]
    }

    /// Provinces in code order.
    public var provinces: [Region] { regions.filter { $0.level == .province } }

    /// Direct children of a division, in code order.
    public func children(of code: String) -> [Region] {
        (childrenByCode[code] ?? []).map { regions[$0] }.sorted { $0.code < $1.code }
    }

    /// Children for a drill-down: a municipality's placeholder 市辖区/县 rows are looked through, so 重庆市 shows
    /// its districts directly.
    public func drillDownChildren(of code: String) -> [Region] {
        children(of: code).flatMap { $0.isPlaceholder ? children(of: $0.code) : [$0] }
    }

    /// The chain from the province down to `code`, placeholders left out.
    public func path(to code: String) -> [Region] {
        var chain: [Region] = []
        var current = self[code]
        while let region = current, chain.count < 4 {
            if !region.isPlaceholder { chain.append(region) }
            current = region.parentCode.flatMap { self[$0] }
        }
        return chain.reversed()
    }

    /// Full name such as "辽宁省大连市中山区".
    public func fullName(of code: String) -> String {
        fullNames[code] ?? ""
    }

    /// The county-level divisions under a scope prefix (all when the prefix is empty).
    public func counties(under prefix: String) -> [Region] {
        regions.filter { $0.level == .county && RegionCodes.code($0.code, liesIn: prefix) }
    }
}

/// Why the region table could not be read.
public enum RegionTableError: CodedError, Equatable {
    case malformedLine(Int)

    public var code: String { "region.table_malformed" }

    public var message: String {
        switch self {
        case .malformedLine(let line): "行政区划表第 \(line) 行格式错误"
        }
    }

    /// The table ships with the platform: a bad line is the platform's fault, not the person's.
    public var failure: FailureKind { .internal }
}
