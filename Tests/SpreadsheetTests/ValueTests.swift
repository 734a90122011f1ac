import Foundation
import Testing
@testable import Spreadsheet

@Suite("Values: dates, numbers, addresses, formats")
struct ValueTests {
    @Test("Dates convert to Excel's 1900 serial numbers, counting the fictional 29 February 1900", arguments: [
        (1900, 1, 1, 1.0),
        (1900, 2, 28, 59.0),
        (1900, 3, 1, 61.0),
        (1970, 1, 1, 25_569.0),
        (2024, 3, 5, 45_356.0),
        (9999, 12, 31, 2_958_465.0),
    ])
    func serialOfDate(year: Int, month: Int, day: Int, serial: Double) throws {
        let date = try #require(ExcelDate(year: year, month: month, day: day))
        #expect(date.serial1900 == serial)
        #expect(ExcelDate(serial: serial, date1904: false) == date)
    }

    @Test("Serial 60, Excel's 29 February 1900, reads as 28 February as openpyxl reads it")
    func leapDayQuirk() {
        #expect(ExcelDate(serial: 60, date1904: false)?.description == "1900-02-28")
    }

    @Test("Times of day survive as fractions of a day, rounded to the second")
    func timeOfDay() throws {
        let date = try #require(ExcelDate(year: 2024, month: 3, day: 5, hour: 14, minute: 30, second: 15))
        let serial = try #require(date.serial1900)
        #expect(abs(serial - 45_356.604_340_277_78) < 1e-9)
        #expect(ExcelDate(serial: serial, date1904: false) == date)
        #expect(ExcelDate(serial: 45_356.999_999_9, date1904: false)?.description == "2024-03-06")
    }

    @Test("The 1904 date system counts from 1 January 1904 without the leap-day quirk")
    func date1904() {
        #expect(ExcelDate(serial: 0, date1904: true)?.description == "1904-01-01")
        #expect(ExcelDate(serial: 1, date1904: true)?.description == "1904-01-02")
        #expect(ExcelDate(serial: 35_064, date1904: true)?.description == "2000-01-01")
    }

    @Test("Dates Excel cannot show have no serial, and serials outside its range are not dates")
    func outOfRange() throws {
        #expect(try #require(ExcelDate(year: 1899, month: 12, day: 31)).serial1900 == nil)
        #expect(ExcelDate(serial: -1, date1904: false) == nil)
        #expect(ExcelDate(serial: 2_958_466, date1904: false) == nil)
        #expect(ExcelDate(serial: .nan, date1904: false) == nil)
    }

    @Test("Impossible calendar dates are refused", arguments: [(2023, 2, 29), (2024, 13, 1), (2024, 4, 31), (0, 1, 1)])
    func invalidDates(year: Int, month: Int, day: Int) {
        #expect(ExcelDate(year: year, month: month, day: day) == nil)
    }

    @Test("A date meets Foundation's Date in the time zone the data means")
    func foundationDate() throws {
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let date = try #require(ExcelDate(year: 2024, month: 3, day: 5, hour: 8))
        let instant = date.date(in: shanghai)
        #expect(instant == Date(timeIntervalSince1970: 1_709_596_800))
        #expect(ExcelDate(instant, in: shanghai) == date)
        #expect(ExcelDate(instant, in: try #require(TimeZone(identifier: "UTC"))).description == "2024-03-05")
    }

    @Test("ISO 8601 text of t=\"d\" cells is parsed, with or without time, fraction and zone", arguments: [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T14:30:00", "2024-03-05 14:30:00"),
        ("2024-03-05T14:30:00.123Z", "2024-03-05 14:30:00"),
        ("2024-03-05T14:30+08:00", "2024-03-05 14:30:00"),
    ])
    func isoDates(text: String, expected: String) {
        #expect(ExcelDate(iso: Array(text.utf8)[...])?.description == expected)
    }

    @Test("Malformed ISO dates are not dates", arguments: ["2024-02-30", "2024-3-5", "tomorrow", "2024-03-05X"])
    func badISODates(text: String) {
        #expect(ExcelDate(iso: Array(text.utf8)[...]) == nil)
    }

    @Test("Number text reads as an integer when whole and exact, otherwise as a decimal", arguments: [
        ("42", CellValue.integer(42)),
        ("-7", .integer(-7)),
        ("4.0", .integer(4)),
        ("1E+3", .integer(1000)),
        ("9007199254740992", .integer(9_007_199_254_740_992)),
        ("9007199254740993", .number(9_007_199_254_740_992)),
        ("1.5", .number(1.5)),
        ("0.1", .number(0.1)),
        ("-0.001", .number(-0.001)),
        ("3.14159265358979", .number(3.14159265358979)),
        ("1.2345678901234567E-300", .number(1.2345678901234567e-300)),
        ("12345678901234567890123", .number(1.2345678901234568e22)),
        (" 12 ", .integer(12)),
    ])
    func parseNumbers(text: String, expected: CellValue) {
        let parsed = Array(text.utf8).withUnsafeBufferPointer { NumberText.parse($0) }
        #expect(parsed == expected)
    }

    @Test("Text that is not a number is refused", arguments: ["", "abc", "1.2.3", "1e", "--1", "0x10", "1e999", "NaN"])
    func parseNonNumbers(text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { NumberText.parse($0) } == nil)
    }

    @Test("Column letters run A…Z, AA…, up to XFD", arguments: [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"),
                                                              (702, "AAA"), (16_383, "XFD")])
    func columnNames(index: Int, name: String) {
        #expect(CellReference.columnName(index) == name)
        let parsed = Array((name + "7").utf8).withUnsafeBufferPointer { CellReference.parse($0) }
        #expect(parsed?.column == index)
        #expect(parsed?.row == 7)
    }

    @Test("Addresses outside Excel's grid are refused", arguments: ["XFD1048577", "XFE1", "A0", "A", "1", "AAAA1",
                                                                  "A99999999", "A-1", ""])
    func invalidAddresses(text: String) {
        let parsed = Array(text.utf8).withUnsafeBufferPointer { CellReference.parse($0) }
        if text == "A" {
            #expect(parsed?.row == nil)
        } else {
            #expect(parsed == nil)
        }
    }

    @Test("Date formats are told apart from number formats", arguments: [
        ("yyyy-mm-dd", true), ("yyyy\"年\"m\"月\"d\"日\"", true), ("h:mm:ss AM/PM", true), ("[h]:mm", true),
        ("[$-804]yyyy/m/d", true), ("mmm-yy", true), ("General", false), ("0.00%", false), ("#,##0.00", false),
        ("0.00E+00", false), ("#,##0 \"天\"", false), ("[Red]0.00", false), ("@", false), ("0_);(0)", false),
    ])
    func dateFormats(code: String, isDate: Bool) {
        #expect(FormatCode.isDateFormat(code) == isDate)
    }

    @Test("Built-in date formats include the Chinese editions' 年月日 formats", arguments: [
        (14, true), (22, true), (31, true), (57, true), (45, true), (0, false), (4, false), (10, false), (49, false),
    ])
    func builtInFormats(id: Int, isDate: Bool) {
        #expect(FormatCode.isBuiltInDate(id) == isDate)
    }

    @Test("A value reads as text, number or integer as a typed column needs it")
    func accessors() throws {
        #expect(CellValue.integer(13_800_138_000).stringValue == "13800138000")
        #expect(CellValue.number(1.5).stringValue == "1.5")
        #expect(CellValue.number(3.0).intValue == 3)
        #expect(CellValue.number(3.5).intValue == nil)
        #expect(CellValue.text("12").doubleValue == nil)
        #expect(CellValue.bool(true).stringValue == "TRUE")
        let date = try #require(ExcelDate(year: 2024, month: 1, day: 2))
        #expect(CellValue.date(date).stringValue == "2024-01-02")
        #expect(CellValue.empty.stringValue == nil)
        #expect(SheetRow(number: 3, values: [.text("a")])[5] == .empty)
        #expect(SheetRow(number: 3, values: [.empty, .empty]).isBlank)
    }

    @Test("Error messages are in Chinese and name the limit", arguments: [
        (SpreadsheetError.notXLSX, "文件不是有效的 Excel（.xlsx）文件"),
        (.uncompressedTooLarge(limitBytes: 200 << 20), "表格过大：解压后超过 200 MB，请拆分后再上传"),
        (.sharedStringsTooLarge(limitBytes: 100 << 20), "表格过大：文字内容合计超过 100 MB，请拆分后再上传"),
        (.tooManyCells(limit: 10_000), "表格过大：有内容的单元格超过 10000 个，请拆分后再上传"),
        (.timeLimitExceeded(seconds: 60), "表格过大：读取超过 60 秒仍未完成，请拆分后再上传"),
        (.fileTooLarge(limitBytes: 3 << 19), "文件大小超过 1.5 MB 的上限"),
        (.tooManyRows(limit: 5000), "工作表超过 5000 行的上限"),
    ])
    func messages(error: SpreadsheetError, message: String) {
        #expect(error.errorDescription == message)
        #expect(error.code.hasPrefix("xlsx."))
    }
}
