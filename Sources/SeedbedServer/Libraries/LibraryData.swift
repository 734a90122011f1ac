import Fluent
import Foundation
import SeedbedDomain
import SQLKit

/// What a library evaluation reads (DESIGN.md §5): the active enterprises of one data scope, their facts over
/// the years the rules look back, and their profiles — registration date, field and industry from the record,
/// certificate validity from `recognitions` — all as columns, one slot per enterprise.
struct LibraryData: Sendable {
    let slots: [FactLoader.Slot]
    let input: EvaluationInput
    /// Slot of each enterprise id.
    let slotOf: [Int: Int]

    /// Years any rule looks back from the evaluation year: growth over up to 5 years needs 6, the 科技型中小企业
    /// direct confirmations 5, the 3-year R&D ratio 3.
    static let lookback = 5
    /// 首次符合条件 looks further back, over every year the platform holds, up to this many.
    static let historyLookback = 9

    /// Years with facts in `scope`, newest first.
    static func years(scope: DataScope, on sql: any SQLDatabase) async throws -> [Int] {
        try await sql.select().distinct().column("year")
            .from(SQLAlias(SQLIdentifier(EnterpriseFacts.schema), as: SQLIdentifier("f")))
            .where(ScopeFilter(scope, table: "f"))
            .orderBy("year", .descending).limit(50)
            .all(decodingColumn: "year", as: Int.self)
    }

    /// The day a year's facts are judged on: today, or — for an older year — the last day of the year after it,
    /// when the annual report of that year had been filed and the next year's applications made.
    static func evaluationDate(year: Int, today: LocalDate) -> LocalDate {
        let endOfNextYear = LocalDate(daysSince1970: Recognitions.firstDayOfYear(year + 2).daysSince1970 - 1)
        return min(today, endOfNextYear)
    }

    /// Loads everything in `scope` for evaluating `year` on `date`.
    static func load(scope: DataScope, year: Int, lookback: Int, date: LocalDate, on sql: any SQLDatabase)
        async throws -> LibraryData
    {
        let first = year - max(0, min(lookback, 20))
        let loaded = try await FactLoader(sql: sql).load(scope: scope, years: Array(first...year))
        let slots = loaded.slots
        var slotOf: [Int: Int] = [:]
        slotOf.reserveCapacity(slots.count)
        for (index, slot) in slots.enumerated() { slotOf[slot.id] = index }
        let profile = try await Self.profile(of: slots, slotOf: slotOf, scope: scope, date: date, on: sql)
        let input = EvaluationInput(history: loaded.history, profile: profile, year: year, date: date)
        return LibraryData(slots: slots, input: input, slotOf: slotOf)
    }

    /// The profiles of `slots`: registration date, field and industry from the record, certificate validity on
    /// `date` from `recognitions`.
    static func profile(of slots: [FactLoader.Slot], slotOf: [Int: Int], scope: DataScope, date: LocalDate,
                        on sql: any SQLDatabase) async throws -> EnterpriseProfileColumns
    {
        var profile = EnterpriseProfileColumns(count: slots.count)
        profile.setRegistrationDays(slots.map { slot in
            slot.registeredOn.flatMap { try? LocalDate(iso: String($0.prefix(10))) }.map { Double($0.daysSince1970) } ?? .nan
        })
        // No field chosen is unknown, not "none of the eight": a record may simply not say.
        profile.setTechFields(slots.map { slot in slot.techField.flatMap { (0...8).contains($0) ? Int8($0) : nil } ?? -1 })
        profile.setIndustrySections(slots.map { slot in
            slot.industryCode?.unicodeScalars.first.map { UInt8(truncatingIfNeeded: $0.value) } ?? 0
        })
        let validity = try await Recognitions.validity(slots: slotOf, count: slots.count, scope: scope, on: date, sql: sql)
        profile.setHightechValidity(validity.hightech)
        profile.setTechSMEValidity(validity.techSME)
        return profile
    }

    /// One enterprise's facts and profile, for the single-enterprise evaluators.
    func enterprise(at slot: Int) -> (facts: SeedbedDomain.EnterpriseFacts, profile: EnterpriseProfile) {
        (SeedbedDomain.EnterpriseFacts(slot: slot, of: input.history), input.profile.profile(at: slot))
    }
}
