/// Days of the proleptic Gregorian calendar as numbers counted from 1970-01-01, and back, by integer arithmetic
/// (Howard Hinnant's `days_from_civil` and `civil_from_days`): no `Calendar`, no time zone, the same answer on
/// every platform. The domain's `LocalDate` and the spreadsheet's `ExcelDate` both count days with it.
public enum CivilCalendar {
    /// The day number of a calendar date (negative before 1970). Not checked: pass a date that exists.
    @inline(__always)
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date of a day number.
    @inline(__always)
    public static func date(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The day a whole serial number of Excel's 1900 date system denotes. Excel counts the 29 February 1900 that
    /// never was (Lotus 1-2-3 did): serial 1 is 1900-01-01, serial 60 — that day — reads as 1900-02-28 (as openpyxl
    /// does), serial 61 is 1900-03-01.
    public static func dayNumber(excel1900Serial whole: Int) -> Int {
        excel1900Epoch + whole + ((1..<60).contains(whole) ? 1 : 0)
    }

    /// 1899-12-30, day zero of Excel's 1900 date system once the fictional leap day is behind.
    public static let excel1900Epoch = -25_569

    /// Days in a month (0 for a month that is not 1–12); February follows the Gregorian leap-year rule.
    public static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: 31
        case 4, 6, 9, 11: 30
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        default: 0
        }
    }

    /// `yyyy-MM-dd`, the year padded to four digits.
    public static func isoText(year: Int, month: Int, day: Int) -> String {
        padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    /// A non-negative number with leading zeros to `width` digits.
    public static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
