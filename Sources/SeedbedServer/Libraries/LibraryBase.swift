import Fluent
import Foundation
import SeedbedDomain
import SQLKit

/// Every active enterprise of the platform with the facts the libraries read for one fact year judged on one
/// date (DESIGN.md §5): loaded once per data version by `LibraryStore`, then every library page of every scope
/// selects its slots from it instead of querying. Only the columns and years `LibraryFactNeeds` names are kept,
/// with the derived columns the rules read computed once.
struct LibraryBase: Sendable {
    /// The data version (`DashboardVersion`) the base was loaded at.
    let version: Int
    let year: Int
    let date: LocalDate
    /// Active enterprises of the whole platform, by id ascending, as columns (`SlotTable`).
    let slots: SlotTable
    /// Per library look-back (`LibraryData.lookback`, `.historyLookback`), the input over its years.
    private let inputs: [Int: EvaluationInput]

    /// Years the base holds before the evaluation year: the longest look-back of any library.
    static let window = max(LibraryData.lookback, LibraryData.historyLookback)

    /// The evaluation input of a library looking back `lookback` years: the years it would have loaded alone.
    func input(lookback: Int) -> EvaluationInput {
        if let input = inputs[lookback] { return input }
        return Self.restricted(inputs[Self.window], year: year, date: date, lookback: lookback, count: slots.count)
    }

    /// Whether a slot lies in `scope` — `DataScope.permits`, the in-memory twin of `ScopeFilter`.
    func permits(_ slot: Int, in scope: DataScope) -> Bool { slots.permits(slot, in: scope) }

    /// The slot of an active enterprise, nil for any other id.
    func slot(of id: Int) -> Int? { slots.slot(of: id) }

    /// The slots of `scope`, ascending (so in enterprise id order, as a scoped load would list them).
    func slots(in scope: DataScope) -> [Int] {
        switch scope {
        case .all: return Array(slots.indices)
        case .nothing: return []
        case .enterprise(let id): return slot(of: id).map { [$0] } ?? []
        case .region, .zone, .incubator: return slots.indices.filter { permits($0, in: scope) }
        }
    }

    /// The same input over a few slots (a page, an export batch, one 查看): the columnar evaluation of each slot
    /// reads only that slot, so evaluating the gathered slots gives the same verdicts, values and explanations.
    func input(lookback: Int, gathering picked: [Int]) -> EvaluationInput {
        let full = input(lookback: lookback)
        func gather<T>(_ column: [T], _ filler: T) -> [T] {
            picked.map { $0 >= 0 && $0 < column.count ? column[$0] : filler }
        }
        var history = FactHistory(count: picked.count)
        for year in full.history.years {
            let frame = full.history.frame(year)
            var part = FactFrame(count: picked.count)
            for id in frame.factIDs {
                if let column = frame.column(id) { part.setColumn(id, gather(column, .nan)) }
            }
            history.setFrame(part, for: year)
        }
        let profile = full.profile
        var columns = EnterpriseProfileColumns(count: picked.count)
        columns.setRegistrationDays(gather(profile.registrationDay, .nan))
        columns.setTechFields(gather(profile.techField, -1))
        columns.setIndustrySections(gather(profile.industrySection, 0))
        columns.setListingStatuses(gather(profile.listingStatus, -1))
        columns.setHightechValidity(gather(profile.hightechValid, -1))
        columns.setTechSMEValidity(gather(profile.techSMEValid, -1))
        return EvaluationInput(history: history, profile: columns, year: full.year, date: full.date, deriving: false)
    }

    /// Loads the base: one pass over the fact table for the window's years, each year only with the columns
    /// some library reads that far back.
    static func load(year: Int, date: LocalDate, version: Int, on sql: any SQLDatabase) async throws -> LibraryBase {
        let libraries = LibraryCatalog.standard.libraries
        let factsByYear = LibraryFactNeeds.factsByYear(libraries, year: year, window: window)
        let loaded = try await FactLoader(sql: sql).load(scope: .all, factsByYear: factsByYear)
        var slotOf: [Int: Int] = [:]
        slotOf.reserveCapacity(loaded.slots.count)
        for (index, slot) in loaded.slots.enumerated() { slotOf[slot.id] = index }
        let history = LibraryFactNeeds.deriving(loaded.history, libraries, year: year, window: window)
        let profile = try await LibraryData.profile(of: loaded.slots, slotOf: slotOf, scope: .all, date: date, on: sql)
        // Kept as columns; the slot structs, their strings and the id index go when the load returns.
        let table = SlotTable(loaded.slots)
        let whole = EvaluationInput(history: history, profile: profile, year: year, date: date, deriving: false)
        return assemble(version: version, year: year, date: date, slots: table, whole: whole)
    }

    /// A base from its enterprises and the input over the whole window (a load, or `LibraryBaseFile`).
    static func assemble(version: Int, year: Int, date: LocalDate, slots: SlotTable, whole: EvaluationInput)
        -> LibraryBase
    {
        var inputs = [window: whole]
        for lookback in Set([LibraryData.lookback, LibraryData.historyLookback]) where lookback != window {
            inputs[lookback] = restricted(whole, year: year, date: date, lookback: lookback, count: slots.count)
        }
        return LibraryBase(version: version, year: year, date: date, slots: slots, inputs: inputs)
    }

    /// `input` with only the years from `year − lookback` on.
    private static func restricted(_ input: EvaluationInput?, year: Int, date: LocalDate, lookback: Int, count: Int)
        -> EvaluationInput
    {
        guard let input else {
            return EvaluationInput(history: FactHistory(count: count), profile: EnterpriseProfileColumns(count: count),
                                   year: year, date: date, deriving: false)
        }
        var history = FactHistory(count: input.count)
        let first = year - max(0, min(lookback, 20))
        for frameYear in input.history.years where frameYear >= first && frameYear <= year {
            history.setFrame(input.history.frame(frameYear), for: frameYear)
        }
        return EvaluationInput(history: history, profile: input.profile, year: year, date: date, deriving: false)
    }
}

/// Which years have facts where, counted once per data version: the years a scope offers (年份) without a
/// `DISTINCT` over the fact table per request.
struct LibraryYearCensus: Sendable {
    struct Group: Sendable {
        let year: Int
        let regionCode: String
        let zoneID: Int?
        let incubatorID: Int?
    }

    let groups: [Group]

    /// Years with facts in `scope`, newest first (at most 50, as `LibraryData.years`).
    func years(in scope: DataScope) -> [Int] {
        var years = Set<Int>()
        for group in groups where !years.contains(group.year) {
            let subject = ScopeSubject(enterpriseID: 0, regionCode: group.regionCode, zoneID: group.zoneID,
                                       incubatorID: group.incubatorID)
            if scope.permits(subject) { years.insert(group.year) }
        }
        return Array(years.sorted(by: >).prefix(50))
    }

    static func load(on sql: any SQLDatabase) async throws -> LibraryYearCensus {
        let columns = ["year", "region_code", "zone_id", "incubator_id"]
        var query = sql.select().columns(columns.map { SQLColumn($0, table: "f") })
            .from(SQLAlias(SQLIdentifier(EnterpriseFacts.schema), as: SQLIdentifier("f")))
        for column in columns { query = query.groupBy(SQLColumn(column, table: "f")) }
        let rows = try await query.all()
        return LibraryYearCensus(groups: rows.compactMap { row in
            guard let year = try? row.decode(column: "year", as: Int.self),
                  let region = try? row.decode(column: "region_code", as: String.self)
            else { return nil }
            return Group(year: year, regionCode: region, zoneID: try? row.decode(column: "zone_id", as: Int?.self),
                         incubatorID: try? row.decode(column: "incubator_id", as: Int?.self))
        })
    }
}
