import Testing
import TextFormatting

@Suite("公历日序号")
struct CivilCalendarTests {
    @Test("日期与 1970-01-01 起的日序号互为逆运算", arguments: [
        (1, 1, 1, -719_162), (1899, 12, 30, -25_569), (1900, 3, 1, -25_508), (1969, 12, 31, -1), (1970, 1, 1, 0),
        (2000, 2, 29, 11_016), (2024, 12, 31, 20_088), (9999, 12, 31, 2_932_896),
    ])
    func roundTrip(year: Int, month: Int, day: Int, number: Int) {
        #expect(CivilCalendar.dayNumber(year: year, month: month, day: day) == number)
        #expect(CivilCalendar.date(number) == (year, month, day))
        #expect(CivilCalendar.date(number + 1) != (year, month, day))
    }

    @Test("Excel 1900 日期系统：1 为 1900-01-01，虚构的 2 月 29 日（60）读作 2 月 28 日，61 为 3 月 1 日",
          arguments: [(1, "1900-01-01"), (59, "1900-02-28"), (60, "1900-02-28"), (61, "1900-03-01"), (45_658, "2025-01-01")])
    func excelSerials(serial: Int, text: String) {
        let (year, month, day) = CivilCalendar.date(CivilCalendar.dayNumber(excel1900Serial: serial))
        #expect(CivilCalendar.isoText(year: year, month: month, day: day) == text)
    }

    @Test("yyyy-MM-dd 补零")
    func isoText() {
        #expect(CivilCalendar.isoText(year: 987, month: 1, day: 2) == "0987-01-02")
        #expect(CivilCalendar.isoText(year: 2025, month: 12, day: 31) == "2025-12-31")
    }
}
