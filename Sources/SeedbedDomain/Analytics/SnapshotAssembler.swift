import Foundation

/// One enterprise as the snapshot takes it.
public struct SnapshotEnterprise: Sendable, Hashable {
    public var id: Int32
    public var regionCode: Int32
    public var zone: Int32
    public var incubator: Int32
    /// Index in `IndustrySection.all`, 255 unknown.
    public var section: UInt8
    /// `TechField.rawValue`, 0 unknown.
    public var field: UInt8
    /// Year of establishment (from the registration date), for the stage; nil when unknown.
    public var foundedYear: Int?
    /// `MonthKey` of the platform registration.
    public var registeredMonth: Int?
    /// `MonthKey` of the first approval of its basic information (入库), nil when never admitted.
    public var admittedMonth: Int?

    public init(id: Int32, regionCode: Int32, zone: Int32 = -1, incubator: Int32 = -1, section: UInt8 = 255,
                field: UInt8 = 0, foundedYear: Int? = nil, registeredMonth: Int? = nil, admittedMonth: Int? = nil) {
        self.id = id
        self.regionCode = regionCode
        self.zone = zone
        self.incubator = incubator
        self.section = section
        self.field = field
        self.foundedYear = foundedYear
        self.registeredMonth = registeredMonth
        self.admittedMonth = admittedMonth
    }

    /// `C39` → the index of section C; 255 when the code is unknown.
    public static func sectionIndex(industryCode: String?) -> UInt8 {
        guard let letter = industryCode?.first.map(String.init),
              let index = IndustrySection.all.firstIndex(where: { $0.letter == letter })
        else { return 255 }
        return UInt8(index)
    }
}

/// Builds a `DashboardSnapshot` from rows as they stream from the database (or a generator): enterprises first,
/// in ascending id order, then reports and scores in any order. Reports go straight into the statistics cube;
/// of each enterprise only its latest report's revenue and titles are kept, for the stage and the titles.
public struct SnapshotAssembler {
    public let version: Int
    public let builtAt: Date
    public let tierScale: TierScale
    private var ids: [Int32] = []
    private var regionCodes: [Int32] = []
    private var zones: [Int32] = []
    private var incubators: [Int32] = []
    private var sections: [UInt8] = []
    private var fields: [UInt8] = []
    private var foundedYears: [Int16] = []
    private var cellOf: [Int32] = []
    private var latestYear: [Int16] = []
    private var latestRevenue: [Float] = []
    private var titles: [UInt8] = []
    private var scores: [Float] = []
    private var tiers: [UInt8] = []
    private var scoredStages: [UInt8] = []
    private var ascending = true
    private var lookup: [Int32: Int32]?
    private var cube = StatisticsCubeBuilder()
    public var zoneNames: [Int32: String] = [:]

    public init(version: Int, builtAt: Date, tierScale: TierScale, expectedCount: Int = 0) {
        self.version = version
        self.builtAt = builtAt
        self.tierScale = tierScale
        let capacity = max(0, min(expectedCount, 50_000_000))
        ids.reserveCapacity(capacity)
        regionCodes.reserveCapacity(capacity)
        zones.reserveCapacity(capacity)
        incubators.reserveCapacity(capacity)
        cellOf.reserveCapacity(capacity)
    }

    public var count: Int { ids.count }

    /// Adds an enterprise; returns its slot.
    @discardableResult
    public mutating func addEnterprise(_ e: SnapshotEnterprise) -> Int {
        if let last = ids.last, e.id <= last { ascending = false; lookup = nil }
        let slot = ids.count
        ids.append(e.id)
        regionCodes.append(e.regionCode)
        zones.append(e.zone)
        incubators.append(e.incubator)
        sections.append(e.section)
        fields.append(e.field)
        foundedYears.append(Int16(clamping: e.foundedYear ?? 0))
        let cell = cube.cell(county: e.regionCode, zone: e.zone, incubator: e.incubator)
        cellOf.append(cell)
        latestYear.append(0)
        latestRevenue.append(.nan)
        titles.append(0)
        scores.append(.nan)
        tiers.append(TierScale.unscored)
        scoredStages.append(255)
        if let month = e.registeredMonth { cube.registration(cell: cell, month: month) }
        if let month = e.admittedMonth { cube.admission(cell: cell, month: month) }
        return slot
    }

    /// The slot of an enterprise id, nil when it was not added (inactive, or outside what was loaded).
    public mutating func slot(of id: Int32) -> Int? {
        if ascending { return ids.ascendingIndex(of: id) }
        if lookup == nil {
            lookup = Dictionary(ids.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
        }
        return lookup?[id].map(Int.init)
    }

    /// Adds an approved report of `year`: `values` follow `StatisticsFacts.columns` (NaN where missing);
    /// `approvedMonth` is when it was approved, for the progress table.
    public mutating func addReport(slot: Int, year: Int, values: [Double], approvedMonth: Int?) {
        guard slot >= 0, slot < ids.count else { return }
        let cell = cellOf[slot]
        values.withUnsafeBufferPointer { buffer in
            cube.report(cell: cell, year: year, values: buffer, section: sections[slot], field: fields[slot])
        }
        if let month = approvedMonth { cube.reportApproval(cell: cell, month: month) }
        guard year >= Int(latestYear[slot]) else { return }
        latestYear[slot] = Int16(clamping: year)
        let revenueAt = StatisticsFacts.position(.revenue) ?? 0
        latestRevenue[slot] = revenueAt < values.count ? Float(values[revenueAt]) : .nan
        var bits: UInt8 = 0
        for title in Title.allCases {
            if let position = StatisticsFacts.position(title.fact), position < values.count, values[position] > 0 {
                bits |= title.rawValue
            }
        }
        titles[slot] = bits
    }

    /// Sets the latest published score of a slot, its tier (see `TierScale`) and the stage it was scored in.
    public mutating func setScore(slot: Int, score: Float, tier: UInt8, stage: UInt8 = 255) {
        guard slot >= 0, slot < ids.count, score.isFinite else { return }
        scores[slot] = score
        tiers[slot] = tier
        scoredStages[slot] = stage
    }

    /// The snapshot. A scored enterprise keeps the stage it was scored in; others get the standard rule's stage
    /// from their latest report's revenue and age.
    public func finish() -> DashboardSnapshot {
        var stages = [UInt8](repeating: 255, count: ids.count)
        for slot in 0..<ids.count {
            if scoredStages[slot] != 255 {
                stages[slot] = scoredStages[slot]
                continue
            }
            let year = Int(latestYear[slot])
            guard year > 0 else { continue }
            let founded = Int(foundedYears[slot])
            let age: Double? = founded > 0 ? Double(year - founded) : nil
            let revenue = Double(latestRevenue[slot])
            stages[slot] = OverviewStages.code(ageYears: age, revenue: revenue.isFinite ? revenue : nil)
        }
        return DashboardSnapshot(version: version, builtAt: builtAt, enterpriseIDs: ids, regionCodes: regionCodes,
                                 zones: zones, incubators: incubators, sections: sections, fields: fields,
                                 stages: stages, titles: titles, scores: scores, tiers: tiers, tierScale: tierScale,
                                 statistics: cube.finish(), zoneNames: zoneNames)
    }
}
