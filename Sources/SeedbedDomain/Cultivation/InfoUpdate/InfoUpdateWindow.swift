/// When a recognised enterprise may change its basic information (信息更新): every year from `opens` through
/// `closes`, or through `closesUnder2026Rules` in the years the 2026 rules (《优质中小企业梯度培育管理办法》) are in
/// force. Unrecognised enterprises edit any day. Configurable; the default is 1 Jan – 30 Apr, 31 May from 2026.
public struct InfoUpdateWindow: Sendable, Hashable {
    public var opens: MonthDay
    public var closes: MonthDay
    public var closesUnder2026Rules: MonthDay
    /// The first year the 2026 rules' closing day applies.
    public var rules2026From: Int

    public init(opens: MonthDay, closes: MonthDay, closesUnder2026Rules: MonthDay, rules2026From: Int = 2026) {
        self.opens = opens
        self.closes = closes
        self.closesUnder2026Rules = closesUnder2026Rules
        self.rules2026From = rules2026From
    }

    public static let standard = InfoUpdateWindow(opens: MonthDay(unchecked: 1, 1), closes: MonthDay(unchecked: 4, 30),
                                                  closesUnder2026Rules: MonthDay(unchecked: 5, 31))

    /// The closing day in `year`.
    public func closing(in year: Int) -> MonthDay { year >= rules2026From ? closesUnder2026Rules : closes }

    /// The period in force in `year`, e.g. 每年1月1日至5月31日.
    public func period(in year: Int) -> FilingPeriod { .yearly(from: opens, through: closing(in: year)) }

    /// Whether a recognised enterprise may submit an update on `day`.
    public func isOpen(on day: LocalDate) -> Bool { period(in: day.year).contains(day) }

    /// The sentence the basic-info page shows, e.g. "已认定企业每年1月1日至5月31日可提交信息更新".
    public func notice(in year: Int) -> String { "已认定企业\(period(in: year).label)可提交信息更新" }

    /// The basic-info policy of the day: the standard one with the recognised window this setting gives for the
    /// day's year (the window is checked against that same day, so the year's closing day is the one that counts).
    public func basicInfoPolicy(on day: LocalDate) -> FilingPolicy {
        var policy = FilingPolicy.standard(for: .basicInfo)
        policy.windows = policy.windows.filter { $0.audience != .recognised }
            + [FilingWindow(period: period(in: day.year), audience: .recognised)]
        return policy
    }

    /// The workflow of the day with this window for 信息更新.
    public func workflow(on day: LocalDate) throws(WorkflowError) -> ReviewWorkflow {
        try ReviewWorkflow(overriding: [basicInfoPolicy(on: day)])
    }

    /// Parses "MM-DD,MM-DD,MM-DD" (opens, closes, closes under the 2026 rules), the stored form of the setting.
    public init(setting text: String) throws(WorkflowError) {
        let parts = text.split(separator: ",").map { $0.split(separator: "-") }
        guard parts.count == 3, parts.allSatisfy({ $0.count == 2 }) else { throw .invalidDate(text) }
        var days: [MonthDay] = []
        for part in parts {
            guard let month = Int(part[0]), let day = Int(part[1]) else { throw .invalidDate(text) }
            days.append(try MonthDay(month: month, day: day))
        }
        guard days[0] <= days[1], days[0] <= days[2] else { throw .invalidDate(text) }
        self.init(opens: days[0], closes: days[1], closesUnder2026Rules: days[2])
    }

    /// The stored form, "MM-DD,MM-DD,MM-DD".
    public var setting: String {
        func text(_ day: MonthDay) -> String {
            (day.month < 10 ? "0" : "") + String(day.month) + "-" + (day.day < 10 ? "0" : "") + String(day.day)
        }
        return [opens, closes, closesUnder2026Rules].map(text).joined(separator: ",")
    }
}
