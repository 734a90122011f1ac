/// What every rule evaluation reads: the facts of all enterprises in scope by year (derived facts added), their
/// profiles, the year whose facts are evaluated and the evaluation date (ages, certificate validity, which rule
/// version is in force).
public struct EvaluationInput: Sendable {
    /// Facts with derived columns, one slot per enterprise.
    public let history: FactHistory
    /// Profiles over the same slots.
    public let profile: EnterpriseProfileColumns
    /// The fact year evaluated (usually the last approved annual report's year), within 1–9999.
    public let year: Int
    /// The day of the evaluation.
    public let date: LocalDate
    /// Registration year per slot, 0 when unknown: decides which of the last years an enterprise existed in.
    let registrationYear: [Int32]

    /// Prepares an evaluation. Derived facts are computed here once (pass `deriving: false` when `history`
    /// already holds them, e.g. when several evaluations share one prepared history). A profile of another slot
    /// count is padded with unknown or cut.
    public init(history: FactHistory, profile: EnterpriseProfileColumns, year: Int, date: LocalDate,
                deriving: Bool = true)
    {
        self.history = deriving ? DerivedFacts.adding(to: history) : history
        self.profile = profile.fitted(to: history.count)
        self.year = min(max(year, 1), 9999)
        self.date = date
        let days = self.profile.registrationDay
        registrationYear = days.map { day in
            day.isFinite ? Int32(LocalDate.civil(Int(day.rounded(.down))).year) : 0
        }
    }

    /// One enterprise.
    public init(enterprise facts: EnterpriseFacts, profile: EnterpriseProfile, year: Int, date: LocalDate) {
        var columns = EnterpriseProfileColumns(count: 1)
        columns.set(profile, at: 0)
        self.init(history: facts.history, profile: columns, year: year, date: date)
    }

    /// Number of slots.
    public var count: Int { history.count }

    /// The same input evaluated as of another fact year: the date moves by as many years, so ages read as they
    /// did then, and titles and listing status come from that year's facts rather than today's profile.
    public func asOf(year other: Int) -> EvaluationInput {
        let other = min(max(other, 1), 9999)
        return EvaluationInput(copying: self, year: other, date: date.addingYears(other - year))
    }

    private init(copying input: EvaluationInput, year: Int, date: LocalDate) {
        history = input.history
        // Certificate validity and listing status in the profile are today's; an earlier year reads its facts.
        profile = year == input.year ? input.profile : input.profile.withoutCurrentStatus()
        registrationYear = input.registrationYear
        self.year = year
        self.date = date
    }

    /// The column of `fact` in `year`, all-missing when absent.
    func column(_ fact: FactID, year: Int) -> [Double] { history.frame(year).values(fact) }

    /// Whether slot `slot` existed in `year`: registered in or before it. Unknown registration counts as
    /// existing, so a missing year of a slot of unknown age stays unknown rather than being skipped.
    @inline(__always)
    func existed(_ slot: Int, in year: Int) -> Bool {
        let registered = registrationYear[slot]
        return registered == 0 || Int(registered) <= year
    }
}
