import Foundation

/// The facts the snapshot reads from each year's report, in the order `SnapshotAssembler.addReport` takes them.
public enum StatisticsFacts {
    /// Summed per county by 区县科技型企业年报统计表.
    public static let summed: [FactID] = [
        .revenue, .mainRevenue, .netProfit, .taxPaid, .rdExpense, .hightechProductIncome, .techContractTurnover,
        .employees, .stStaff, .rdStaff, .rdInstitutionsNational, .rdInstitutionsProvincial, .rdInstitutionsMunicipal,
        .ipInvention, .ipUtilityModel, .ipDesign, .ipSoftware, .trademarks, .achievementConversions, .standardsLed,
        .stAwardsNational, .stAwardsProvincial,
    ]
    /// Read for the titles (qualification flags) of the latest year, besides the sums.
    public static let flags: [FactID] = [.hightechCertified, .techSMECertified, .specializedSMECertified]
    /// Every fact column the snapshot reads, summed first.
    public static let columns: [FactID] = summed + flags

    static let index: [FactID: Int] = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
    package static func position(_ fact: FactID) -> Int? { index[fact] }
}

/// Month keys: `year × 12 + month − 1`, so months sort and subtract as integers.
public enum MonthKey {
    public static func make(year: Int, month: Int) -> Int { year * 12 + month - 1 }
    public static func year(_ key: Int) -> Int { key >= 0 ? key / 12 : (key - 11) / 12 }
    public static func month(_ key: Int) -> Int { key - year(key) * 12 + 1 }

    /// The month of an instant in China time (UTC+8, no daylight saving), by arithmetic: a million rows convert
    /// without a calendar.
    public static func china(_ instant: Date) -> Int {
        let (year, month, _) = LocalDate(chinaTimeOf: instant).components
        return make(year: year, month: month)
    }

    /// `yyyy-MM-dd…` → its year, nil when the text does not start with one.
    public static func year(iso text: String) -> Int? {
        guard text.utf8.count >= 4, let year = Int(text.prefix(4)), year > 1800, year < 3000 else { return nil }
        return year
    }
}

/// What the statistics tables need, aggregated while the snapshot is built: counts and sums per *cell* — one cell
/// per (county, zone, incubator) that occurs — by year and by month. A data scope selects whole cells (a region
/// prefix selects counties, a zone or incubator scope its own cells), so the tables apply the scope first with no
/// per-enterprise facts held in memory: a million enterprises with several years of reports fit in a few MB.
public struct StatisticsCube: Sendable {
    /// Where a cell sits.
    public struct Cell: Sendable, Hashable {
        public let county: Int32
        /// −1 for none.
        public let zone: Int32
        /// −1 for none.
        public let incubator: Int32

        public init(county: Int32, zone: Int32, incubator: Int32) {
            self.county = county
            self.zone = zone
            self.incubator = incubator
        }
    }

    /// One year's reports, per cell.
    public struct Year: Sendable {
        /// 年报科企数: enterprises with an approved report for the year.
        public internal(set) var reports: [Int32]
        /// 规上工业企业 among them.
        public internal(set) var aboveScale: [Int32]
        /// By `EnterpriseSize` raw value; the last row counts reports whose size cannot be told.
        public internal(set) var sizes: [[Int32]]
        /// By `IndustryCategory` raw value; the last row counts unknown industries.
        public internal(set) var categories: [[Int32]]
        /// By `TechField` raw value; row 0 counts enterprises without a field.
        public internal(set) var fields: [[Int32]]
        /// Sums of `StatisticsFacts.summed`, by fact position then cell.
        public internal(set) var sums: [[Double]]

        init(cells: Int) {
            reports = Array(repeating: 0, count: cells)
            aboveScale = reports
            sizes = Array(repeating: reports, count: EnterpriseSize.allCases.count + 1)
            categories = Array(repeating: reports, count: IndustryCategory.allCases.count + 1)
            fields = Array(repeating: reports, count: TechField.allCases.count + 1)
            sums = Array(repeating: Array(repeating: 0, count: cells), count: StatisticsFacts.summed.count)
        }

        mutating func grow(to cells: Int) {
            guard reports.count < cells else { return }
            let extra = cells - reports.count
            reports += Array(repeating: 0, count: extra)
            aboveScale += Array(repeating: 0, count: extra)
            for index in sizes.indices { sizes[index] += Array(repeating: 0, count: extra) }
            for index in categories.indices { categories[index] += Array(repeating: 0, count: extra) }
            for index in fields.indices { fields[index] += Array(repeating: 0, count: extra) }
            for index in sums.indices { sums[index] += Array(repeating: 0, count: extra) }
        }
    }

    public internal(set) var cells: [Cell]
    /// Month key → enterprises registered on the platform that month, per cell.
    public internal(set) var registrations: [Int: [Int32]]
    /// Month key → enterprises admitted (入库: basic information first approved) that month, per cell.
    public internal(set) var admissions: [Int: [Int32]]
    /// Month key → annual reports approved that month, per cell.
    public internal(set) var reportApprovals: [Int: [Int32]]
    /// Report year → that year's reports.
    public internal(set) var years: [Int: Year]

    public static let empty = StatisticsCube(cells: [], registrations: [:], admissions: [:], reportApprovals: [:],
                                             years: [:])

    /// Which cells a scope selects. An enterprise's own scope selects none: the statistics are not per enterprise.
    public func cellMask(_ scope: SnapshotScope) -> [Bool] {
        cells.map { cell in
            switch scope {
            case .all: true
            case .regionRange(let range): range.contains(cell.county)
            case .zone(let id): cell.zone == id
            case .incubator(let id): cell.incubator == id
            case .enterprise, .nothing: false
            }
        }
    }

    /// Years with at least one report, newest first.
    public var reportYears: [Int] { years.keys.sorted(by: >) }

    /// Count per cell of `events` up to and including `lastMonth`.
    func cumulative(_ events: [Int: [Int32]], through lastMonth: Int) -> [Int] {
        var totals = [Int](repeating: 0, count: cells.count)
        for (month, counts) in events where month <= lastMonth {
            for (cell, count) in counts.enumerated() where cell < totals.count { totals[cell] += Int(count) }
        }
        return totals
    }
}

/// Accumulates the cube while the snapshot is assembled.
struct StatisticsCubeBuilder {
    private var cube = StatisticsCube.empty
    private var cellIndex: [StatisticsCube.Cell: Int32] = [:]

    mutating func cell(county: Int32, zone: Int32, incubator: Int32) -> Int32 {
        let key = StatisticsCube.Cell(county: county, zone: zone, incubator: incubator)
        if let index = cellIndex[key] { return index }
        let index = Int32(cube.cells.count)
        cube.cells.append(key)
        cellIndex[key] = index
        return index
    }

    /// Counts one event in place (moving the month's array out first, so it is never copied).
    private static func bump(_ events: inout [Int: [Int32]], month: Int, cell: Int32, cells: Int) {
        var counts = events.removeValue(forKey: month) ?? []
        if counts.count < cells { counts += Array(repeating: 0, count: cells - counts.count) }
        counts[Int(cell)] += 1
        events[month] = counts
    }

    mutating func registration(cell: Int32, month: Int) {
        Self.bump(&cube.registrations, month: month, cell: cell, cells: cube.cells.count)
    }

    mutating func admission(cell: Int32, month: Int) {
        Self.bump(&cube.admissions, month: month, cell: cell, cells: cube.cells.count)
    }

    mutating func reportApproval(cell: Int32, month: Int) {
        Self.bump(&cube.reportApprovals, month: month, cell: cell, cells: cube.cells.count)
    }

    /// Adds one approved report. `values` follow `StatisticsFacts.columns`, NaN where missing.
    mutating func report(cell: Int32, year: Int, values: UnsafeBufferPointer<Double>, section: UInt8, field: UInt8) {
        let cells = cube.cells.count
        var totals = cube.years.removeValue(forKey: year) ?? StatisticsCube.Year(cells: cells)
        totals.grow(to: cells)
        let c = Int(cell)
        totals.reports[c] += 1
        func value(_ fact: FactID) -> Double {
            guard let position = StatisticsFacts.position(fact), position < values.count else { return .nan }
            return values[position]
        }
        for index in 0..<min(StatisticsFacts.summed.count, values.count) where values[index].isFinite {
            totals.sums[index][c] += values[index]
        }
        let size = EnterpriseSize.classify(employees: value(.employees), revenue: value(.revenue))
        totals.sizes[size?.rawValue ?? EnterpriseSize.allCases.count][c] += 1
        let category = IndustryCategory.of(sectionIndex: section)
        totals.categories[category?.rawValue ?? IndustryCategory.allCases.count][c] += 1
        totals.fields[Int(field) <= TechField.allCases.count ? Int(field) : 0][c] += 1
        if IndustryCategory.isAboveScaleIndustrial(sectionIndex: section, mainRevenue: value(.mainRevenue)) {
            totals.aboveScale[c] += 1
        }
        cube.years[year] = totals
    }

    /// The cube with every per-cell array as long as the cell list.
    func finish() -> StatisticsCube {
        var cube = self.cube
        let cells = cube.cells.count
        func padded(_ events: [Int: [Int32]]) -> [Int: [Int32]] {
            events.mapValues { $0.count < cells ? $0 + Array(repeating: 0, count: cells - $0.count) : $0 }
        }
        cube.registrations = padded(cube.registrations)
        cube.admissions = padded(cube.admissions)
        cube.reportApprovals = padded(cube.reportApprovals)
        for year in cube.years.keys { cube.years[year]?.grow(to: cells) }
        return cube
    }
}
