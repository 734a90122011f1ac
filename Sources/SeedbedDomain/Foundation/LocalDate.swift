import Foundation
import TextFormatting

/// A day on the calendar, as people in China read it: filing windows, rule effective dates, registration dates.
///
/// Held as the day number since 1970-01-01 — the number `EnterpriseProfileColumns` stores for registration dates,
/// so ages are integer arithmetic over columns — and read as year, month and day of the proleptic Gregorian
/// calendar, years 1–9999. Days people read on a calendar in Beijing are not instants: comparing days avoids the
/// midnight and time-zone mistakes that `Date` arithmetic invites. China has kept UTC+8 without daylight saving
/// since 1991, so converting an instant needs no time-zone database.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let daysSince1970: Int

    /// 0001-01-01 and 9999-12-31 as day numbers.
    static let firstDay = -719_162
    static let lastDay = 2_932_896
    /// China's offset from UTC, in seconds.
    static let chinaOffset = 8 * 3600

    /// The day with this number; numbers outside years 1–9999 are clamped to them.
    public init(daysSince1970: Int) {
        self.daysSince1970 = min(max(daysSince1970, LocalDate.firstDay), LocalDate.lastDay)
    }

    /// A date that exists in the proleptic Gregorian calendar, years 1–9999.
    public init(year: Int, month: Int, day: Int) throws(WorkflowError) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDate.days(inMonth: month, year: year)).contains(day)
        else { throw .invalidDate("\(year)-\(month)-\(day)") }
        self.daysSince1970 = LocalDate.dayNumber(year: year, month: month, day: day)
    }

    /// Parses `yyyy-MM-dd` (as HTML date inputs send it).
    public init(iso text: String) throws(WorkflowError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { throw .invalidDate(text) }
        do {
            try self.init(year: year, month: month, day: day)
        } catch {
            throw .invalidDate(text)
        }
    }

    /// The day it is in China at an instant.
    public init(chinaTimeOf instant: Date) {
        self = LocalDate.chinaTime(of: instant).day
    }

    /// The day and the wall-clock second of that day (0 ..< 86,400) in China at an instant, for showing times.
    public static func chinaTime(of instant: Date) -> (day: LocalDate, second: Int) {
        // Clamped to years 1–9999 so a wild clock cannot overflow the integer conversion.
        let seconds = instant.timeIntervalSince1970 + Double(LocalDate.chinaOffset)
        let bounded = seconds.isFinite ? min(max(seconds, -62_135_596_800), 253_402_300_799) : 0
        let day = (bounded / 86_400).rounded(.down)
        let second = Int((bounded - day * 86_400).rounded(.down))
        return (LocalDate(daysSince1970: Int(day)), min(max(second, 0), 86_399))
    }

    /// The instant the day begins in China (00:00 UTC+8).
    public var startInChina: Date {
        Date(timeIntervalSince1970: Double(daysSince1970) * 86_400 - Double(LocalDate.chinaOffset))
    }

    /// Year, month and day.
    public var components: (year: Int, month: Int, day: Int) { LocalDate.civil(daysSince1970) }
    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    /// The month and day, for yearly windows.
    public var monthDay: MonthDay {
        let (_, month, day) = components
        return MonthDay(unchecked: month, day)
    }

    /// The same month and day `years` later (or earlier); 29 February becomes 28 February in a common year.
    public func addingYears(_ years: Int) -> LocalDate {
        let (year, month, day) = components
        let target = min(max(year + years, 1), 9999)
        return LocalDate(daysSince1970: LocalDate.anniversary(target, month, day, plus: 0))
    }

    /// Chinese form, e.g. "2025年4月30日".
    public var label: String {
        let (year, month, day) = components
        return "\(year)年\(month)月\(day)日"
    }

    /// `yyyy-MM-dd`.
    public var description: String {
        let (year, month, day) = components
        return CivilCalendar.isoText(year: year, month: month, day: day)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.daysSince1970 < rhs.daysSince1970 }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(iso: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: Calendar arithmetic (`CivilCalendar`, shared with the spreadsheet's dates)

    /// Days in a month; February follows the Gregorian leap-year rule.
    public static func days(inMonth month: Int, year: Int) -> Int { CivilCalendar.days(inMonth: month, year: year) }

    /// The day number of a calendar date (not checked: callers pass a date that exists).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        CivilCalendar.dayNumber(year: year, month: month, day: day)
    }

    /// The calendar date of a day number.
    @inline(__always)
    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) { CivilCalendar.date(days) }

    /// Age in years from `start` to `end` (day numbers): the whole years completed plus the fraction of the year
    /// under way, so the value reaches N exactly on the N-th anniversary (29 February anniversaries fall on
    /// 28 February in common years). Negative when `end` is before `start`.
    static func yearsBetween(_ start: Int, _ end: Int) -> Double {
        if end < start { return -yearsBetween(end, start) }
        let (sy, sm, sd) = civil(start)
        let (ey, em, ed) = civil(end)
        var whole = ey - sy
        if (em, ed) < (sm, min(sd, days(inMonth: sm, year: ey))) { whole -= 1 }
        let last = anniversary(sy, sm, sd, plus: whole)
        let next = anniversary(sy, sm, sd, plus: whole + 1)
        let span = max(1, next - last)
        return Double(whole) + Double(end - last) / Double(span)
    }

    /// The day number of the same month and day `years` later.
    private static func anniversary(_ year: Int, _ month: Int, _ day: Int, plus years: Int) -> Int {
        let target = year + years
        return dayNumber(year: target, month: month, day: min(day, days(inMonth: month, year: target)))
    }
}
