import Foundation

/// A calendar date and wall-clock time as a spreadsheet holds it: no time zone, whole seconds.
///
/// Excel stores dates as serial day numbers counted from 1900 (or from 1904 in old Mac workbooks), with the
/// fictional 29 February 1900 that Lotus 1-2-3 had: serial 60. This type converts both ways and keeps the
/// calendar reading the user typed, so an import never shifts a date by a time-zone offset. Use
/// `date(in:)` and `init(_:in:)` to meet `Foundation.Date` at the edge, in the zone the data means.
public struct ExcelDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 in the proleptic Gregorian calendar.
    let days: Int
    /// Seconds since midnight, 0 ..< 86,400.
    let secondsOfDay: Int

    /// A valid date and time, or nil for a day that does not exist (2023-02-29) or a field out of range.
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= Self.daysInMonth(year: year, month: month),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.days = Self.daysFromCivil(year: year, month: month, day: day)
        self.secondsOfDay = hour * 3600 + minute * 60 + second
    }

    /// The wall-clock reading of `date` in `timeZone`, to the nearest second.
    public init(_ date: Date, in timeZone: TimeZone) {
        let local = (date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))).rounded()
        let clamped = Swift.min(Swift.max(local, -1e15), 1e15)
        let seconds = Int(clamped)
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            days -= 1
            rest += 86_400
        }
        self.days = days
        self.secondsOfDay = rest
    }

    init(days: Int, secondsOfDay: Int) {
        self.days = days
        self.secondsOfDay = secondsOfDay
    }

    public var year: Int { Self.civilFromDays(days).year }
    public var month: Int { Self.civilFromDays(days).month }
    public var day: Int { Self.civilFromDays(days).day }
    public var hour: Int { secondsOfDay / 3600 }
    public var minute: Int { secondsOfDay / 60 % 60 }
    public var second: Int { secondsOfDay % 60 }

    /// False when the time is midnight: the value is then written and shown as a plain date.
    public var hasTime: Bool { secondsOfDay != 0 }

    /// The instant this wall-clock reading denotes in `timeZone`.
    public func date(in timeZone: TimeZone) -> Date {
        let local = Double(days * 86_400 + secondsOfDay)
        let firstGuess = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local))
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local - Double(firstGuess)))
        return Date(timeIntervalSince1970: local - Double(offset))
    }

    /// `2024-03-05`, or `2024-03-05 14:30:00` when there is a time of day.
    public var description: String {
        let (year, month, day) = Self.civilFromDays(days)
        var text = Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
        if hasTime {
            text += " " + Self.pad(hour, 2) + ":" + Self.pad(minute, 2) + ":" + Self.pad(second, 2)
        }
        return text
    }

    public static func < (lhs: ExcelDate, rhs: ExcelDate) -> Bool {
        (lhs.days, lhs.secondsOfDay) < (rhs.days, rhs.secondsOfDay)
    }

    // MARK: Serial numbers

    /// 1899-12-30, day zero of Excel's 1900 date system once the fictional leap day is behind.
    private static let epoch1900 = daysFromCivil(year: 1899, month: 12, day: 30)
    /// 1904-01-01, day zero of the 1904 date system.
    private static let epoch1904 = daysFromCivil(year: 1904, month: 1, day: 1)
    /// The serial of 10000-01-01: Excel has no later dates.
    private static let serialLimit = 2_958_466.0

    /// The date a serial number denotes, or nil for a negative or out-of-range serial.
    ///
    /// In the 1900 system serials below 60 are one day later than plain counting from 1899-12-30 gives, because
    /// Excel counts 1900-02-29; serial 60 itself, that non-existent day, reads as 1900-02-28 (as openpyxl does).
    /// A serial below 1 is a bare time of day, placed on 1899-12-30.
    init?(serial: Double, date1904: Bool) {
        guard serial.isFinite, serial >= 0, serial < Self.serialLimit else { return nil }
        var whole = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(whole)) * 86_400).rounded())
        if seconds >= 86_400 {
            whole += 1
            seconds -= 86_400
        }
        if date1904 {
            self.init(days: Self.epoch1904 + whole, secondsOfDay: seconds)
        } else {
            let leapFix = (1..<60).contains(whole) ? 1 : 0
            self.init(days: Self.epoch1900 + whole + leapFix, secondsOfDay: seconds)
        }
    }

    /// The 1900-system serial number, or nil before 1900-01-01 or after 9999-12-31, which Excel cannot show.
    var serial1900: Double? {
        var whole = days - Self.epoch1900
        guard whole >= 2 else { return nil }
        if whole < 61 { whole -= 1 }
        let value = Double(whole) + Double(secondsOfDay) / 86_400
        return value < Self.serialLimit ? value : nil
    }

    /// Parses the ISO 8601 text of a `t="d"` cell: `2024-03-05`, `2024-03-05T14:30:00`, with optional
    /// fractional seconds and zone suffix (ignored: such cells hold wall-clock time), or a bare `14:30:00`.
    init?(iso bytes: ArraySlice<UInt8>) {
        var reader = DigitReader(bytes: bytes)
        var year = 1899, month = 12, day = 30
        var hour = 0, minute = 0, second = 0
        let hasDate = bytes.count >= 10 && bytes.dropFirst(4).first == UInt8(ascii: "-")
        if hasDate {
            guard let y = reader.number(4), reader.skip("-"), let m = reader.number(2), reader.skip("-"),
                  let d = reader.number(2) else { return nil }
            (year, month, day) = (y, m, d)
            guard reader.atEnd || reader.skip("T") || reader.skip(" ") else { return nil }
        }
        if !reader.atEnd {
            guard let h = reader.number(2), reader.skip(":"), let mi = reader.number(2) else { return nil }
            (hour, minute) = (h, mi)
            if reader.skip(":") {
                guard let s = reader.number(2) else { return nil }
                second = s
                if reader.skip(".") { reader.skipDigits() }
            }
            guard reader.atEnd || reader.skip("Z") || reader.skip("+") || reader.skip("-") else { return nil }
        }
        guard let value = ExcelDate(year: year, month: month, day: day, hour: hour, minute: minute,
                                    second: second) else { return nil }
        self = value
    }

    // MARK: Calendar arithmetic

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysFromCivil`.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
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

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// Reads fixed-width decimal fields out of ASCII bytes, for ISO 8601 parsing.
private struct DigitReader {
    let bytes: ArraySlice<UInt8>
    var index: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    var atEnd: Bool { index >= bytes.endIndex }

    mutating func number(_ width: Int) -> Int? {
        guard bytes.endIndex - index >= width else { return nil }
        var value = 0
        for offset in 0..<width {
            let byte = bytes[index + offset]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        index += width
        return value
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.endIndex, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func skipDigits() {
        while index < bytes.endIndex, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
    }
}
