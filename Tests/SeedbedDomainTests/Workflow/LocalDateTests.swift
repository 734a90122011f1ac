import Foundation
@testable import SeedbedDomain
import Testing

@Suite("日期（中国时间）")
struct LocalDateTests {
    @Test("存在的日期可以构造", arguments: [
        (2025, 1, 1), (2025, 4, 30), (2024, 2, 29), (2000, 2, 29), (2025, 12, 31), (1, 1, 1), (9999, 12, 31),
    ])
    func validDates(year: Int, month: Int, day: Int) throws {
        let date = try LocalDate(year: year, month: month, day: day)
        #expect((date.year, date.month, date.day) == (year, month, day))
        #expect(try LocalDate(iso: date.description) == date)
    }

    @Test("不存在的日期被拒绝", arguments: [
        (2025, 2, 29), (1900, 2, 29), (2025, 4, 31), (2025, 13, 1), (2025, 0, 10), (2025, 1, 0), (0, 1, 1),
        (10000, 1, 1), (2025, 6, 31),
    ])
    func invalidDates(year: Int, month: Int, day: Int) {
        let error = #expect(throws: WorkflowError.self) { try LocalDate(year: year, month: month, day: day) }
        #expect(error?.code == "workflow.invalid_date")
    }

    @Test("解析 yyyy-MM-dd，拒绝其他写法", arguments: [
        ("2025-04-30", true), ("2024-02-29", true), ("2025-02-29", false), ("2025-4-30", false),
        ("2025/04/30", false), ("20250430", false), ("", false), ("2025-04-30T00:00", false), ("２０２５-04-30", false),
        ("-025-04-30", false), ("2025-+4-30", false),
    ])
    func parsing(text: String, valid: Bool) {
        #expect(((try? LocalDate(iso: text)) != nil) == valid)
    }

    @Test("中文写法与 ISO 写法")
    func labels() throws {
        let date = try LocalDate(year: 2025, month: 4, day: 3)
        #expect(date.label == "2025年4月3日")
        #expect(date.description == "2025-04-03")
        #expect(try LocalDate(year: 987, month: 1, day: 2).description == "0987-01-02")
        #expect(date.monthDay.label == "4月3日")
    }

    @Test("按中国时间（UTC+8）取日期", arguments: [
        (0.0, "1970-01-01"),
        (1_735_660_799, "2024-12-31"),  // 2024-12-31 15:59:59 UTC = 23:59:59 北京时间
        (1_735_660_800, "2025-01-01"),  // 2024-12-31 16:00:00 UTC = 次日 00:00 北京时间
        (1_746_028_799, "2025-04-30"),  // 2025-04-30 23:59:59 北京时间
        (1_746_028_800, "2025-05-01"),
        (1_709_136_000, "2024-02-29"),
        (-28_801, "1969-12-31"),
        (-28_800, "1970-01-01"),
    ])
    func chinaTime(seconds: Double, expected: String) {
        #expect(LocalDate(chinaTimeOf: Date(timeIntervalSince1970: seconds)).description == expected)
    }

    @Test("与 Foundation 日历（东八区）逐日一致")
    func agreesWithCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(secondsFromGMT: 8 * 3600))
        // Every 7 hours 13 minutes over 1992–2100 lands on every hour of the day many times.
        var seconds = 694_224_000.0
        while seconds < 4_102_444_800 {
            let instant = Date(timeIntervalSince1970: seconds)
            let parts = calendar.dateComponents([.year, .month, .day], from: instant)
            let date = LocalDate(chinaTimeOf: instant)
            #expect((date.year, date.month, date.day) == (parts.year, parts.month, parts.day))
            if (date.year, date.month, date.day) != (parts.year, parts.month, parts.day) { break }
            seconds += 25_980
        }
    }

    @Test("极端时刻不会崩溃")
    func extremeInstants() {
        #expect(LocalDate(chinaTimeOf: .distantFuture).year >= 4000)
        #expect(LocalDate(chinaTimeOf: .distantPast).year >= 1)
        #expect(LocalDate(chinaTimeOf: Date(timeIntervalSince1970: .infinity)).year >= 1)
        #expect(LocalDate(chinaTimeOf: Date(timeIntervalSince1970: -.infinity)).year >= 1)
        #expect(LocalDate(chinaTimeOf: Date(timeIntervalSince1970: .nan)).year >= 1)
        #expect(LocalDate(chinaTimeOf: Date(timeIntervalSince1970: 1e300)).description == "9999-12-31")
        #expect(LocalDate(chinaTimeOf: Date(timeIntervalSince1970: -1e300)).description == "0001-01-01")
    }

    @Test("日期按先后排序")
    func ordering() throws {
        let dates = try ["2025-05-01", "2024-12-31", "2025-04-30", "2025-01-01"].map { try LocalDate(iso: $0) }
        #expect(dates.sorted().map(\.description) == ["2024-12-31", "2025-01-01", "2025-04-30", "2025-05-01"])
    }

    @Test("JSON 中以 yyyy-MM-dd 字符串存放，非法日期被拒绝")
    func codable() throws {
        let date = try LocalDate(iso: "2025-04-30")
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2025-04-30\"]")
        #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [date])
        #expect(throws: (any Error).self) { try JSONDecoder().decode([LocalDate].self, from: Data("[\"2025-02-30\"]".utf8)) }
    }

    @Test("日期与 1970-01-01 起的日序号互相换算", arguments: ["1970-01-01", "2000-02-29", "2026-04-01", "0001-01-01", "9999-12-31"])
    func dayNumbers(text: String) throws {
        let date = try LocalDate(iso: text)
        #expect(date.description == text)
        #expect(LocalDate(daysSince1970: date.daysSince1970) == date)
    }

    @Test("不存在的日期以中文说明拒绝", arguments: ["2025-02-29", "2025-13-01", "2025-1-1", "明天", ""])
    func invalidText(text: String) {
        #expect(throws: WorkflowError.invalidDate(text)) { try LocalDate(iso: text) }
        #expect(WorkflowError.invalidDate(text).errorDescription?.contains("日期") == true)
    }

    @Test("年龄在第 N 个周年日恰好为 N", arguments: [
        ("2022-06-30", "2025-06-30", 3.0), ("2022-07-01", "2025-06-30", 2.997), ("2024-02-29", "2025-02-28", 1.0),
        ("2025-06-30", "2025-06-30", 0.0),
    ])
    func anniversaries(start: String, end: String, expected: Double) throws {
        let years = LocalDate.yearsBetween(try LocalDate(iso: start).daysSince1970, try LocalDate(iso: end).daysSince1970)
        #expect(abs(years - expected) < 0.001)
        if expected == expected.rounded() { #expect(years == expected) }
    }

    @Test("加年保留月日，2月29日在平年变为2月28日")
    func addingYears() throws {
        #expect(try LocalDate(iso: "2024-02-29").addingYears(-1).description == "2023-02-28")
        #expect(try LocalDate(iso: "2025-06-30").addingYears(-2).description == "2023-06-30")
    }

    @Test("中国时间的时分秒", arguments: [
        (1_735_660_799.0, "2024-12-31", 86_399), (1_735_660_800, "2025-01-01", 0), (1_735_705_845.9, "2025-01-01", 45_045),
        (-28_801, "1969-12-31", 86_399),
    ])
    func chinaClock(seconds: Double, day: String, second: Int) {
        let time = LocalDate.chinaTime(of: Date(timeIntervalSince1970: seconds))
        #expect(time.day.description == day)
        #expect(time.second == second)
    }

    @Test("中国时间零点即 UTC 前一日 16 时")
    func startInChina() throws {
        #expect(try LocalDate(iso: "2025-01-01").startInChina == Date(timeIntervalSince1970: 1_735_660_800))
        #expect(LocalDate(chinaTimeOf: try LocalDate(iso: "2024-02-29").startInChina).description == "2024-02-29")
    }

    @Test("月日：2月29日合法，不存在的月日被拒绝", arguments: [
        (2, 29, true), (1, 1, true), (12, 31, true), (4, 30, true), (2, 30, false), (4, 31, false), (13, 1, false),
        (0, 1, false), (1, 0, false),
    ])
    func monthDays(month: Int, day: Int, valid: Bool) {
        #expect(((try? MonthDay(month: month, day: day)) != nil) == valid)
    }
}
