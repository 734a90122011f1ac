import SeedbedDomain
import Testing

/// 审核时限: working days run Monday to Friday; a filing is overdue once the working days after its arrival day
/// are used up, and the setting refuses what the page would refuse.
@Suite("审核时限：工作日、到期日与设置")
struct ReviewPeriodsTests {
    private func day(_ text: String) throws -> LocalDate { try LocalDate(iso: text) }

    @Test("周一至周五为工作日")
    func workingDays() throws {
        // 2026-12-07 is a Monday.
        #expect(try day("2026-12-07").weekdayIndex == 0)
        #expect(try day("2026-12-11").isWorkingDay)
        #expect(try !day("2026-12-12").isWorkingDay && !day("2026-12-13").isWorkingDay)
        #expect(try day("1969-12-31").weekdayIndex == 2)
    }

    @Test("到期日跳过周末；到达当天之前到达的都已超期")
    func dueDates() throws {
        // Arrived Thursday with 2 working days: due Monday. Arrived Friday: due Tuesday.
        #expect(ReviewPeriods.dueDate(arrival: try day("2026-12-10"), workingDays: 2) == (try day("2026-12-14")))
        #expect(ReviewPeriods.dueDate(arrival: try day("2026-12-11"), workingDays: 2) == (try day("2026-12-15")))
        // Arrived on Saturday: the next two working days.
        #expect(ReviewPeriods.dueDate(arrival: try day("2026-12-12"), workingDays: 2) == (try day("2026-12-15")))
        // On Monday 14th, with 2 days, whatever arrived on Thursday 10th or later is in time; Wednesday 9th is late.
        let first = ReviewPeriods.earliestInTime(today: try day("2026-12-14"), workingDays: 2)
        #expect(first == (try day("2026-12-10")))
        #expect(ReviewPeriods.dueDate(arrival: LocalDate(daysSince1970: first.daysSince1970 - 1), workingDays: 2)
            < (try day("2026-12-14")))
        // On a Sunday with 1 day: Friday's filings (due Monday) are in time, Thursday's (due Friday) are late.
        #expect(ReviewPeriods.earliestInTime(today: try day("2026-12-13"), workingDays: 1) == (try day("2026-12-11")))
    }

    @Test("设置的读写：缺省沿用标准值，越界、重复或未知类型整体拒绝")
    func setting() throws {
        #expect(ReviewPeriods.standard.workingDays(for: .basicInfo) == 2)
        let changed = try ReviewPeriods.standard.setting(.annualReport, to: 7)
        #expect(try ReviewPeriods(setting: changed.setting) == changed)
        #expect(try ReviewPeriods(setting: "basic_info=3").workingDays(for: .basicInfo) == 3)
        #expect(try ReviewPeriods(setting: "basic_info=3").workingDays(for: .renewal) == 10)
        #expect(throws: ReviewPeriodError.outOfRange(.basicInfo, 0)) { try ReviewPeriods(setting: "basic_info=0") }
        #expect(throws: ReviewPeriodError.outOfRange(.basicInfo, 61)) { try ReviewPeriods(setting: "basic_info=61") }
        #expect(throws: ReviewPeriodError.repeated(.basicInfo)) { try ReviewPeriods(setting: "basic_info=1,basic_info=2") }
        #expect(throws: ReviewPeriodError.unknownKind("nope")) { try ReviewPeriods(setting: "nope=2") }
        #expect(throws: ReviewPeriodError.malformed("basic_info")) { try ReviewPeriods(setting: "basic_info") }
        #expect(throws: ReviewPeriodError.malformed("basic_info=x")) { try ReviewPeriods(setting: "basic_info=x") }
    }
}
