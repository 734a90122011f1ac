/// Evaluates libraries: columnar over every enterprise in scope at once, or for one enterprise with a full
/// explanation. The single-enterprise path runs the same columnar code over one slot, so the two always agree.
public enum LibraryEvaluator {
    /// Every condition over every slot, with this query's overrides (validated; the library's defaults never
    /// change).
    public static func evaluate(_ library: RuleLibrary, input: EvaluationInput, overrides: [String: Double] = [:])
        throws(RuleError) -> LibraryOutcome
    {
        try evaluate(library, input: input, parameters: library.resolve(overrides: overrides))
    }

    /// Every condition over every slot, with resolved parameters (see `RuleLibrary.resolve`).
    public static func evaluate(_ library: RuleLibrary, input: EvaluationInput, parameters: ParameterValues)
        throws(RuleError) -> LibraryOutcome
    {
        var cache = ScoreCache()
        var conditions: [ConditionOutcome] = []
        conditions.reserveCapacity(library.conditions.count)
        for condition in library.conditions {
            conditions.append(try ConditionKernel.evaluate(condition, input: input, values: parameters, cache: &cache))
        }
        let columns = Dictionary(conditions.map { ($0.id, $0.status) }, uniquingKeysWith: { first, _ in first })
        let membership = ConditionKernel.membership(library.membership, columns, count: input.count)
        var firstYears: [Int32]?
        if library.tracksFirstQualifyingYear {
            firstYears = try firstQualifyingYears(library, input: input, parameters: parameters, current: membership)
        }
        return LibraryOutcome(library: library.id, name: library.name, version: library.version, year: input.year,
                              date: input.date, parameters: parameters, conditions: conditions,
                              membership: membership, firstQualifyingYear: firstYears)
    }

    /// The explanation of one slot of an outcome.
    public static func explain(_ outcome: LibraryOutcome, library: RuleLibrary, input: EvaluationInput, slot: Int)
        throws(RuleError) -> LibraryExplanation
    {
        guard slot >= 0, slot < input.count, outcome.membership.count == input.count else {
            throw .invalidInput(field: "企业序号", reason: "超出评价范围")
        }
        guard outcome.library == library.id, outcome.version == library.version,
              outcome.conditions.count == library.conditions.count
        else { throw .invalidInput(field: "培育库", reason: "与评价结果不一致") }
        var checks: [ConditionCheck] = []
        var breakdowns: [String: [IndicatorScore]] = [:]
        for (condition, column) in zip(library.conditions, outcome.conditions) {
            checks.append(ConditionCheck(condition, column, slot: slot, values: outcome.parameters))
            switch condition.measure {
            case .hightechInnovationScore:
                breakdowns[condition.id] = try HightechPrescreen.indicators(input: input, slot: slot)
            case .techSMEScore:
                breakdowns[condition.id] = try TechSMEEvaluator.indicators(input: input, slot: slot)
            default:
                break
            }
        }
        let settings = library.parameters.map { parameter in
            ParameterSetting(parameter: parameter, value: outcome.parameters[parameter.id],
                             overridden: outcome.parameters.overridden.contains(parameter.id))
        }
        let first = outcome.firstQualifyingYear.flatMap { years -> Int? in
            years[slot] > 0 ? Int(years[slot]) : nil
        }
        return LibraryExplanation(library: library.id, name: library.name, version: library.version,
                                  year: outcome.year, date: outcome.date, status: outcome.status(at: slot),
                                  conditions: checks, breakdowns: breakdowns, parameters: settings,
                                  firstQualifyingYear: first, notes: library.notes)
    }

    /// One enterprise in one library, explained.
    public static func explain(_ library: RuleLibrary, enterprise: EnterpriseFacts, profile: EnterpriseProfile,
                               year: Int, date: LocalDate, overrides: [String: Double] = [:])
        throws(RuleError) -> LibraryExplanation
    {
        let input = EvaluationInput(enterprise: enterprise, profile: profile, year: year, date: date)
        let outcome = try evaluate(library, input: input, overrides: overrides)
        return try explain(outcome, library: library, input: input, slot: 0)
    }

    /// One enterprise in every library in force on `date`, defaults only: the enterprise console's "我在哪些库".
    public static func explainAll(_ catalog: LibraryCatalog = .standard, enterprise: EnterpriseFacts,
                                  profile: EnterpriseProfile, year: Int, date: LocalDate)
        throws(RuleError) -> [LibraryExplanation]
    {
        let input = EvaluationInput(enterprise: enterprise, profile: profile, year: year, date: date)
        var result: [LibraryExplanation] = []
        for library in catalog.libraries(on: date) {
            let outcome = try evaluate(library, input: input)
            result.append(try explain(outcome, library: library, input: input, slot: 0))
        }
        return result
    }

    /// The first year of the history (up to the evaluation year, at most a century back) in which each slot
    /// was a member.
    static func firstQualifyingYears(_ library: RuleLibrary, input: EvaluationInput, parameters: ParameterValues,
                                     current: [UInt8]) throws(RuleError) -> [Int32]
    {
        var first = [Int32](repeating: 0, count: input.count)
        let met = RuleStatus.met.rawValue
        for year in input.history.years where year <= input.year && year >= max(1, input.year - 100) {
            let status: [UInt8]
            if year == input.year {
                status = current
            } else {
                let past = input.asOf(year: year)
                var cache = ScoreCache()
                var columns: [String: [UInt8]] = [:]
                for condition in library.conditions where !condition.informational {
                    columns[condition.id] = try ConditionKernel.evaluate(condition, input: past, values: parameters,
                                                                         cache: &cache).status
                }
                status = ConditionKernel.membership(library.membership, columns, count: input.count)
            }
            for slot in 0..<input.count where first[slot] == 0 && status[slot] == met {
                first[slot] = Int32(truncatingIfNeeded: year)
            }
        }
        return first
    }
}
