import Foundation

/// The columnar snapshot the enterprise overview and the statistics read (DESIGN.md §5): one slot per
/// enterprise, one contiguous array per attribute. Built from the database in the background, swapped atomically,
/// and queried in memory — never one SQL query per chart.
public struct DashboardSnapshot: Sendable {
    /// Database version this snapshot was built from; nodes rebuild when the stored version moves.
    public let version: Int
    public let builtAt: Date
    public let count: Int
    public let enterpriseIDs: [Int32]
    /// GB/T 2260 code as a number (500112).
    public let regionCodes: [Int32]
    /// Zone organisation id, -1 for none.
    public let zones: [Int32]
    /// Incubator organisation id, -1 for none.
    public let incubators: [Int32]
    /// Index of the GB/T 4754 section in `IndustrySection.all`, 255 for unknown.
    public let sections: [UInt8]
    /// `TechField.rawValue`, 0 for unknown.
    public let fields: [UInt8]
    /// Index in `OverviewStages.stages`, 255 for unknown.
    public let stages: [UInt8]
    /// Bit set of `Title`.
    public let titles: [UInt8]
    /// Latest published score, NaN when none.
    public let scores: [Float]
    /// Score tier index (see `ScoreTier`), 255 when none.
    public let tiers: [UInt8]
    /// Facts by year for the statistics tables: year → fact → column (NaN = no approved report).
    public let facts: [Int: [FactID: [Float]]]
    /// Registration date as days since 1970, for monthly progress; Int32.min when unknown.
    public let registeredDays: [Int32]
    /// Enterprise names, for the list (kept here so a page needs no SQL).
    public let names: [String]
    /// Dense index of each slot's county in `countyCodes`, so counting by region is an array increment.
    public let countyIndex: [UInt16]
    public let countyCodes: [Int32]
    /// Dense index of each slot's zone in `zoneIDs`; `UInt16.max` for none.
    public let zoneIndex: [UInt16]
    public let zoneIDs: [Int32]

    public init(version: Int, builtAt: Date, enterpriseIDs: [Int32], regionCodes: [Int32], zones: [Int32],
                incubators: [Int32], sections: [UInt8], fields: [UInt8], stages: [UInt8], titles: [UInt8],
                scores: [Float], tiers: [UInt8], facts: [Int: [FactID: [Float]]], registeredDays: [Int32],
                names: [String]) {
        self.version = version
        self.builtAt = builtAt
        self.count = enterpriseIDs.count
        self.enterpriseIDs = enterpriseIDs
        self.regionCodes = regionCodes
        self.zones = zones
        self.incubators = incubators
        self.sections = sections
        self.fields = fields
        self.stages = stages
        self.titles = titles
        self.scores = scores
        self.tiers = tiers
        self.facts = facts
        self.registeredDays = registeredDays
        self.names = names
        var counties: [Int32: UInt16] = [:]
        var countyCodes: [Int32] = []
        var zoneMap: [Int32: UInt16] = [:]
        var zoneIDs: [Int32] = []
        var countyIndex = [UInt16](repeating: 0, count: enterpriseIDs.count)
        var zoneIndex = [UInt16](repeating: .max, count: enterpriseIDs.count)
        for slot in 0..<min(enterpriseIDs.count, regionCodes.count, zones.count) {
            let code = regionCodes[slot]
            if let index = counties[code] {
                countyIndex[slot] = index
            } else if countyCodes.count < Int(UInt16.max) {
                let index = UInt16(countyCodes.count)
                counties[code] = index
                countyCodes.append(code)
                countyIndex[slot] = index
            }
            let zone = zones[slot]
            guard zone >= 0 else { continue }
            if let index = zoneMap[zone] {
                zoneIndex[slot] = index
            } else if zoneIDs.count < Int(UInt16.max) - 1 {
                let index = UInt16(zoneIDs.count)
                zoneMap[zone] = index
                zoneIDs.append(zone)
                zoneIndex[slot] = index
            }
        }
        self.countyIndex = countyIndex
        self.countyCodes = countyCodes
        self.zoneIndex = zoneIndex
        self.zoneIDs = zoneIDs
    }

    /// Bytes held by the columns (names counted at their UTF-8 length).
    public var approximateBytes: Int {
        let fixed = count * (4 * 4 + 5 + 4 + 4 + 2 + 2)
        let factBytes = facts.values.reduce(0) { $0 + $1.count * count * 4 }
        let nameBytes = names.reduce(0) { $0 + $1.utf8.count + 16 }
        return fixed + factBytes + nameBytes
    }

    public static let empty = DashboardSnapshot(version: 0, builtAt: Date(timeIntervalSince1970: 0), enterpriseIDs: [],
                                                regionCodes: [], zones: [], incubators: [], sections: [], fields: [],
                                                stages: [], titles: [], scores: [], tiers: [], facts: [:],
                                                registeredDays: [], names: [])
}

/// Qualifications shown on the showcase and used as filters.
public enum Title: UInt8, Sendable, CaseIterable {
    case hightech = 1
    case techSME = 2
    case specializedSME = 4

    public var label: String {
        switch self {
        case .hightech: "高新技术企业"
        case .techSME: "科技型中小企业"
        case .specializedSME: "专精特新中小企业"
        }
    }
}

/// 发展阶段 as the overview groups them: the stages of the standard stage rule, in their order. Stage codes in
/// the snapshot are indexes into `stages`.
public enum OverviewStages {
    public static let stages: [DevelopmentStage] = StageRule.standard.stages

    public static func code(ageYears: Double?, revenue: Double?) -> UInt8 {
        guard let stage = StageRule.standard.stage(ageYears: ageYears, revenue: revenue),
              let index = stages.firstIndex(of: stage)
        else { return 255 }
        return UInt8(index)
    }
}

/// 企业评价: score tiers of the overview.
public enum ScoreTier: UInt8, Sendable, CaseIterable {
    case excellent = 0, good, average, low

    public var label: String {
        switch self {
        case .excellent: "优秀（≥ 85 分）"
        case .good: "良好（70–85 分）"
        case .average: "一般（50–70 分）"
        case .low: "待提升（< 50 分）"
        }
    }

    public static func of(score: Float) -> ScoreTier? {
        guard score.isFinite else { return nil }
        if score >= 85 { return .excellent }
        if score >= 70 { return .good }
        if score >= 50 { return .average }
        return .low
    }
}
