/// When a filing window is open.
public enum FilingPeriod: Sendable, Hashable {
    /// Always.
    case anytime
    /// Every year from one month-day through another, both included; `from` after `through` spans the new
    /// year (e.g. 11月1日 – 1月31日).
    case yearly(from: MonthDay, through: MonthDay)
    /// From one day through another, both included (e.g. an application round set by a province).
    case dates(from: LocalDate, through: LocalDate)

    /// Whether the period includes the day.
    public func contains(_ date: LocalDate) -> Bool {
        switch self {
        case .anytime:
            return true
        case .yearly(let from, let through):
            let day = date.monthDay
            return from <= through ? (from <= day && day <= through) : (day >= from || day <= through)
        case .dates(let from, let through):
            return from <= date && date <= through
        }
    }

    /// Chinese description, e.g. "每年1月1日至4月30日".
    public var label: String {
        switch self {
        case .anytime: "随时"
        case .yearly(let from, let through): "每年\(from.label)至\(through.label)"
        case .dates(let from, let through): "\(from.label)至\(through.label)"
        }
    }
}
