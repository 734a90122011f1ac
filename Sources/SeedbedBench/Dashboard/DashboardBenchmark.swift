import Foundation
import SeedbedDomain

/// The dashboard benchmark (`seedbed-bench dashboard --enterprises N`): generate N enterprises over the real
/// regions with zones, incubators, industries, fields, one year of reports and scores; assemble the snapshot;
/// answer random overview requests (every chart and list page 1, 0–3 cross-filters, random scopes).
enum DashboardBenchmark {
    /// Generated enterprises, one array per attribute (the raw material the assembler is timed on).
    struct Columns: Sendable {
        var ids: [Int32] = []
        var regionCodes: [Int32] = []
        var zones: [Int32] = []
        var incubators: [Int32] = []
        var sections: [UInt8] = []
        var fields: [UInt8] = []
        var foundedYears: [Int16] = []
        var registeredMonths: [Int32] = []
        /// 万元
        var revenue: [Float] = []
        var employees: [Float] = []
        var titles: [UInt8] = []
        var scores: [Float] = []
        var zoneNames: [Int32: String] = [:]

        var count: Int { ids.count }
    }

    /// The report year of the generated data.
    static let year = 2024

    /// N enterprises, deterministic for a seed. Counties are drawn with a strong skew (a few hold many
    /// enterprises, as in reality); about half the enterprises of a zone's county belong to the zone.
    static func generate(enterprises n: Int, seed: UInt64 = 2026, regions: RegionTable = .shipped) -> Columns {
        var rng = SplitMix64(seed: seed)
        let counties = regions.counties(under: "").compactMap { Int32($0.code) }
        var columns = Columns()
        guard !counties.isEmpty, n > 0 else { return columns }
        var zoneOfCounty: [Int32: Int32] = [:]
        for index in 0..<min(170, counties.count) {
            let county = counties[Int(rng.next() % UInt64(counties.count))]
            let id = Int32(1_000 + index)
            zoneOfCounty[county] = id
            columns.zoneNames[id] = "基准高新区\(index + 1)"
        }
        // Incubators sit in one county each, as real ones do, so (county, zone, incubator) cells stay few.
        var incubatorOfCounty: [Int32: Int32] = [:]
        for index in 0..<min(300, counties.count) {
            let county = counties[Int(rng.next() % UInt64(counties.count))]
            let id = Int32(5_000 + index)
            incubatorOfCounty[county] = id
            columns.zoneNames[id] = "基准孵化器\(index + 1)"
        }
        columns.ids.reserveCapacity(n)
        columns.regionCodes.reserveCapacity(n)
        columns.zones.reserveCapacity(n)
        columns.scores.reserveCapacity(n)
        let sections = UInt64(IndustrySection.all.count)
        for index in 0..<n {
            let u = rng.unit()
            let county = counties[min(counties.count - 1, Int(u * u * u * Double(counties.count)))]
            columns.ids.append(Int32(index + 1))
            columns.regionCodes.append(county)
            let zone = zoneOfCounty[county].flatMap { rng.unit() < 0.5 ? $0 : nil } ?? -1
            columns.zones.append(zone)
            columns.incubators.append(incubatorOfCounty[county].flatMap { rng.unit() < 0.15 ? $0 : nil } ?? -1)
            columns.sections.append(rng.unit() < 0.55 ? 2 : UInt8(rng.next() % sections))
            columns.fields.append(rng.unit() < 0.05 ? 0 : UInt8(1 + rng.next() % 8))
            let age = Int(25 * pow(rng.unit(), 1.5))
            columns.foundedYears.append(Int16(year - age))
            columns.registeredMonths.append(Int32(MonthKey.make(year: 2019 + Int(rng.next() % 6), month: 1 + Int(rng.next() % 12))))
            let revenue = Float(exp(rng.unit() * 11))
            columns.revenue.append(revenue)
            columns.employees.append(Float(5 + Int(revenue.squareRoot() * Float(rng.unit() * 4))))
            var titles: UInt8 = 0
            if rng.unit() < 0.3 { titles |= Title.hightech.rawValue }
            if rng.unit() < 0.5 { titles |= Title.techSME.rawValue }
            if rng.unit() < 0.08 { titles |= Title.specializedSME.rawValue }
            columns.titles.append(titles)
            let score = rng.unit() < 0.15 ? Float.nan : Float(min(100, max(0, 20 + 27 * (rng.unit() + rng.unit() + rng.unit()))))
            columns.scores.append(score)
        }
        return columns
    }

    /// Assembles the snapshot from generated columns: every enterprise, one report each, its score.
    static func assemble(_ c: Columns, version: Int = 1, tierScale: TierScale = .standard) -> DashboardSnapshot {
        var assembler = SnapshotAssembler(version: version, builtAt: Date(), tierScale: tierScale, expectedCount: c.count)
        assembler.zoneNames = c.zoneNames
        let width = StatisticsFacts.columns.count
        var values = [Double](repeating: 0, count: width)
        let revenueAt = StatisticsFacts.position(.revenue) ?? 0
        let mainAt = StatisticsFacts.position(.mainRevenue) ?? 0
        let employeesAt = StatisticsFacts.position(.employees) ?? 0
        let flagsAt = Title.allCases.map { StatisticsFacts.position($0.fact) ?? 0 }
        for slot in 0..<c.count {
            assembler.addEnterprise(SnapshotEnterprise(
                id: c.ids[slot], regionCode: c.regionCodes[slot], zone: c.zones[slot], incubator: c.incubators[slot],
                section: c.sections[slot], field: c.fields[slot], foundedYear: Int(c.foundedYears[slot]),
                registeredMonth: Int(c.registeredMonths[slot]),
                admittedMonth: slot % 3 == 0 ? nil : Int(c.registeredMonths[slot]) + 1))
        }
        for slot in 0..<c.count {
            let revenue = Double(c.revenue[slot])
            for index in 0..<width { values[index] = revenue * Double(index + 1) * 0.01 }
            values[revenueAt] = revenue
            values[mainAt] = revenue * 0.9
            values[employeesAt] = Double(c.employees[slot])
            for (index, title) in Title.allCases.enumerated() {
                values[flagsAt[index]] = c.titles[slot] & title.rawValue != 0 ? 1 : 0
            }
            assembler.addReport(slot: slot, year: year, values: values,
                                approvedMonth: MonthKey.make(year: year + 1, month: 1 + slot % 6))
            let score = c.scores[slot]
            if score.isFinite { assembler.setScore(slot: slot, score: score, tier: tierScale.tier(score: score)) }
        }
        return assembler.finish()
    }

    /// One overview request as a page would make it.
    struct Request: Sendable {
        let scope: SnapshotScope
        /// The scope's region prefix ("" for none), where the region ranking starts.
        let scopePrefix: String
        let filter: OverviewFilter
        let listMinScore: Float?
    }

    /// Random requests: scopes (national 10 %, province, city, county 25 % each, zone 15 %) and 0–3 filters whose
    /// values are taken from an enterprise in scope, so most requests select something.
    static func requests(_ count: Int, snapshot: DashboardSnapshot, seed: UInt64 = 7) -> [Request] {
        var rng = SplitMix64(seed: seed)
        guard snapshot.count > 0 else { return [] }
        func slot() -> Int { Int(rng.next() % UInt64(snapshot.count)) }
        return (0..<count).map { _ in
            let anchor = slot()
            let code = String(format: "%06d", Int(snapshot.regionCodes[anchor]))
            let roll = rng.unit()
            var scope = SnapshotScope.all
            var prefix = ""
            if roll < 0.10 {
                scope = .all
            } else if roll < 0.35 {
                prefix = String(code.prefix(2))
            } else if roll < 0.60 {
                prefix = String(code.prefix(4))
            } else if roll < 0.85 {
                prefix = code
            } else if snapshot.zones[anchor] >= 0 {
                scope = .zone(snapshot.zones[anchor])
            }
            if !prefix.isEmpty { scope = SnapshotScope(.region(prefix: prefix)) }
            // Filter values from another enterprise in the same scope where one is found quickly.
            var source = anchor
            for _ in 0..<20 {
                let candidate = slot()
                if Self.contains(scope, snapshot, candidate) { source = candidate; break }
            }
            var filter = OverviewFilter()
            var dimensions = [0, 1, 2, 3, 4, 5]
            for _ in 0..<Int(rng.next() % 4) where !dimensions.isEmpty {
                let dimension = dimensions.remove(at: Int(rng.next() % UInt64(dimensions.count)))
                let sourceCode = String(format: "%06d", Int(snapshot.regionCodes[source]))
                switch dimension {
                case 0 where prefix.count < 6: filter.region = String(sourceCode.prefix(min(6, prefix.count + 2)))
                case 1 where snapshot.zones[source] >= 0: filter.zone = snapshot.zones[source]
                case 2: filter.field = snapshot.fields[source]
                case 3: filter.section = min(snapshot.sections[source], UInt8(IndustrySection.all.count))
                case 4: filter.stage = min(snapshot.stages[source], UInt8(OverviewStages.stages.count))
                case 5: filter.tier = min(snapshot.tiers[source], UInt8(snapshot.tierScale.labels.count))
                default: break
                }
            }
            return Request(scope: scope, scopePrefix: prefix, filter: filter,
                           listMinScore: prefix.isEmpty ? nil : 70)
        }
    }

    private static func contains(_ scope: SnapshotScope, _ snapshot: DashboardSnapshot, _ slot: Int) -> Bool {
        switch scope {
        case .all: true
        case .regionRange(let range): range.contains(snapshot.regionCodes[slot])
        case .zone(let id): snapshot.zones[slot] == id
        case .incubator(let id): snapshot.incubators[slot] == id
        case .enterprise(let id): snapshot.enterpriseIDs[slot] == id
        case .nothing: false
        }
    }

    /// Answers a request the way the overview page does: every chart's counts, the region ranking at the drill
    /// level, the zone ranking, and list page 1. Returns a checksum so the work cannot be optimised away.
    static func answer(_ request: Request, snapshot: DashboardSnapshot, regions: RegionTable = .shipped) -> Int {
        let result = snapshot.overview(scope: request.scope, filter: request.filter,
                                       listMinScore: request.listMinScore, offset: 0, limit: 20)
        let level = request.filter.region ?? request.scopePrefix
        let parent = level.isEmpty ? nil : regions[level.padding(toLength: 6, withPad: "0", startingAt: 0)]
        let drill = RegionDrill(parent: parent, countyCodes: snapshot.countyCodes, counts: result.countyCounts,
                                table: regions)
        let zones = snapshot.zoneIDs.indices.filter { result.zoneCounts[$0] > 0 }
            .sorted { result.zoneCounts[$0] > result.zoneCounts[$1] }.prefix(30)
        return result.total &+ drill.ranking().count &+ zones.count &+ result.list.count &+ result.listTotal
    }

    /// Percentile of sorted durations (nearest rank).
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
