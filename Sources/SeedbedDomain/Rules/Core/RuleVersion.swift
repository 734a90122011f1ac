/// One version of a rule set: the text it implements and the days it is in force.
///
/// Every evaluation names the version it used. A deployment adds a version that differs only in numbers as
/// data (a library or rule definition in JSON) without code changes. `confirmed == false` marks numbers not yet
/// checked against the official text: the UI shows them as "默认方案，可配置".
public struct RuleVersion: Sendable, Hashable, Codable {
    /// Stable id, e.g. `specialized_sme_2022`.
    public var id: String
    /// The name shown beside every result, e.g. "专精特新 2022（工信部企业〔2022〕63号附件2）".
    public var title: String
    /// First day in force.
    public var effectiveFrom: LocalDate
    /// Last day in force; nil while no successor is known.
    public var effectiveUntil: LocalDate?
    /// Whether the numbers were checked against the official text.
    public var confirmed: Bool

    public init(id: String, title: String, effectiveFrom: LocalDate, effectiveUntil: LocalDate? = nil,
                confirmed: Bool = true)
    {
        self.id = id
        self.title = title
        self.effectiveFrom = effectiveFrom
        self.effectiveUntil = effectiveUntil
        self.confirmed = confirmed
    }

    /// Whether the version is in force on `date`.
    public func isInForce(on date: LocalDate) -> Bool {
        date >= effectiveFrom && (effectiveUntil.map { date <= $0 } ?? true)
    }

    /// The label to show beside numbers of an unconfirmed version.
    public var caveat: String? { confirmed ? nil : "默认方案，可配置" }

    /// Of several versions of one rule, the one in force on `date`; when two overlap, the later start wins, so
    /// a deployment's newer version takes over without editing the old one's end date.
    static func select<T>(_ candidates: [T], on date: LocalDate, rule: String,
                          version: (T) -> RuleVersion) throws(RuleError) -> T
    {
        let inForce = candidates.filter { version($0).isInForce(on: date) }
        guard let best = inForce.max(by: { version($0).effectiveFrom < version($1).effectiveFrom }) else {
            throw .noVersionInForce(rule: rule, date: date.label)
        }
        return best
    }

    /// A known-good day, for the shipped versions' literal dates.
    static func day(_ year: Int, _ month: Int, _ day: Int) -> LocalDate {
        LocalDate(daysSince1970: LocalDate.dayNumber(year: year, month: month, day: day))
    }
}
