import Foundation
import SeedbedDomain
import SQLKit

/// One year of facts loaded for scoring, independent of any scheme: the enterprises in scope that have an
/// approved report that year (one slot each), their facts with the derived columns, and their age. A run scores
/// it with one scheme; a what-if trial scores the same facts with two and compares. Slots carry ids and places,
/// not names (`FactLoader` details off).
struct ScoringFacts: Sendable {
    let year: Int
    let slots: [FactLoader.Slot]
    let frame: FactFrame
    /// Years since registration at the scored year, NaN when the registration date is unknown.
    let ages: [Double]

    var count: Int { slots.count }

    /// Loads the facts `schemes` need for `year` (and `year − 1` for growth) of the enterprises in `scope`; with
    /// `readers` (`Application.parallelReaders`) in parts at once (`FactLoader.readers`).
    static func load(sql: any SQLDatabase, scope: DataScope, year: Int, schemes: [InnovationScheme],
                     readers: [any SQLDatabase] = []) async throws -> ScoringFacts
    {
        var current = Set<FactID>()
        var previous = Set<FactID>()
        for scheme in schemes {
            let needed = scheme.filedFactsNeeded
            current.formUnion(needed.current)
            previous.formUnion(needed.previous)
        }
        var wanted: [Int: [FactID]] = [year: current.sorted()]
        if !previous.isEmpty { wanted[year - 1] = previous.sorted() }
        let loaded = try await FactLoader(sql: sql, readers: readers).load(scope: scope, factsByYear: wanted, details: false)
        guard loaded.history.has(year), let seen = loaded.present[year] else {
            throw AppError.invalid("\(year) 年度没有审核通过的年报数据，无法计算积分", code: "no_facts")
        }
        let full = DerivedFacts.adding(to: loaded.history.frame(year),
                                       previous: loaded.history.has(year - 1) ? loaded.history.frame(year - 1) : nil)
        // Only enterprises with an approved report for the year are scored.
        let present = seen.indices.filter { seen[$0] }
        var frame = FactFrame(count: present.count)
        for fact in full.factIDs {
            let column = full.values(fact)
            frame.setColumn(fact, present.map { column[$0] })
        }
        let ages = present.map { slot -> Double in
            guard let text = loaded.slots[slot].registeredOn, let registered = Int(text.prefix(4)) else { return .nan }
            return Double(year - registered)
        }
        return ScoringFacts(year: year, slots: present.map { loaded.slots[$0] }, frame: frame, ages: ages)
    }

    /// The cohort area of an enterprise: its zone, otherwise its city (RULES.md §6: cohort = zone or region).
    static func area(zoneID: Int?, regionCode: String) -> String {
        zoneID.map { "zone:\($0)" } ?? "city:" + RegionCodes.prefix(of: regionCode, at: .city)
    }

    /// Stage codes, cohorts (area × year × stage) and the engine input for one scheme.
    func input(for scheme: InnovationScheme) throws -> (input: ScoringInput, cohorts: CohortTable) {
        let stages = scheme.stageRule.stageCodes(ageYears: ages, revenue: frame.values(.revenue))
        var table = CohortTable()
        var cohorts = [Int32](repeating: 0, count: count)
        for (index, enterprise) in slots.enumerated() {
            let code = Int(stages[index])
            let stage = code < scheme.stages.count ? scheme.stages[code] : nil
            cohorts[index] = try table.code(for: CohortKey(
                area: Self.area(zoneID: enterprise.zoneID, regionCode: enterprise.regionCode), year: year,
                stage: stage))
        }
        return (ScoringInput(frame: frame, cohorts: cohorts, cohortCount: table.count, stages: stages), table)
    }

    /// Scores with one scheme.
    func score(_ scheme: InnovationScheme) throws -> (result: ScoringResult, cohorts: CohortTable) {
        let (input, table) = try input(for: scheme)
        return (try ScoringEngine(scheme: scheme).score(input), table)
    }
}
