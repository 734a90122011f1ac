import Foundation

/// The columnar snapshot the enterprise overview, the showcase and the statistics read (DESIGN.md §5): one slot
/// per enterprise, one contiguous array per attribute, plus the statistics cube. Built from the database in the
/// background, swapped atomically, and queried in memory — never one SQL query per chart.
///
/// Names and codes are not held: a page shows twenty enterprises and fetches those by id, while a million names
/// would cost more memory than every column together.
public struct DashboardSnapshot: Sendable {
    /// Database version this snapshot was built from; nodes rebuild when the stored version moves.
    public let version: Int
    public let builtAt: Date
    public let count: Int
    /// Ascending when built by `SnapshotAssembler` from rows ordered by id.
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
    /// Index in `tierScale.labels`, `TierScale.unscored` when none.
    public let tiers: [UInt8]
    public let tierScale: TierScale
    /// Yearly and monthly aggregates for the statistics tables.
    public let statistics: StatisticsCube
    /// Names of the zones and incubators, by organisation id.
    public let zoneNames: [Int32: String]
    /// Dense index of each slot's county in `countyCodes`, so counting by region is an array increment.
    public let countyIndex: [UInt16]
    public let countyCodes: [Int32]
    /// Dense index of each slot's zone in `zoneIDs`; `UInt16.max` for none.
    public let zoneIndex: [UInt16]
    public let zoneIDs: [Int32]
    /// Enterprises with a published score.
    public let scoredCount: Int

    public init(version: Int, builtAt: Date, enterpriseIDs: [Int32], regionCodes: [Int32], zones: [Int32],
                incubators: [Int32], sections: [UInt8], fields: [UInt8], stages: [UInt8], titles: [UInt8],
                scores: [Float], tiers: [UInt8], tierScale: TierScale = .standard,
                statistics: StatisticsCube = .empty, zoneNames: [Int32: String] = [:]) {
        let n = [enterpriseIDs.count, regionCodes.count, zones.count, incubators.count, sections.count, fields.count,
                 stages.count, titles.count, scores.count, tiers.count].min() ?? 0
        func cut<T>(_ column: [T]) -> [T] { column.count == n ? column : Array(column.prefix(n)) }
        self.version = version
        self.builtAt = builtAt
        self.count = n
        self.enterpriseIDs = cut(enterpriseIDs)
        self.regionCodes = cut(regionCodes)
        self.zones = cut(zones)
        self.incubators = cut(incubators)
        self.sections = cut(sections)
        self.fields = cut(fields)
        self.stages = cut(stages)
        self.titles = cut(titles)
        self.scores = cut(scores)
        self.tiers = cut(tiers)
        self.tierScale = tierScale
        self.statistics = statistics
        self.zoneNames = zoneNames
        var counties: [Int32: UInt16] = [:]
        var countyCodes: [Int32] = []
        var zoneMap: [Int32: UInt16] = [:]
        var zoneIDs: [Int32] = []
        var countyIndex = [UInt16](repeating: 0, count: n)
        var zoneIndex = [UInt16](repeating: .max, count: n)
        for slot in 0..<n {
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
        self.scoredCount = self.scores.reduce(0) { $0 + ($1.isFinite ? 1 : 0) }
        self.countyIndex = countyIndex
        self.countyCodes = countyCodes
        self.zoneIndex = zoneIndex
        self.zoneIDs = zoneIDs
    }

    /// Bytes held by the columns and the statistics cube.
    public var approximateBytes: Int {
        let perSlot = 4 * 4 + 4 * 1 + 4 + 1 + 2 + 2
        let cube = statistics.cells.count * 12
            + (statistics.registrations.count + statistics.admissions.count + statistics.reportApprovals.count)
            * statistics.cells.count * 4
            + statistics.years.count * statistics.cells.count
            * (4 * (2 + EnterpriseSize.allCases.count + 1 + IndustryCategory.allCases.count + 1 + TechField.allCases.count + 1)
               + 8 * StatisticsFacts.summed.count)
        let names = zoneNames.values.reduce(0) { $0 + $1.utf8.count + 32 }
        return count * perSlot + countyCodes.count * 4 + zoneIDs.count * 4 + cube + names
    }

    /// The slot of an enterprise id (binary search: ids ascend).
    public func slot(of id: Int32) -> Int? { enterpriseIDs.ascendingIndex(of: id) }

    /// The label of a slot's stage.
    public func stageLabel(_ slot: Int) -> String {
        let stage = Int(stages[slot])
        return stage < OverviewStages.stages.count ? OverviewStages.stages[stage].rawValue : "未知"
    }

    public static let empty = DashboardSnapshot(version: 0, builtAt: Date(timeIntervalSince1970: 0), enterpriseIDs: [],
                                                regionCodes: [], zones: [], incubators: [], sections: [], fields: [],
                                                stages: [], titles: [], scores: [], tiers: [])
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

    /// The fact flag that grants it.
    public var fact: FactID {
        switch self {
        case .hightech: .hightechCertified
        case .techSME: .techSMECertified
        case .specializedSME: .specializedSMECertified
        }
    }
}

/// 发展阶段 as the overview groups them: the stages of the standard stage rule, in their order. Stage codes in
/// the snapshot are indexes into `stages`.
public enum OverviewStages {
    public static let stages: [DevelopmentStage] = StageRule.standard.stages

    public static func code(ageYears: Double?, revenue: Double?) -> UInt8 {
        guard let stage = StageRule.standard.stage(ageYears: ageYears, revenue: revenue) else { return 255 }
        return code(of: stage)
    }

    /// The code of a stage by name (a published result's stage), 255 when the standard rule has no such stage.
    public static func code(of stage: DevelopmentStage) -> UInt8 {
        stages.firstIndex(of: stage).map { UInt8($0) } ?? 255
    }
}
