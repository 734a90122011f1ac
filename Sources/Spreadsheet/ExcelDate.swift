import Foundation
import TextFormatting

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
              day <= CivilCalendar.days(inMonth: month, year: year),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.days = CivilCalendar.dayNumber(year: year, month: month, day: day)
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

    public var year: Int { CivilCalendar.date(days).year }
    public var month: Int { CivilCalendar.date(days).month }
    public var day: Int { CivilCalendar.date(days).day }
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
        let (year, month, day) = CivilCalendar.date(days)
        var text = CivilCalendar.isoText(year: year, month: month, day: day)
        if hasTime {
            let pad = CivilCalendar.padded
            text += " " + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        }
        return text
    }

    public static func < (lhs: ExcelDate, rhs: ExcelDate) -> Bool {
        (lhs.days, lhs.secondsOfDay) < (rhs.days, rhs.secondsOfDay)
    }

    // MARK: Serial numbers

    private static let epoch1900 = CivilCalendar.excel1900Epoch
    /// 1904-01-01, day zero of the 1904 date system.
    private static let epoch1904 = CivilCalendar.dayNumber(year: 1904, month: 1, day: 1)
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
            self.init(days: CivilCalendar.dayNumber(excel1900Serial: whole), secondsOfDay: seconds)
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
